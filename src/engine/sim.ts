// The simulation engine: builds the world from a SimConfig, pops events in (time, priority, seq)
// order and hands each to its component. Deterministic: no wall clock, timers or Math.random.

import { createCache } from '../cache'
import { onArrival, onDispatchTimeout, releaseHeld, startWorkload } from '../components/dispatcher'
import {
  crashLb,
  onHealthCheck,
  onLbHeartbeat,
  onPeerCheck,
  rejoinLb,
  scheduleHealthCheck,
  startChecks,
} from '../components/health'
import {
  applyPlan,
  getLbContext,
  getVmContext,
  sendLb,
  sendVm,
  takeDelayedEvent,
} from '../components/lifecycle'
import {
  onAging,
  onCompletionAtLb,
  onLbReceive,
  onStatsReply,
  tryStealing,
} from '../components/loadBalancer'
import {
  crashVm,
  onTaskAtVm,
  onVmCompletion,
  onVmHeartbeat,
  sendFirstHeartbeat,
} from '../components/vmAgent'
import { startMachine } from '../machines/driver'
import { lbMachine } from '../machines/lbMachine'
import { vmMachine } from '../machines/vmMachine'
import { getL2Id, getLbId, getVmId, getVmStride, type SimConfig } from '../model/config'
import { getPolicy } from '../policies'
import { createTraceStore, truncateTrace } from '../trace/store'
import { cmdHset, cmdSadd, EV, emitFault, note, PRIO, type Sim, schedule } from './context'
import {
  createEventQueue,
  type EventQueue,
  peekTime,
  popEvent,
  type QueuedEvent,
} from './eventQueue'
import { createFifo } from './fifo'
import { createStream } from './rng'
import type { LbRecord, VmRecord, World } from './world'

/** Creates a simulation at t = 0 with every VM booting, every LB active and the workload armed. */
export function createSimulation(config: SimConfig): Sim {
  const stride = getVmStride(config.zones)
  const listedTasks =
    config.workload.kind === 'list'
      ? config.workload.tasks
          .map((t, i) => ({ t, i }))
          .sort((a, b) => a.t.atMs - b.t.atMs || a.i - b.i)
          .map((x) => x.t)
      : []
  const sim: Sim = {
    config,
    policy: getPolicy(config.policy, config.sbdlb),
    world: createWorld(config, stride),
    queue: createEventQueue(),
    trace: createTraceStore(),
    traceMessages: config.traceDetail !== 'state',
    periodic: config.periodicEvents,
    explain: config.traceDetail !== 'state',
    stride,
    listedTasks,
    vmStrIds: new Int32Array(config.zones.reduce((n, z) => n + z.vms.length, 0)).fill(-1),
    taskStrIds: [],
  }
  initialise(sim)
  return sim
}

