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
  EventBatch,
  FaultFrame,
  Frame,
  LbFrame,
  TaskFrame,
  VmFrame,
} from '../protocol/messages'
import { getNoteText, getTraceEvent, hasCommand, sliceTrace, type TraceStore } from '../trace/store'
import { PHASES, type TraceEvent } from '../trace/types'
import type { Sim } from './context'
import { findDecision } from './decisions'
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
  /**
   * Tasks whose SBDLB candidates are sent: the pinned ones plus the newest this many (all
   * when absent). Candidate lists are most of a frame's size.
   */
  recentDecisions?: number
  /** Leave the caches out (the page keeps the previous ones); default false. */
  omitCaches?: boolean
  /** Leave the tasks out when no task changed state in the new events; default false. */
  omitUnchangedTasks?: boolean
  /** Leave the tasks out whatever changed (the caller sends them less often); default false. */
  omitTasks?: boolean
  /** Send the new events as an `eventBatch` (columns) interned in this table, not as objects. */
  batch?: BatchStrings
  /** The phase text at the playhead when the caller tracks it (else found by a scan back). */
  phase?: string
  /** Keys dumped per cache (default 200): the first-created ones, then the newest. */
  maxKeysPerCache?: number
  /** Faults injected by the user so far (the world's `injected` list when absent). */
  userFaults?: readonly { atMs: number; target: string; action: 'crash' | 'restart' }[]
}

const DEFAULT_MAX_TASKS = 300
const DEFAULT_MAX_KEYS = 200
// Setup keys (registry, owners, VM hashes) are created first; keep that many before the newest.
const OLDEST_KEYS_KEPT = 100
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
  const events = sliceTrace(sim.trace, base, length)
  const batch = opts.batch ? encodeEventBatch(events, base, opts.batch) : null
  const omitTasks =
    !opts.reset &&
    (opts.omitTasks === true ||
      (opts.omitUnchangedTasks === true &&
        !events.some((e) => e.type === 'state' && e.entity.startsWith('Task_'))))
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
    caches: opts.omitCaches
      ? []
      : (opts.caches ?? [world.l1, ...world.l2]).map((c) =>
          getCacheFrame(c, opts.maxKeysPerCache ?? DEFAULT_MAX_KEYS),
        ),
    cachesIncluded: !opts.omitCaches,
    tasks: omitTasks ? [] : getTaskFrames(sim, opts, overrides),
    tasksIncluded: !omitTasks,
    traceLength: length,
    newEvents: batch ? [] : events,
    ...(batch ? { eventBatch: batch } : {}),
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
    phase: opts.phase ?? getPhaseAt(sim.trace, playheadSeq),
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
    hbPhaseMs: vm.hbPhase,
    hbStopMs: vm.hbStop,
    restartAtMs: vm.restartIssuedAt,
  }
}

/**
 * The time-dependent fields of a VM frame (`sinceHeartbeatMs`, `bootProgress`) at `nowMs`, from
 * its absolute times: how the page keeps VMs it was not sent up to date.
 */
