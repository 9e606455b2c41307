// The worker protocol: commands from the page to the simulation worker and replies back. The one
// file both sides import; plain structured-clone-safe shapes, discriminated on `type`.

import type { KeyspaceDump } from '../cache'
import type { RunSummary } from '../engine/report'
import type { ScenarioDocument } from '../model/scenario'
import type { PolicyName } from '../policies/types'
import type { LbState, TaskState, TraceDocument, TraceEvent, VmState } from '../trace/types'

/** What the page can ask of the worker. Every command carries `seq`; replies echo it. */
export type WorkerCommand =
  | { type: 'load'; seq: number; scenario: ScenarioDocument; seed?: number; policy?: PolicyName }
  | { type: 'play'; seq: number }
  | { type: 'pause'; seq: number }
  /** One event, or up to and including the next `message` event. */
  | { type: 'step'; seq: number; unit: 'event' | 'message' }
  /** Back to the previous event or message: restore a checkpoint, then replay to it. */
  | { type: 'back'; seq: number; unit: 'event' | 'message' }
  | { type: 'seek'; seq: number; timeMs: number }
  /** Simulated seconds per real second: 0.1 to 1000. */
  | { type: 'speed'; seq: number; factor: number }
  /** A user's fault, now (`atMs` absent) or scheduled. */
  | { type: 'fault'; seq: number; target: string; action: 'crash' | 'restart'; atMs?: number }
  | { type: 'getTrace'; seq: number }
  /** Trace events [from, to) for the timeline (it asks for what it shows). */
  | { type: 'getEvents'; seq: number; from: number; to: number }
  /** Move the playhead to trace event `traceSeq` (restore and replay when it lies behind). */
  | { type: 'seekSeq'; seq: number; traceSeq: number }
  /** Guided mode: while playing, pause at every new phase note. */
  | { type: 'guided'; seq: number; on: boolean }
  /** Tasks the page shows in detail: frames keep them and carry their SBDLB decisions. */
  | { type: 'watch'; seq: number; tasks: string[] }

export interface VmFrame {
  id: string
  zone: number
  state: VmState
  /** `idle` / `busy` while ALIVE. */
  detail: string
  l2Status: 'ALIVE' | 'DEAD' | 'RESTARTING'
  pes: number
  mips: number
  ramMb: number
  bwMbps: number
  /** Held demand over totals, 0–1. */
  mipsUse: number
  ramUse: number
  bwUse: number
  tasks: string[]
  /** ms since its last heartbeat (Infinity before the first one). */
  sinceHeartbeatMs: number
  /** 0–1 while RESTARTING/BOOTING, else −1. */
  bootProgress: number
  inPool: boolean
  /** Origin of its heartbeat series (−1 before the first), and when it stopped (−1 if not). */
  hbPhaseMs?: number
  hbStopMs?: number
  /** When its LB last triggered a restart (−1 if never). */
  restartAtMs?: number
}

export interface LbFrame {
  id: string
  homeZone: number
  state: LbState
  detail: string
  zones: number[]
  queued: [number, number, number]
  overflow: number
  sinceHeartbeatMs: number
  /** 0–1 while RESTARTING, else −1. */
  restartProgress: number
  /** Its status in L1 (`LB_Status`): ALIVE until a peer declares it DEAD. */
  l1Status: 'ALIVE' | 'DEAD'
}

export interface TaskFrame {
  id: string
  type: 'Text' | 'Image' | 'Reel'
  lengthMi: number
  state: TaskState | 'SUBMITTED'
  lb: string | null
  vm: string | null
  attempts: number
  arrivalMs: number
  finishMs: number
  reason: string
  /** SBDLB candidates of its last decision, for the newest and the watched tasks. */
  decision?: {
    vm: string
    availMips: number
    availRamMb: number
    availBwMbps: number
    score: number
  }[]
}

export interface CacheFrame {
  id: string
  keyspace: KeyspaceDump
  /** Keys in the cache; more than the dump holds when it was capped. */
  totalKeys: number
}

/** A fault of the run: from the scenario file or injected by the user. */
export interface FaultFrame {
  atMs: number
  target: string
  action: 'crash' | 'restart'
  source: 'scenario' | 'user'
}

/** The run's timings a view needs (heartbeat ring, boot bar), in ms. */
export interface TimingsFrame {
  vmHeartbeatMs: number
  vmTimeoutMs: number
  vmRestartMs: number
  healthCheckMs: number
  lbHeartbeatMs: number
  lbTimeoutMs: number
  lbRestartMs: number
}

/**
 * Trace events in the trace store's columnar form (transferable typed arrays), which the page
 * decodes about seven times faster than the same events as cloned objects.
 */
export interface EventBatch {
  /** Trace index of the first event (its seq is `from + 1`). */
  from: number
  count: number
  t: Float64Array
  type: Uint8Array
  kind: Uint8Array
  a: Int32Array
  b: Int32Array
  c: Int32Array
  d: Int32Array
  /** Start of each event's command in `cmd` (name id, argc, arg ids…), or −1. */
  cmdAt: Int32Array
  cmd: Int32Array
  /** String-table entries from id `stringBase` on that the page does not hold yet. */
  stringBase: number
  strings: string[]
}

/** Everything a view needs at one simulated instant. */
export interface Frame {
  simTimeMs: number
  playing: boolean
  speed: number
  complete: boolean
  scenario: string
  seed: number
  policy: PolicyName
  vms: VmFrame[]
  lbs: LbFrame[]
  zoneOwners: { zone: number; owner: string; epoch: number }[]
  caches: CacheFrame[]
  /** Tasks, newest last; capped at the most recent few hundred for large runs. */
  tasks: TaskFrame[]
  traceLength: number
  /** Trace events appended since the previous frame (all of them when `reset`). */
  newEvents: TraceEvent[]
  /** The same events in columnar form; when present, `newEvents` is empty. */
  eventBatch?: EventBatch
  /** The trace was truncated (back/seek/load): drop what you had and start from `newEvents`. */
  reset: boolean
  summary: RunSummary
  /** Latest simulated time reached (the scrubber's extent). */
  horizonMs: number
  /** Trace index of `newEvents[0]`: drop what you hold from there on, then append. */
  baseIndex: number
  /** Trace events the views show (seq of the last one); below `traceLength` mid-step. */
  playheadSeq: number
  /** Engine events processed so far. */
  eventCount: number
  zoneCount: number
  timings: TimingsFrame
  faults: FaultFrame[]
  /** Text of the latest phase note at the playhead, or '' before the first. */
  phase: string
  /** False when `caches` was left out to save time (keep the previous ones); absent = true. */
  cachesIncluded?: boolean
  /** False when `tasks` is unchanged and left out (keep the previous ones); absent = true. */
  tasksIncluded?: boolean
  /**
   * When present, `vms` holds only the VMs at these indexes (the others are unchanged apart from
   * `sinceHeartbeatMs` and `bootProgress`, which the page derives from the absolute times).
   */
  vmsChanged?: number[]
}

export type WorkerReply =
  | { type: 'frame'; seq: number; frame: Frame }
  | { type: 'trace'; seq: number; doc: TraceDocument }
  | { type: 'events'; seq: number; from: number; events: TraceEvent[] }
  | { type: 'error'; seq: number; code: string; message: string; simTime: number; seed: number }
