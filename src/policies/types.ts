// The one interface every scheduling policy implements (SPEC §5). Policies are pure kernels: they
// read the candidate VMs and their own plain-data state and return a decision; the engine applies it.

/** Task types and their priorities: Text → high, Image → medium, Reel → low. */
export type TaskType = 'Text' | 'Image' | 'Reel'

/** What a policy may read of a VM. The engine passes its live VM records, which satisfy this. */
export interface VmView {
  /** Trace id, e.g. `VM_5`. */
  readonly id: string
  /** Numeric id (5 for `VM_5`); ties break to the lowest. */
  readonly num: number
  /** Zone number, 1-based. */
  readonly zone: number
  readonly pes: number
  /** Total MIPS of the VM (all PEs together). */
  readonly mips: number
  readonly ramMb: number
  readonly bwMbps: number
  /** Total minus the demand held by the tasks assigned to the VM (SPEC §5 step 6). */
  readonly availMips: number
  readonly availRamMb: number
  readonly availBwMbps: number
  /** Tasks assigned and not yet finished. */
  readonly activeTasks: number
}

export interface TaskView {
  /** Trace id, e.g. `Task_101`. */
  readonly id: string
  readonly type: TaskType
  readonly lengthMi: number
  /** Normalised length in [0, 1] (SPEC §5 step 3); demand on a VM is `p ×` its totals. */
  readonly p: number
}

/** One VM's figures as the policy saw them; `score` −1 means unsuitable. */
export interface Candidate {
  vm: string
  availMips: number
  availRamMb: number
  availBwMbps: number
  activeTasks: number
  score: number
  /** Why the VM was not considered, when it was not. */
  skipped?: 'threshold' | 'unsuitable'
}

export interface Decision {
  /** Index into the `vms` array passed in, or −1 when no VM can take the task now. */
  chosen: number
  /** Every VM's figures, filled only when `explain` was asked for (it costs an object per VM). */
  candidates?: Candidate[]
}

/** Per-LB mutable state of a policy: plain JSON-safe data, so checkpoints can copy it. */
export type PolicyState = Record<string, number | number[] | string | boolean>

export interface PolicyContext {
  /** Uniform in [0, 1), from the LB's own seeded stream. */
  random(): number
  /** The policy's own state for this LB; starts as `{}`. */
  state: PolicyState
  /** Fill `candidates` in the decision. */
  explain: boolean
}

export type PolicyName =
  | 'sbdlb'
  | 'round-robin'
  | 'weighted-round-robin'
  | 'throttled'
  | 'active-monitoring'
  | 'least-connections'
  | 'random'
  | 'power-of-two'
  | 'honey-bee'

export interface Policy {
  readonly name: PolicyName
  /**
   * Picks a VM for `task` among `vms` (the LB's live pool, ALIVE VMs only, ordered by `num`).
   * May update `ctx.state`. Must not mutate the VMs.
   */
  choose(task: TaskView, vms: readonly VmView[], ctx: PolicyContext): Decision
}

/** Tunables of SBDLB (SPEC §5); defaults: threshold 3, all weights 1. */
export interface SbdlbParams {
  threshold: number
  weightMips: number
  weightRam: number
  weightBw: number
}
