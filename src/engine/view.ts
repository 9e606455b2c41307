// Projects a running simulation into the lab's `Frame`: plain, structured-clone-safe data for the
// views. Read-only: it never changes the world, the queue or the trace, and reads no clock.

import {
  type CacheStore,
  type CacheValue,
  dumpKeyspace,
  executeCommand,
  getValueType,
  isReadOnlyCommand,
  type KeyspaceDump,
  type KeyspaceEntry,
} from '../cache'
import { getLastLbHeartbeat } from '../components/health'
import { getLastVmHeartbeat } from '../components/vmAgent'
import type {
  CacheFrame,
  FaultFrame,
  Frame,
  LbFrame,
  TaskFrame,
  VmFrame,
} from '../protocol/messages'
import { getTraceEvent, sliceTrace, type TraceStore } from '../trace/store'
import { PHASES } from '../trace/types'
import type { Sim } from './context'
import { getSummary } from './report'
import { isRunComplete } from './sim'
import type { LbRecord, TaskFifo, TaskRecord, VmRecord } from './world'

/** What the host knows that the world does not: transport state and what the page already has. */
export interface FrameOptions {
  playing: boolean
  speed: number
  /** Scenario label for the frame; the config's name when absent. */
  scenario?: string
  /** First trace index to send as `newEvents` (what the page holds already). */
  sinceIndex: number
  /** The page must drop everything it holds (a new run). */
  reset: boolean
  /** Latest simulated time reached so far, ms. */
  horizonMs: number
  /** Trace events shown: the playhead's seq. Defaults to the whole trace. */
  playheadSeq?: number
  /** Caches to show instead of the world's (their state at the playhead). */
  caches?: readonly CacheStore[]
  /** Tasks kept, newest last (default 300). */
  maxTasks?: number
  /** Task ids included whatever their age (a selected task). */
  pinnedTasks?: readonly string[]
  /** Keys dumped per cache (default 400): the first-created ones, then the newest. */
  maxKeysPerCache?: number
  /** Faults injected by the user so far (the world's `injected` list when absent). */
  userFaults?: readonly { atMs: number; target: string; action: 'crash' | 'restart' }[]
}

const DEFAULT_MAX_TASKS = 300
const DEFAULT_MAX_KEYS = 400
// Setup keys (registry, owners, VM hashes) are created first; keep that many before the newest.
const OLDEST_KEYS_KEPT = 160
const PHASE_SCAN_LIMIT = 200_000

/** The frame of `sim` now, with the trace events from `opts.sinceIndex` on. */
export function getFrame(sim: Sim, opts: FrameOptions): Frame {
  const world = sim.world
  const now = world.now
  const length = sim.trace.length
  const playheadSeq = Math.min(opts.playheadSeq ?? length, length)
  const base = Math.min(Math.max(0, opts.reset ? 0 : opts.sinceIndex), length)
  const overrides = getStatesAfter(sim.trace, playheadSeq)
  const timings = sim.config.timings
  return {
    simTimeMs: now,
    playing: opts.playing,
    speed: opts.speed,
    complete: isRunComplete(sim),
    scenario: opts.scenario ?? sim.config.name,
    seed: sim.config.seed,
    policy: sim.config.policy,
    vms: world.vms.map((vm) => getVmFrame(sim, vm, overrides)),
    lbs: world.lbs.map((lb) => getLbFrame(sim, lb, overrides)),
    zoneOwners: world.zoneOwner.map((owner, i) => ({
      zone: i + 1,
      owner: world.lbs[owner].id,
      epoch: world.zoneEpoch[i],
    })),
    caches: (opts.caches ?? [world.l1, ...world.l2]).map((c) =>
      getCacheFrame(c, opts.maxKeysPerCache ?? DEFAULT_MAX_KEYS),
    ),
    tasks: getTaskFrames(
      sim,
      opts.maxTasks ?? DEFAULT_MAX_TASKS,
      opts.pinnedTasks ?? [],
      overrides,
    ),
    traceLength: length,
    newEvents: sliceTrace(sim.trace, base, length),
    reset: opts.reset,
    summary: getSummary(sim),
    horizonMs: Math.max(opts.horizonMs, now),
    baseIndex: base,
    playheadSeq,
    eventCount: world.counters.events,
    zoneCount: world.l2.length,
    timings: {
      vmHeartbeatMs: timings.vmHeartbeatMs,
      vmTimeoutMs: timings.vmTimeoutMs,
      vmRestartMs: timings.vmRestartMs,
      healthCheckMs: timings.healthCheckMs,
      lbHeartbeatMs: timings.lbHeartbeatMs,
      lbTimeoutMs: timings.lbTimeoutMs,
      lbRestartMs: timings.lbRestartMs,
    },
    faults: getFaultFrames(sim, opts.userFaults ?? world.injected),
    phase: getPhaseAt(sim.trace, playheadSeq),
  }
}

