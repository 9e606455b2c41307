// The simulated world as plain, structured-clone-safe data: VMs, LBs, tasks, caches, the
// dispatcher. No functions or class instances live here, so a checkpoint is a deep copy.

import type { CacheStore } from '../cache'
import type { MachineSlot } from '../machines/driver'
import type { PolicyState, TaskType } from '../policies/types'
import type { LbState, TaskState, VmState } from '../trace/types'
import type { DecisionLog } from './decisions'
import type { RngState } from './rng'

/** A FIFO of task indices with an O(1) pop from the front. */
export interface TaskFifo {
  items: number[]
  head: number
}

export interface VmRecord {
  readonly id: string
  readonly num: number
  readonly index: number
  readonly zone: number
  readonly pes: number
  /** Total MIPS (PEs × MIPS per PE). */
  readonly mips: number
  readonly mipsPerPe: number
  readonly ramMb: number
  readonly bwMbps: number
  availMips: number
  availRamMb: number
  availBwMbps: number
  activeTasks: number
  state: VmState
  machine: MachineSlot
  /** Status as written in L2 (the LB's view): ALIVE, DEAD or RESTARTING. */
  l2Status: 'ALIVE' | 'DEAD' | 'RESTARTING'
  /** Task indices running here, in arrival order. */
  tasks: number[]
  /** When the running tasks' progress was last brought up to date. */
  lastAdvance: number
  /** Generation of the pending completion event; older ones are stale. */
  completionGen: number
  /** Incarnation: grows on every crash, so work in transit to a dead incarnation is dropped. */
  epoch: number
  /** Origin of the heartbeat series (the time of its first heartbeat), or −1 before it. */
  hbPhase: number
  /** When its heartbeats stopped (a crash), or −1 while it heartbeats. */
  hbStop: number
  /** When the VM crashed, or −1 while it runs. */
  crashedAt: number
  /** When its LB last triggered a restart, or −1. */
  restartIssuedAt: number
  /** In its owner LB's pool of schedulable VMs. */
  inPool: boolean
  /** Pending delayed machine events: delay id → token. */
  timers: Record<string, number>
  /** Busy time accumulated (ms with ≥ 1 task), for utilisation. */
  busyMs: number
  busySince: number
}

export interface LbRecord {
  readonly id: string
  readonly num: number
  readonly index: number
  readonly homeZone: number
  state: LbState
  machine: MachineSlot
  /** Zones this LB owns, ascending. */
  zones: number[]
  /** Its live pool, ascending by VM number (the same objects as `World.vms`). */
  pool: VmRecord[]
  /** Some VM in the pool has crashed and is not yet declared dead (it answers no stats query). */
  poolHasCrashed: boolean
  /** High, medium and low priority queues, then overflow (back-pressure). */
  queues: [TaskFifo, TaskFifo, TaskFifo]
  overflow: TaskFifo
  /** Task whose stats query is in flight, or −1. */
  roundTask: number
  roundFromOverflow: boolean
  roundGen: number
  /** No VM could take the head task; wait for capacity to change. */
  blocked: boolean
  overflowBlocked: boolean
  hbPhase: number
  hbStop: number
  crashedAt: number
  epoch: number
  /** Health-check series origin (its ticks are checkPhase + k × interval). */
  checkPhase: number
  checkAt: number
  checkGen: number
  lastCheckAt: number
  peerCheckAt: number
  peerCheckGen: number
  lastPeerCheckAt: number
  agingAt: number
  agingGen: number
  policyState: PolicyState
  rng: RngState
  timers: Record<string, number>
  /** L1 view of this LB: ALIVE until a peer marks it DEAD. */
  l1Status: 'ALIVE' | 'DEAD'
}

export interface TaskRecord {
  /** Position in `World.tasks`. */
  readonly index: number
  readonly n: number
  readonly id: string
  /** Its L1 key, `Task_Meta_<n>`, made once so hot cache lookups reuse one string. */
  readonly metaKey: string
  readonly type: TaskType
  readonly lengthMi: number
  readonly pes: number
  /** Normalised length (SPEC §5 step 3). */
  readonly p: number
  /** Zone the dispatcher routes it to. */
  readonly zone: number
  readonly arrivalMs: number
  state: TaskState | 'SUBMITTED'
  /** LB holding it, or −1. */
  lb: number
  vm: number
  attempts: number
  remainingMi: number
  /** Demand held on its VM while it runs. */
  heldMips: number
  heldRamMb: number
  heldBwMbps: number
  /** Priority level while queued: 0 high, 1 medium, 2 low. */
  level: number
  queuedAt: number
  firstStartMs: number
  startMs: number
  finishMs: number
  /** LB of the dispatcher's latest submission. */
  dispatchLb: number
  /** Dispatcher submissions so far (re-submissions after a timeout add one). */
  submissions: number
  rescues: number
  /** Stolen by a peer once already (a task is never stolen twice, so it cannot ping-pong). */
  stolen: boolean
  reason: string
}

/** One candidate of a decision: the VM's free figures and its score. */
export interface DecisionRow {
  vm: string
  availMips: number
  availRamMb: number
  availBwMbps: number
  score: number
}

export interface DetectionRecord {
  kind: 'vm' | 'lb'
  target: string
  crashedAt: number
  lastHeartbeatMs: number
  detectedAt: number
  /** VM back ALIVE / zone taken over, or −1 until then. */
  recoveredAt: number
}

export interface World {
  now: number
  vms: VmRecord[]
  lbs: LbRecord[]
  tasks: TaskRecord[]
  l1: CacheStore
  l2: CacheStore[]
  /** Index range [start, end) of each zone's VMs in `vms`. */
  zoneVmRange: [number, number][]
  /** Owner LB index of each zone (index z − 1), and the ownership epoch. */
  zoneOwner: number[]
  zoneEpoch: number[]
  /** When each zone's current owner began watching it (takeover, or the owner's rejoin). */
  zoneWatchedSince: number[]
  dispatcher: { nextZone: number; held: number[] }
  arrivals: RngState
  lengths: RngState
  /** Next Poisson arrival time, or the index of the next listed task. */
  workloadCursor: number
  nextPoissonMs: number
  workloadDone: boolean
  faultCursor: number
  /** Faults injected during the run (by a user), applied in order with the scenario's. */
  injected: { atMs: number; target: string; action: 'crash' | 'restart' }[]
  tokens: number
  /** Names of delayed machine events, indexed by the id carried in MACHINE_DELAYED events. */
  eventNames: string[]
  counters: {
    submitted: number
    finished: number
    quarantined: number
    rescued: number
    resubmitted: number
    duplicates: number
    stolen: number
    promoted: number
    events: number
  }
  /** SBDLB candidates of recent decisions (bounded), for the Why panel; made at the first one. */
  decisions: DecisionLog | null
  detections: DetectionRecord[]
  takeovers: { zone: number; from: string; to: string; crashedAt: number; atMs: number }[]
}
