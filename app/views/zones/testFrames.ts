import type { Frame, LbFrame, VmFrame } from '../../../src/protocol/messages'
import { computeTopologyLayout, type TopologyLayout } from './topologyLayout'

/** Test builder: an ALIVE, idle VM of zone 1. */
export function makeVm(overrides: Partial<VmFrame> = {}): VmFrame {
  return {
    id: 'VM_1',
    zone: 1,
    state: 'ALIVE',
    detail: 'idle',
    l2Status: 'ALIVE',
    pes: 2,
    mips: 10_000,
    ramMb: 4096,
    bwMbps: 1000,
    mipsUse: 0,
    ramUse: 0,
    bwUse: 0,
    tasks: [],
    sinceHeartbeatMs: 1000,
    bootProgress: -1,
    inPool: true,
    ...overrides,
  }
}

/** Test builder: an ACTIVE LB owning its home zone 1. */
export function makeLb(overrides: Partial<LbFrame> = {}): LbFrame {
  return {
    id: 'LB1',
    homeZone: 1,
    state: 'ACTIVE',
    detail: '',
    zones: [overrides.homeZone ?? 1],
    queued: [0, 0, 0],
    overflow: 0,
    sinceHeartbeatMs: 1000,
    restartProgress: -1,
    l1Status: 'ALIVE',
    ...overrides,
  }
}

/** Test builder: `zones` zones of `vmsPerZone` VMs (ids as the engine makes them), one LB each. */
export function makeFrame(zones = 2, vmsPerZone = 8, overrides: Partial<Frame> = {}): Frame {
  const vms: VmFrame[] = []
  const lbs: LbFrame[] = []
  for (let z = 1; z <= zones; z++) {
    lbs.push(makeLb({ id: `LB${z}`, homeZone: z, zones: [z] }))
    for (let i = 1; i <= vmsPerZone; i++)
      vms.push(makeVm({ id: `VM_${(z - 1) * 100 + i}`, zone: z }))
  }
  return {
    simTimeMs: 20_000,
    playing: false,
    speed: 1,
    complete: false,
    scenario: 'test',
    seed: 1,
    policy: 'sbdlb',
    vms,
    lbs,
    zoneOwners: lbs.map((lb) => ({ zone: lb.homeZone, owner: lb.id, epoch: 0 })),
    caches: [],
    tasks: [],
    traceLength: 0,
    newEvents: [],
    reset: false,
    summary: {
      scenario: 'test',
      seed: 1,
      policy: 'sbdlb',
      simTimeMs: 20_000,
      events: 0,
      traceEvents: 0,
      submitted: 0,
      finished: 0,
      quarantined: 0,
      rescued: 0,
      resubmitted: 0,
      stolen: 0,
      promoted: 0,
      unresolved: 0,
      duplicates: 0,
      complete: false,
      stranded: false,
      detectionMs: [],
      recoveryMs: [],
      takeovers: [],
      meanResponseMs: 0,
    },
    horizonMs: 20_000,
    baseIndex: 0,
    playheadSeq: 0,
    eventCount: 0,
    zoneCount: zones,
    timings: {
      vmHeartbeatMs: 5000,
      vmTimeoutMs: 10_000,
      vmRestartMs: 30_000,
      healthCheckMs: 3000,
      lbHeartbeatMs: 5000,
      lbTimeoutMs: 10_000,
      lbRestartMs: 5000,
    },
    faults: [],
    phase: '',
    cachesIncluded: true,
    ...overrides,
  }
}

/** `frame` after LB1 crashed and LB2 took zone 1 over. */
export function makeTakeover(frame: Frame): Frame {
  return {
    ...frame,
    lbs: frame.lbs.map((lb) =>
      lb.id === 'LB1'
        ? { ...lb, state: 'DEAD', zones: [], l1Status: 'DEAD' }
        : lb.id === 'LB2'
          ? { ...lb, zones: [1, 2], detail: 'managingExtraZones' }
          : lb,
    ),
    zoneOwners: frame.zoneOwners.map((o) => (o.zone === 1 ? { ...o, owner: 'LB2', epoch: 1 } : o)),
  }
}

/** `frame` with the VM `id` changed by `overrides`. */
export function withVm(frame: Frame, id: string, overrides: Partial<VmFrame>): Frame {
  return { ...frame, vms: frame.vms.map((vm) => (vm.id === id ? { ...vm, ...overrides } : vm)) }
}

/** `frame` laid out in `width` px aiming at `targetHeight`, zones and LBs in frame order. */
export function layOut(frame: Frame, width = 1200, targetHeight = 700): TopologyLayout {
  const zones = frame.lbs.map((lb) => ({
    zone: lb.homeZone,
    vmIds: frame.vms.filter((vm) => vm.zone === lb.homeZone).map((vm) => vm.id),
  }))
  const lbs = frame.lbs.map((lb) => ({ id: lb.id, homeZone: lb.homeZone }))
  return computeTopologyLayout({ zones, lbs }, width, targetHeight)
}