export function getVmClockFields(
  vm: Pick<VmFrame, 'state' | 'hbPhaseMs' | 'hbStopMs' | 'restartAtMs'>,
  nowMs: number,
  timings: { vmHeartbeatMs: number; vmRestartMs: number },
): { sinceHeartbeatMs: number; bootProgress: number } {
  const phase = vm.hbPhaseMs ?? -1
  let sinceHeartbeatMs = Number.POSITIVE_INFINITY
  if (phase >= 0) {
    // Same series as getLastVmHeartbeat: phase + k × period, up to the stop (a crash).
    const stop = vm.hbStopMs ?? -1
    const end = stop >= 0 ? stop - 1 : nowMs
    const period = timings.vmHeartbeatMs
    const last = end < phase ? phase : phase + Math.floor((end - phase) / period) * period
    sinceHeartbeatMs = nowMs - last
  }
  let bootProgress = -1
  const restartAt = vm.restartAtMs ?? -1
  if (vm.state === 'RESTARTING' && restartAt >= 0) {
    bootProgress = timings.vmRestartMs > 0 ? clamp01((nowMs - restartAt) / timings.vmRestartMs) : 1
  } else if (vm.state === 'BOOTING') {
    bootProgress = 0
  }
  return { sinceHeartbeatMs, bootProgress }
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

function getTaskFrame(
  sim: Sim,
  task: TaskRecord,
  overrides: Map<string, string>,
  withDecision: boolean,
): TaskFrame {
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
  const log = sim.world.decisions
  const decision = withDecision && log ? findDecision(log, task.index, world.vms) : undefined
  if (decision) frame.decision = decision
  return frame
}

function getTaskFrames(sim: Sim, opts: FrameOptions, overrides: Map<string, string>): TaskFrame[] {
  const tasks = sim.world.tasks
  const pinned = opts.pinnedTasks ?? []
  const start = Math.max(0, tasks.length - (opts.maxTasks ?? DEFAULT_MAX_TASKS))
  const decideFrom = tasks.length - (opts.recentDecisions ?? tasks.length)
  const out: TaskFrame[] = []
  for (const id of pinned) {
    const task = tasks.find((t, i) => i < start && t.id === id)
    if (task) out.push(getTaskFrame(sim, task, overrides, true))
  }
  for (let i = start; i < tasks.length; i++) {
    const task = tasks[i]
    const withDecision = i >= decideFrom || pinned.includes(task.id)
    out.push(getTaskFrame(sim, task, overrides, withDecision))
  }
  return out
}

// An empty hash, set or list does not exist for Redis (dumpKeyspace skips it too).
function isEmptyValue(value: CacheValue): boolean {
  if (value instanceof Set) return value.size === 0
  if (Array.isArray(value)) return value.length === 0
  for (const _ in value) return false
  return true
}

function getCacheFrame(store: CacheStore, maxKeys: number): CacheFrame {
  const keys: string[] = []
  for (const [key, value] of store.keyspace) if (!isEmptyValue(value)) keys.push(key)
  const totalKeys = keys.length
  if (totalKeys <= maxKeys) return { id: store.id, keyspace: dumpKeyspace(store), totalKeys }
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

/** The sender's string table for event batches: ids in order of first use. */
export interface BatchStrings {
  ids: Map<string, number>
  list: string[]
  /** Entries the page already holds. */
  sent: number
}

export function createBatchStrings(): BatchStrings {
  return { ids: new Map(), list: [], sent: 0 }
}

function getStringId(table: BatchStrings, text: string): number {
  let id = table.ids.get(text)
  if (id === undefined) {
    id = table.list.length
    table.list.push(text)
    table.ids.set(text, id)
  }
  return id
}

const MESSAGE_KINDS = ['call', 'reply', 'self'] as const
const FAULT_ACTIONS = ['crash', 'restart'] as const
// Column `type` codes of a batch.
const BATCH_MESSAGE = 0
const BATCH_STATE = 1
const BATCH_NOTE = 2
const BATCH_FAULT = 3

/**
 * `events` (trace index `from` on) as columns with interned strings; the table's entries the
 * page does not hold yet travel with the batch, and are then counted as sent.
 */
export function encodeEventBatch(
  events: readonly TraceEvent[],
  from: number,
  table: BatchStrings,
): EventBatch {
  const n = events.length
  const b = {
    t: new Float64Array(n),
    type: new Uint8Array(n),
    kind: new Uint8Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    c: new Int32Array(n),
    d: new Int32Array(n),
    cmdAt: new Int32Array(n),
  }
  const cmd: number[] = []
  const id = (text: string) => getStringId(table, text)
  events.forEach((e, i) => {
    b.t[i] = e.t
    b.cmdAt[i] = -1
    b.d[i] = -1
    switch (e.type) {
      case 'message':
        b.type[i] = BATCH_MESSAGE
        b.kind[i] = MESSAGE_KINDS.indexOf(e.kind)
        b.a[i] = id(e.from)
        b.b[i] = id(e.to)
        b.c[i] = id(e.label)
        if (e.task !== undefined) b.d[i] = id(e.task)
        if (e.command) {
          b.cmdAt[i] = cmd.length
          cmd.push(id(e.command.name), e.command.args.length, ...e.command.args.map(id))
        }
        break
      case 'state':
        b.type[i] = BATCH_STATE
        b.a[i] = id(e.entity)
        b.b[i] = id(e.from)
        b.c[i] = id(e.to)
        if (e.detail !== undefined) b.d[i] = id(e.detail)
        break
      case 'note':
        b.type[i] = BATCH_NOTE
        b.a[i] = id(e.over.join('\u0000'))
        b.c[i] = id(e.text)
        break
      default:
        b.type[i] = BATCH_FAULT
        b.kind[i] = FAULT_ACTIONS.indexOf(e.action)
        b.a[i] = id(e.target)
    }
  })
  const stringBase = table.sent
  table.sent = table.list.length
  return {
    from,
    count: n,
    ...b,
    cmd: Int32Array.from(cmd),
    stringBase,
    strings: table.list.slice(stringBase),
  }
}

/**
 * The contract events of a batch; `strings` is the page's copy of the sender's string table,
 * which this extends with the batch's new entries.
 */
export function decodeEventBatch(batch: EventBatch, strings: string[]): TraceEvent[] {
  if (batch.stringBase !== strings.length) {
    throw new Error(
      `event batch starts at string [${batch.stringBase}] but the page holds [${strings.length}]`,
    )
  }
  for (const text of batch.strings) strings.push(text)
  const out: TraceEvent[] = new Array(batch.count)
  for (let i = 0; i < batch.count; i++) {
    const seq = batch.from + i + 1
    const t = batch.t[i]
    const a = strings[batch.a[i]]
    const d = batch.d[i]
    switch (batch.type[i]) {
      case BATCH_MESSAGE: {
        const e: TraceEvent = {
          seq,
          t,
          type: 'message',
          from: a,
          to: strings[batch.b[i]],
          label: strings[batch.c[i]],
          kind: MESSAGE_KINDS[batch.kind[i]],
        }
        if (d >= 0) e.task = strings[d]
        const at = batch.cmdAt[i]
        if (at >= 0) {
          const argc = batch.cmd[at + 1]
          const args: string[] = new Array(argc)
          for (let k = 0; k < argc; k++) args[k] = strings[batch.cmd[at + 2 + k]]
          e.command = { name: strings[batch.cmd[at]], args }
        }
        out[i] = e
        break
      }
      case BATCH_STATE: {
        const e: TraceEvent = {
          seq,
          t,
          type: 'state',
          entity: a,
          from: strings[batch.b[i]],
          to: strings[batch.c[i]],
        }
        if (d >= 0) e.detail = strings[d]
        out[i] = e
        break
      }
      case BATCH_NOTE:
        out[i] = { seq, t, type: 'note', over: a.split('\u0000'), text: strings[batch.c[i]] }
        break
      default:
        out[i] = { seq, t, type: 'fault', target: a, action: FAULT_ACTIONS[batch.kind[i]] }
    }
  }
  return out
}

const PHASE_SET: ReadonlySet<string> = new Set(PHASES)

/** Text of the latest phase note among the first `playheadSeq` trace events, or ''. */
export function getPhaseAt(trace: TraceStore, playheadSeq: number): string {
  const stop = Math.max(0, playheadSeq - PHASE_SCAN_LIMIT)
  for (let i = Math.min(playheadSeq, trace.length) - 1; i >= stop; i--) {
    const text = getNoteText(trace, i)
    if (text !== undefined && PHASE_SET.has(text)) return text
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
    if (!hasCommand(trace, i)) continue
    const e = getTraceEvent(trace, i)
    if (e.type !== 'message' || !e.command || isReadOnlyCommand(e.command.name)) continue
    const store = byId.get(e.to)
    if (store) executeCommand(store, e.command.name, e.command.args)
  }
  return caches
}