function createWorld(config: SimConfig, stride: number): World {
  const vms: VmRecord[] = []
  const zoneVmRange: [number, number][] = []
  config.zones.forEach((zone, zi) => {
    const start = vms.length
    zone.vms.forEach((spec, i) => {
      const id = getVmId(zi + 1, i + 1, stride)
      vms.push({
        id,
        num: zi * stride + i + 1,
        index: vms.length,
        zone: zi + 1,
        pes: spec.pes,
        mips: spec.pes * spec.mips,
        mipsPerPe: spec.mips,
        ramMb: spec.ramMb,
        bwMbps: spec.bwMbps,
        availMips: spec.pes * spec.mips,
        availRamMb: spec.ramMb,
        availBwMbps: spec.bwMbps,
        activeTasks: 0,
        state: 'BOOTING',
        machine: { value: 'booting' },
        l2Status: 'RESTARTING',
        tasks: [],
        lastAdvance: 0,
        completionGen: 0,
        epoch: 0,
        hbPhase: -1,
        hbStop: -1,
        crashedAt: -1,
        restartIssuedAt: 0,
        inPool: false,
        timers: {},
        busyMs: 0,
        busySince: 0,
      })
    })
    zoneVmRange.push([start, vms.length])
  })
  const lbs: LbRecord[] = config.zones.map((_, zi) => ({
    id: getLbId(zi + 1),
    num: zi + 1,
    index: zi,
    homeZone: zi + 1,
    state: 'ACTIVE',
    machine: { value: { active: 'managingHomeZone' } },
    zones: [zi + 1],
    pool: [],
    poolHasCrashed: false,
    queues: [createFifo(), createFifo(), createFifo()],
    overflow: createFifo(),
    roundTask: -1,
    roundFromOverflow: false,
    roundGen: 0,
    blocked: false,
    overflowBlocked: false,
    hbPhase: 0,
    hbStop: -1,
    crashedAt: -1,
    epoch: 0,
    checkPhase: 0,
    checkAt: Number.POSITIVE_INFINITY,
    checkGen: 0,
    lastCheckAt: -1,
    peerCheckAt: Number.POSITIVE_INFINITY,
    peerCheckGen: 0,
    lastPeerCheckAt: -1,
    agingAt: Number.POSITIVE_INFINITY,
    agingGen: 0,
    policyState: {},
    rng: createStream(config.seed, `policy:${getLbId(zi + 1)}`),
    timers: {},
    l1Status: 'ALIVE',
  }))
  return {
    now: 0,
    vms,
    lbs,
    tasks: [],
    l1: createCache('L1'),
    l2: config.zones.map((_, zi) => createCache(getL2Id(zi + 1))),
    zoneVmRange,
    zoneOwner: lbs.map((lb) => lb.index),
    zoneEpoch: lbs.map(() => 0),
    zoneWatchedSince: lbs.map(() => 0),
    dispatcher: { nextZone: 0, held: [] },
    arrivals: createStream(config.seed, 'arrivals'),
    lengths: createStream(config.seed, 'lengths'),
    workloadCursor: 0,
    nextPoissonMs: 0,
    workloadDone: false,
    faultCursor: 0,
    injected: [],
    tokens: 0,
    eventNames: [],
    counters: {
      submitted: 0,
      finished: 0,
      quarantined: 0,
      rescued: 0,
      resubmitted: 0,
      duplicates: 0,
      stolen: 0,
      promoted: 0,
      events: 0,
    },
    decisions: null,
    detections: [],
    takeovers: [],
  }
}

// Set-up writes are traced like any other command, so a Redis log replays to the same keyspace.
function initialise(sim: Sim): void {
  const world = sim.world
  const l1 = world.l1
  note(sim, ['Dispatcher', 'L1'], 'Normal Operation', true)
  for (const lb of world.lbs) {
    const z = lb.homeZone
    cmdHset(sim, lb.id, l1, `Register Zone ${z}`, 'System_Registry', [
      `Zone_${z}_Config`,
      `${lb.id} ${getL2Id(z)}`,
    ])
    cmdHset(sim, lb.id, l1, `Claim Zone ${z} (epoch 0)`, 'Zone_Owner', [`Zone_${z}`, `${lb.id}@0`])
    cmdHset(sim, lb.id, l1, 'Send Heartbeat (Status: ALIVE)', 'LB_Status', [
      `LB_${lb.num}_Heartbeat`,
      '0',
      `LB_${lb.num}_Status`,
      'ALIVE',
    ])
  }
  for (const vm of world.vms) {
    const l2 = world.l2[vm.zone - 1]
    const ip = `10.${vm.zone}.${Math.floor(vm.num / 250) % 250}.${(vm.num % 250) + 1}`
    cmdHset(sim, vm.id, l2, `Register ${vm.id}`, vm.id, ['IP_Address', ip])
    cmdSadd(sim, vm.id, l2, `Register ${vm.id}`, 'Zone_VMs', vm.id)
    const { plan } = startMachine(vmMachine, getVmContext(sim))
    applyPlan(sim, vm.timers, vm.index, plan)
  }
  for (const lb of world.lbs) {
    startMachine(lbMachine, getLbContext(sim))
    startChecks(sim, lb)
  }
  sim.config.faults.forEach((f, i) => {
    schedule(sim, f.atMs, PRIO.FAULT, EV.FAULT, i)
  })
  startWorkload(sim)
}

// ---- faults --------------------------------------------------------------------------------

function findVm(sim: Sim, id: string): VmRecord | undefined {
  const m = /^VM_(\d+)$/.exec(id)
  if (!m) return undefined
  const num = Number(m[1])
  const zone = Math.floor((num - 1) / sim.stride) + 1
  const range = sim.world.zoneVmRange[zone - 1]
  if (!range) return undefined
  const vm = sim.world.vms[range[0] + num - (zone - 1) * sim.stride - 1]
  return vm && vm.id === id ? vm : undefined
}

function findLb(sim: Sim, id: string): LbRecord | undefined {
  return sim.world.lbs.find((lb) => lb.id === id)
}

