// The metrics of issue 5 item 2 for one run, every time measured from a task's arrival. Pure: reads
// a RunRecord (and optionally facts from its trace); never touches the engine or the clock.

import type { RunRecord, TaskOutcome } from './runRecord'
import {
  type Distribution,
  getCoefficientOfVariation,
  getDistribution,
  getMaxOverMean,
  getMean,
} from './stats'
import type { TraceFacts } from './traceSeries'

/**
 * Price of one CPU second, in US dollars: CloudSim's `costPerSec` of 3.0, which its examples and
 * the SBDLB paper (arXiv:2508.05821) multiply by a cloudlet's actual CPU time.
 */
export const COST_PER_CPU_SECOND_USD = 3

/** One VM's share of the run during which it held at least one task (0–1). */
export interface VmUtilisation {
  id: string
  zone: number
  utilisation: number
}

/** Every figure of issue 5 item 2 for one run. Durations in ms unless the name says otherwise. */
export interface RunMetrics {
  submitted: number
  finished: number
  quarantined: number
  rescued: number
  /** Neither FINISHED nor QUARANTINED at the end of the run (0 when nothing was lost). */
  lost: number
  /** Completions reported twice (counted, never applied twice). */
  duplicated: number
  /** Arrival → start of the attempt that finished (includes time lost to crashed attempts). */
  waitMs: Distribution
  /** Start → finish of the attempt that finished, on its VM. */
  runMs: Distribution
  /** Arrival → finish (= wait + run) of every FINISHED task. */
  responseMs: Distribution
  /** First arrival → last finish. */
  makespanMs: number
  /** Finished tasks per simulated second of makespan. */
  throughputPerS: number
  /** Busy time over the run's length, per VM, ordered as the run lists its VMs. */
  utilisation: VmUtilisation[]
  utilisationMean: number
  /** Imbalance: coefficient of variation and max over mean of the VMs' utilisation. */
  utilisationCv: number
  utilisationMaxOverMean: number
  /** Time-weighted mean and peak of the number of QUEUED tasks (from the trace; 0 without it). */
  queueMean: number
  queueMax: number
  /**
   * CPU seconds: each finished task's run time on its VM (CloudSim's actual CPU time: finish −
   * start of execution, time-shared slow-downs included) plus the time attempts ran before their
   * VM crashed. Cost = CPU seconds × COST_PER_CPU_SECOND_USD.
   */
  cpuSeconds: number
  costUsd: number
  /** Crash → declared dead, for every VM and LB crash that was detected. */
  detectionMs: Distribution
  /** VM crash → each lost task RUNNING again elsewhere (from the trace; empty without it). */
  rescueMs: Distribution
  /** Crash → capacity back: a VM back in its LB's pool, or a dead LB's zone taken over. */
  restoreMs: Distribution
  /** LB crash → its orphaned zone taken over by a peer. */
  takeoverGapMs: Distribution
  vmCrashes: number
  lbCrashes: number
}

const isDone = (t: TaskOutcome) => t.state === 'FINISHED' || t.state === 'QUARANTINED'

/** The run's metrics; `facts` (from getTraceFacts) adds queue lengths, rescue times and lost work. */
export function computeRunMetrics(record: RunRecord, facts?: TraceFacts): RunMetrics {
  const finished = record.tasks.filter((t) => t.state === 'FINISHED')
  const wait = finished.map((t) => t.startMs - t.arrivalMs)
  const run = finished.map((t) => t.finishMs - t.startMs)
  const response = finished.map((t) => t.finishMs - t.arrivalMs)

  let firstArrival = Number.POSITIVE_INFINITY
  let lastFinish = 0
  for (const t of record.tasks) firstArrival = Math.min(firstArrival, t.arrivalMs)
  for (const t of finished) lastFinish = Math.max(lastFinish, t.finishMs)
  const makespanMs = finished.length ? lastFinish - firstArrival : 0

  // Utilisation over [0, end of the work]: the last finish, or the record's end if nothing did.
  const horizon = finished.length ? lastFinish : record.endMs
  const utilisation = record.vms.map((vm) => ({
    id: vm.id,
    zone: vm.zone,
    utilisation: horizon > 0 ? Math.min(1, vm.busyMs / horizon) : 0,
  }))
  const shares = utilisation.map((u) => u.utilisation)

  let runTotal = 0
  for (const r of run) runTotal += r
  const cpuSeconds = (runTotal + (facts?.lostAttemptMs ?? 0)) / 1000

  const crashes = record.crashes
  const gaps = record.takeovers.filter((t) => t.crashedAt >= 0).map((t) => t.atMs - t.crashedAt)
  return {
    submitted: record.tasks.length,
    finished: finished.length,
    quarantined: record.tasks.filter((t) => t.state === 'QUARANTINED').length,
    rescued: record.rescued,
    lost: record.tasks.filter((t) => !isDone(t)).length,
    duplicated: record.duplicates,
    waitMs: getDistribution(wait),
    runMs: getDistribution(run),
    responseMs: getDistribution(response),
    makespanMs,
    throughputPerS: makespanMs > 0 ? (finished.length * 1000) / makespanMs : 0,
    utilisation,
    utilisationMean: getMean(shares),
    utilisationCv: getCoefficientOfVariation(shares),
    utilisationMaxOverMean: getMaxOverMean(shares),
    queueMean: facts?.queueMean ?? 0,
    queueMax: facts?.queueMax ?? 0,
    cpuSeconds,
    costUsd: cpuSeconds * COST_PER_CPU_SECOND_USD,
    detectionMs: getDistribution(
      crashes.filter((c) => c.detectedAt >= 0).map((c) => c.detectedAt - c.crashedAt),
    ),
    rescueMs: getDistribution(facts?.rescueMs ?? []),
    restoreMs: getDistribution(
      crashes.filter((c) => c.recoveredAt >= 0).map((c) => c.recoveredAt - c.crashedAt),
    ),
    takeoverGapMs: getDistribution(gaps),
    vmCrashes: crashes.filter((c) => c.kind === 'vm').length,
    lbCrashes: crashes.filter((c) => c.kind === 'lb').length,
  }
}

/** The record restricted to the tasks `keep` accepts (VMs, crashes and takeovers unchanged). */
export function filterRunRecord(record: RunRecord, keep: (t: TaskOutcome) => boolean): RunRecord {
  return { ...record, tasks: record.tasks.filter(keep) }
}