/**
 * States as of the playhead when it lies inside the trace: for every entity with a state event
 * after the playhead, the `from` of the first such event (what it was at the playhead).
 */
function getStatesAfter(trace: TraceStore, playheadSeq: number): Map<string, string> {
  const out = new Map<string, string>()
  for (let i = playheadSeq; i < trace.length; i++) {
    const e = getTraceEvent(trace, i)
    if (e.type === 'state' && !out.has(e.entity)) out.set(e.entity, e.from)
  }
  return out
}

function getMachineDetail(value: unknown): string {
  if (typeof value === 'string' || value === null || typeof value !== 'object') return ''
  const inner = Object.values(value as Record<string, unknown>)[0]
  return typeof inner === 'string' ? inner : ''
}

function getUse(avail: number, total: number): number {
  if (total <= 0) return 0
  return Math.min(1, Math.max(0, 1 - avail / total))
}

function getVmFrame(sim: Sim, vm: VmRecord, overrides: Map<string, string>): VmFrame {
  const now = sim.world.now
  const state = (overrides.get(vm.id) ?? vm.state) as VmFrame['state']
  const last = getLastVmHeartbeat(sim, vm, now)
  const restartMs = sim.config.timings.vmRestartMs
  let bootProgress = -1
  if (state === 'RESTARTING' && vm.restartIssuedAt >= 0) {
    bootProgress = restartMs > 0 ? clamp01((now - vm.restartIssuedAt) / restartMs) : 1
  } else if (state === 'BOOTING') {
    bootProgress = 0
  }
  return {
    id: vm.id,
    zone: vm.zone,
    state,
    detail: state === vm.state ? getMachineDetail(vm.machine.value) : '',
    l2Status: vm.l2Status,
    pes: vm.pes,
    mips: vm.mips,
    ramMb: vm.ramMb,
    bwMbps: vm.bwMbps,
    mipsUse: getUse(vm.availMips, vm.mips),
    ramUse: getUse(vm.availRamMb, vm.ramMb),
    bwUse: getUse(vm.availBwMbps, vm.bwMbps),
    tasks: vm.tasks.map((i) => sim.world.tasks[i].id),
    sinceHeartbeatMs: last === Number.NEGATIVE_INFINITY ? Number.POSITIVE_INFINITY : now - last,
    bootProgress,
    inPool: vm.inPool,
  }
}

function getFifoLength(f: TaskFifo): number {
  return f.items.length - f.head
}

function getLbFrame(sim: Sim, lb: LbRecord, overrides: Map<string, string>): LbFrame {
  const now = sim.world.now
  const state = (overrides.get(lb.id) ?? lb.state) as LbFrame['state']
  const restartMs = sim.config.timings.lbRestartMs
  const restartProgress =
    state === 'RESTARTING' && lb.crashedAt >= 0 && restartMs > 0
      ? clamp01((now - getRestartStart(sim, lb)) / restartMs)
      : -1
  return {
    id: lb.id,
    homeZone: lb.homeZone,
    state,
    detail: state === lb.state ? getMachineDetail(lb.machine.value) : '',
    zones: [...lb.zones],
    queued: [getFifoLength(lb.queues[0]), getFifoLength(lb.queues[1]), getFifoLength(lb.queues[2])],
    overflow: getFifoLength(lb.overflow),
    sinceHeartbeatMs: now - getLastLbHeartbeat(sim, lb, now),
    restartProgress,
    l1Status: lb.l1Status,
  }
}

// An LB restart starts at its latest restart fault (scenario or injected) not after now.
function getRestartStart(sim: Sim, lb: LbRecord): number {
  const now = sim.world.now
  let start = lb.crashedAt
  const all = [...sim.config.faults, ...sim.world.injected]
  for (const f of all) {
    if (f.target === lb.id && f.action === 'restart' && f.atMs <= now && f.atMs > start) {
      start = f.atMs
    }
  }
  return start
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x))
}