/** True when `target` names a VM or LB of this run. */
export function hasEntity(sim: Sim, target: string): boolean {
  return findVm(sim, target) !== undefined || findLb(sim, target) !== undefined
}

function applyFault(sim: Sim, target: string, action: 'crash' | 'restart'): void {
  const world = sim.world
  emitFault(sim, target, action)
  const vm = findVm(sim, target)
  if (vm) {
    if (action === 'restart' || !crashVm(sim, vm)) {
      note(sim, [vm.id], `${vm.id} is ${vm.state}: ${action} has no effect`, true)
      return
    }
    const owner = world.lbs[world.zoneOwner[vm.zone - 1]]
    scheduleHealthCheck(sim, owner)
    return
  }
  const lb = findLb(sim, target)
  if (!lb) return
  if (action === 'crash') {
    if (!crashLb(sim, lb)) note(sim, [lb.id], `${lb.id} is ${lb.state}: crash has no effect`, true)
  } else if (lb.state === 'CRASHED' || lb.state === 'DEAD') {
    sendLb(sim, lb, { type: 'RESTART' }, 'restart requested')
    note(
      sim,
      [lb.id],
      `⏳ ${lb.id} restarting (${sim.config.timings.lbRestartMs / 1000}s)...`,
      true,
    )
  } else {
    note(sim, [lb.id], `${lb.id} is ${lb.state}: restart has no effect`, true)
  }
}

/**
 * Schedules a user's fault. A fault asked for "now" runs 1 ms later, after everything already
 * processed at this millisecond, so replaying the trace's faults as a scenario gives the same run.
 */
export function injectFault(
  sim: Sim,
  target: string,
  action: 'crash' | 'restart',
  atMs?: number,
): void {
  const world = sim.world
  const at = atMs !== undefined && atMs > world.now ? Math.floor(atMs) : world.now + 1
  world.injected.push({ atMs: at, target, action })
  schedule(sim, at, PRIO.FAULT, EV.INJECTED_FAULT, world.injected.length - 1)
}

// ---- the event loop ------------------------------------------------------------------------

function handle(sim: Sim, e: QueuedEvent): void {
  const world = sim.world
  switch (e.kind) {
    case EV.ARRIVAL:
      onArrival(sim)
      break
    case EV.LB_RECEIVE:
      onLbReceive(sim, world.lbs[e.a], world.tasks[e.b])
      break
    case EV.DISPATCH_TIMEOUT:
      onDispatchTimeout(sim, world.tasks[e.a], e.b)
      break
    case EV.STATS_REPLY:
      onStatsReply(sim, world.lbs[e.a], e.b)
      break
    case EV.TASK_AT_VM:
      onTaskAtVm(sim, world.vms[e.a], world.tasks[e.b], e.c)
      break
    case EV.VM_COMPLETION:
      onVmCompletion(sim, world.vms[e.a], e.b)
      break
    case EV.COMPLETION_AT_LB:
      onCompletionAtLb(sim, world.lbs[e.a], e.b, e.c)
      break
    case EV.HEALTH_CHECK:
      onHealthCheck(sim, world.lbs[e.a], e.b)
      break
    case EV.PEER_CHECK:
      onPeerCheck(sim, world.lbs[e.a], e.b)
      break
    case EV.VM_HEARTBEAT:
      onVmHeartbeat(sim, world.vms[e.a], e.b)
      break
    case EV.LB_HEARTBEAT:
      onLbHeartbeat(sim, world.lbs[e.a], e.b)
      break
    case EV.MACHINE_DELAYED:
      onMachineDelayed(sim, e.a, e.b, e.c)
      break
    case EV.FAULT: {
      const f = sim.config.faults[e.a]
      world.faultCursor = e.a + 1
      applyFault(sim, f.target, f.action)
      break
    }
    case EV.INJECTED_FAULT: {
      const f = world.injected[e.a]
      applyFault(sim, f.target, f.action)
      break
    }
    case EV.AGING:
      onAging(sim, world.lbs[e.a], e.b)
      break
    case EV.STEAL_CHECK:
      tryStealing(sim, world.lbs[e.a])
      break
    default:
      throw new Error(
        `unknown event kind [${e.kind}] at simTime [${world.now}] seed [${sim.config.seed}]`,
      )
  }
}

