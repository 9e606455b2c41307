// One job of the lab's comparison view: an experiment run, or a built-in scenario under a chosen
// policy and seed, measured with src/metrics. Pure and structured-clone safe, so a worker can run it.

import { createSimulation, isRunComplete, runToEnd } from '../engine/sim'
import { computeRunMetrics, type RunMetrics } from '../metrics/runMetrics'
import { getRunRecord } from '../metrics/runRecord'
import { getMetricSeries, getTraceFacts, type MetricSeries } from '../metrics/traceSeries'
import { parseScenario } from '../model/scenario'
import type { PolicyName } from '../policies/types'
import { type BuiltinScenarioId, getBuiltinScenario } from '../scenarios/builtins'
import { sliceTrace } from '../trace/store'
import { type ExperimentJob, type JobResult, runExperimentJob } from './runExperiment'

/** What a comparison worker is asked to run. */
export type CompareJob =
  | { kind: 'experiment'; job: ExperimentJob }
  | {
      kind: 'scenario'
      scenario: BuiltinScenarioId
      policy: PolicyName
      seed: number
      bins?: number
    }

/** A scenario job's outcome: the item-2 metrics, and series when bins were asked for. */
export interface ScenarioJobResult {
  scenario: BuiltinScenarioId
  policy: PolicyName
  seed: number
  metrics: RunMetrics
  complete: boolean
  events: number
  series?: MetricSeries
}

/** A finished job, tagged like its job. */
export type CompareResult =
  | { kind: 'experiment'; result: JobResult }
  | { kind: 'scenario'; result: ScenarioJobResult }

/** Runs a built-in scenario with `policy` and `seed` at trace detail `state`, to the end. */
export function runScenarioJob(
  scenario: BuiltinScenarioId,
  policy: PolicyName,
  seed: number,
  bins = 0,
): ScenarioJobResult {
  const doc = { ...getBuiltinScenario(scenario), policy, seed, trace: { detail: 'state' as const } }
  const sim = createSimulation(parseScenario(doc, `scenario ${scenario}`))
  runToEnd(sim)
  const events = sliceTrace(sim.trace)
  const result: ScenarioJobResult = {
    scenario,
    policy,
    seed,
    metrics: computeRunMetrics(getRunRecord(sim), getTraceFacts(events, sim.world.now)),
    complete: isRunComplete(sim),
    events: sim.world.counters.events,
  }
  if (bins > 0) result.series = getMetricSeries(events, { bins, endMs: sim.world.now })
  return result
}

/** Runs any comparison job. */
export function runCompareJob(job: CompareJob): CompareResult {
  if (job.kind === 'experiment') return { kind: 'experiment', result: runExperimentJob(job.job) }
  return {
    kind: 'scenario',
    result: runScenarioJob(job.scenario, job.policy, job.seed, job.bins ?? 0),
  }
}
