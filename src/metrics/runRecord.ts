// A finished (or paused) run reduced to the plain facts the metrics need: tasks, VMs, crashes and
// takeovers. Reads the engine's world once and copies; it never changes the simulation.

import type { Sim } from '../engine/context'
import type { TaskType } from '../policies/types'

/** One task's fate; times in ms since the start of the run, −1 when it never happened. */
export interface TaskOutcome {
  id: string
  type: TaskType
  lengthMi: number
  pes: number
  /** When the dispatcher received it: every metric is measured from here. */
  arrivalMs: number
  /** Start of its first attempt on a VM. */
  firstStartMs: number
  /** Start of its latest attempt (the one that finished, for a FINISHED task). */
  startMs: number
  /** When its VM finished it (FINISHED) or when it was given up (QUARANTINED). */
  finishMs: number
  state: 'SUBMITTED' | 'QUEUED' | 'RUNNING' | 'FINISHED' | 'QUARANTINED'
  /** VM of its latest attempt, or null. */
  vm: string | null
  attempts: number
  rescues: number
}

/** One VM's size and how long it held at least one task. */
export interface VmOutcome {
  id: string
  zone: number
  pes: number
  /** Total MIPS (all PEs). */
  mips: number
  /** Time with ≥ 1 task running on it, up to the end of the run. */
  busyMs: number
}

/** A VM or LB crash: when it happened, was declared, and capacity came back (−1 if not yet). */
export interface CrashOutcome {
  kind: 'vm' | 'lb'
  target: string
  crashedAt: number
  detectedAt: number
  /** VM back in its LB's pool, or the LB's zone taken over by a peer. */
  recoveredAt: number
}

/** A zone that changed owner; `crashedAt` is −1 for a hand-back to a restarted home LB. */
export interface TakeoverOutcome {
  zone: number
  from: string
  to: string
  crashedAt: number
  atMs: number
}

/** Everything the run metrics read, as plain data (structured-clone safe, worker friendly). */
export interface RunRecord {
  /** Simulated time when the record was taken. */
  endMs: number
  tasks: TaskOutcome[]
  vms: VmOutcome[]
  crashes: CrashOutcome[]
  takeovers: TakeoverOutcome[]
  /** Tasks rescued from dead VMs, and completions reported twice (counted, not applied). */
  rescued: number
  duplicates: number
  resubmitted: number
  stolen: number
}

/** Copies the facts of `sim`'s world the metrics need; busy time includes a VM's current run. */
export function getRunRecord(sim: Sim): RunRecord {
  const world = sim.world
  const vmIds = world.vms.map((vm) => vm.id)
  const tasks: TaskOutcome[] = world.tasks.map((t) => ({
    id: t.id,
    type: t.type,
    lengthMi: t.lengthMi,
    pes: t.pes,
    arrivalMs: t.arrivalMs,
    firstStartMs: t.firstStartMs,
    startMs: t.startMs,
    finishMs: t.finishMs,
    state: t.state,
    vm: t.vm >= 0 ? vmIds[t.vm] : null,
    attempts: t.attempts,
    rescues: t.rescues,
  }))
  const vms: VmOutcome[] = world.vms.map((vm) => ({
    id: vm.id,
    zone: vm.zone,
    pes: vm.pes,
    mips: vm.mips,
    // busyMs is settled when a VM drains or crashes; a VM still working adds its open stretch.
    busyMs:
      vm.busyMs + (vm.state === 'ALIVE' && vm.tasks.length > 0 ? world.now - vm.busySince : 0),
  }))
  return {
    endMs: world.now,
    tasks,
    vms,
    crashes: world.detections.map((d) => ({
      kind: d.kind,
      target: d.target,
      crashedAt: d.crashedAt,
      detectedAt: d.detectedAt,
      recoveredAt: d.recoveredAt,
    })),
    takeovers: world.takeovers.map((t) => ({ ...t })),
    rescued: world.counters.rescued,
    duplicates: world.counters.duplicates,
    resubmitted: world.counters.resubmitted,
    stolen: world.counters.stolen,
  }
}