function onMachineDelayed(sim: Sim, code: number, token: number, nameId: number): void {
  const world = sim.world
  if (code >= 0) {
    const vm = world.vms[code]
    const event = takeDelayedEvent(sim, vm.timers, token, nameId)
    if (!event) return
    const actions = sendVm(
      sim,
      vm,
      event,
      vm.epoch > 0 ? 'first heartbeat after restart' : 'first heartbeat',
    )
    if (actions.includes('sendFirstHeartbeat')) {
      sendFirstHeartbeat(sim, vm)
      scheduleHealthCheck(sim, world.lbs[world.zoneOwner[vm.zone - 1]])
    }
    return
  }
  const lb = world.lbs[-code - 1]
  const event = takeDelayedEvent(sim, lb.timers, token, nameId)
  if (!event) return
  const actions = sendLb(sim, lb, event, 'rejoined as a peer')
  if (actions.includes('rejoin')) {
    rejoinLb(sim, lb)
    releaseHeld(sim, lb)
  }
}

/** Why a run call returned. */
export type RunStop = 'limit' | 'complete' | 'idle' | 'until'

/** True when the run has nothing left to do (SPEC §8: workload over and every task resolved). */
export function isRunComplete(sim: Sim): boolean {
  const world = sim.world
  if (!world.workloadDone) return false
  const c = world.counters
  if (c.finished + c.quarantined >= c.submitted) return true
  return isStranded(sim)
}

/** No LB is active or coming back, so unresolved tasks can never be served. */
export function isStranded(sim: Sim): boolean {
  const world = sim.world
  if (world.lbs.some((lb) => lb.state === 'ACTIVE' || lb.state === 'RESTARTING')) return false
  const pending = (f: { atMs: number; target: string; action: string }) =>
    f.action === 'restart' && f.atMs >= world.now && f.target.startsWith('LB')
  return !sim.config.faults.slice(world.faultCursor).some(pending) && !world.injected.some(pending)
}

const scratch: QueuedEvent = { time: 0, kind: 0, a: 0, b: 0, c: 0 }

/**
 * Runs events up to and including time `limitMs`, at most `maxEvents` of them. Stops early at the
 * scenario's `untilMs`, or, with `stopWhenComplete`, once the run is complete.
 */
export function runUntil(
  sim: Sim,
  limitMs: number,
  opts: { maxEvents?: number; stopWhenComplete?: boolean } = {},
): RunStop {
  const q: EventQueue = sim.queue
  const until = sim.config.untilMs ?? Number.POSITIVE_INFINITY
  const maxEvents = opts.maxEvents ?? Number.POSITIVE_INFINITY
  // With `untilMs` the run goes on to that time whatever happens (SPEC §8).
  const stopWhenComplete = (opts.stopWhenComplete ?? true) && sim.config.untilMs === undefined
  let n = 0
  while (n < maxEvents) {
    if (stopWhenComplete && isRunComplete(sim)) return 'complete'
    const t = peekTime(q)
    if (t > until) {
      sim.world.now = Math.max(sim.world.now, Math.min(until, limitMs))
      return limitMs >= until ? 'until' : 'limit'
    }
    if (t > limitMs) {
      if (limitMs < Number.POSITIVE_INFINITY) sim.world.now = Math.max(sim.world.now, limitMs)
      return t === Number.POSITIVE_INFINITY && limitMs === Number.POSITIVE_INFINITY
        ? 'idle'
        : 'limit'
    }
    popEvent(q, scratch)
    sim.world.now = scratch.time
    sim.world.counters.events++
    handle(sim, scratch)
    n++
  }
  return 'limit'
}

/** Runs to the end: `untilMs`, completion, or an empty queue. */
export function runToEnd(sim: Sim): RunStop {
  return runUntil(sim, Number.POSITIVE_INFINITY)
}

// ---- checkpoints ---------------------------------------------------------------------------

/** A copy of everything needed to resume: world, queue, and how long the trace was. */
export interface Checkpoint {
  world: World
  queue: EventQueue
  traceLength: number
}

/** Copies the whole simulation state (structured-clone-safe data). */
export function checkpoint(sim: Sim): Checkpoint {
  return structuredClone({ world: sim.world, queue: sim.queue, traceLength: sim.trace.length })
}

/** Puts the simulation back to `cp`; the trace loses everything recorded after it. */
export function restore(sim: Sim, cp: Checkpoint): void {
  const copy = structuredClone(cp)
  sim.world = copy.world
  sim.queue = copy.queue
  truncateTrace(sim.trace, cp.traceLength)
}