function getTaskFrame(sim: Sim, task: TaskRecord, overrides: Map<string, string>): TaskFrame {
  const world = sim.world
  const frame: TaskFrame = {
    id: task.id,
    type: task.type,
    lengthMi: task.lengthMi,
    state: (overrides.get(task.id) ?? task.state) as TaskFrame['state'],
    lb: task.lb >= 0 ? world.lbs[task.lb].id : null,
    vm: task.vm >= 0 ? world.vms[task.vm].id : null,
    attempts: task.attempts,
    arrivalMs: task.arrivalMs,
    finishMs: task.finishMs,
    reason: task.reason,
  }
  if (task.decision) frame.decision = task.decision.map((d) => ({ ...d }))
  return frame
}

function getTaskFrames(
  sim: Sim,
  maxTasks: number,
  pinned: readonly string[],
  overrides: Map<string, string>,
): TaskFrame[] {
  const tasks = sim.world.tasks
  const start = Math.max(0, tasks.length - maxTasks)
  const out: TaskFrame[] = []
  for (const id of pinned) {
    const task = tasks.find((t, i) => i < start && t.id === id)
    if (task) out.push(getTaskFrame(sim, task, overrides))
  }
  for (let i = start; i < tasks.length; i++) out.push(getTaskFrame(sim, tasks[i], overrides))
  return out
}

function getCacheFrame(store: CacheStore, maxKeys: number): CacheFrame {
  const totalKeys = store.keyspace.size
  if (totalKeys <= maxKeys) return { id: store.id, keyspace: dumpKeyspace(store), totalKeys }
  const keys = Array.from(store.keyspace.keys())
  const oldest = Math.min(OLDEST_KEYS_KEPT, maxKeys)
  const kept = [...keys.slice(0, oldest), ...keys.slice(keys.length - (maxKeys - oldest))]
  kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const keyspace: KeyspaceDump = {}
  for (const key of kept) {
    keyspace[key] = getEntry(store.keyspace.get(key) as CacheValue)
  }
  return { id: store.id, keyspace, totalKeys }
}

function getEntry(value: CacheValue): KeyspaceEntry {
  switch (getValueType(value)) {
    case 'set':
      return { type: 'set', value: Array.from(value as Set<string>).sort() }
    case 'list':
      return { type: 'list', value: [...(value as string[])] }
    default: {
      const hash = value as Record<string, string>
      const fields: Record<string, string> = {}
      for (const f of Object.keys(hash).sort()) fields[f] = hash[f]
      return { type: 'hash', value: fields }
    }
  }
}

function getFaultFrames(
  sim: Sim,
  userFaults: readonly { atMs: number; target: string; action: 'crash' | 'restart' }[],
): FaultFrame[] {
  const fromScenario: FaultFrame[] = sim.config.faults.map((f) => ({ ...f, source: 'scenario' }))
  const fromUser: FaultFrame[] = userFaults.map((f) => ({
    atMs: f.atMs,
    target: f.target,
    action: f.action,
    source: 'user',
  }))
  return [...fromScenario, ...fromUser].sort((a, b) => a.atMs - b.atMs)
}

const PHASE_SET: ReadonlySet<string> = new Set(PHASES)

/** Text of the latest phase note among the first `playheadSeq` trace events, or ''. */
export function getPhaseAt(trace: TraceStore, playheadSeq: number): string {
  const ids = new Set<number>()
  for (const text of PHASE_SET) {
    const id = trace.stringIds.get(text)
    if (id !== undefined) ids.add(id)
  }
  const stop = Math.max(0, playheadSeq - PHASE_SCAN_LIMIT)
  for (let i = Math.min(playheadSeq, trace.length) - 1; i >= stop; i--) {
    if (!ids.has(trace.c[i])) continue
    const e = getTraceEvent(trace, i)
    if (e.type === 'note') return e.text
  }
  return ''
}

/**
 * The caches as they were after the first `traceLength` trace events, given copies of them at
 * `fromLength` (a checkpoint's): replays the trace's write commands in between onto the copies.
 */
export function replayCaches(
  trace: TraceStore,
  caches: CacheStore[],
  fromLength: number,
  traceLength: number,
): CacheStore[] {
  const byId = new Map(caches.map((c) => [c.id, c]))
  for (let i = fromLength; i < Math.min(traceLength, trace.length); i++) {
    if (trace.cmdAt[i] < 0) continue
    const e = getTraceEvent(trace, i)
    if (e.type !== 'message' || !e.command || isReadOnlyCommand(e.command.name)) continue
    const store = byId.get(e.to)
    if (store) executeCommand(store, e.command.name, e.command.args)
  }
  return caches
}
