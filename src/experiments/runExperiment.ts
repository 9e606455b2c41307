// Runs experiments: one job = one variant × setting × seed through the engine at trace detail
// `state`, measured with src/metrics; rows average the seeds. Pure: no clock, no I/O, no console.

import { createSimulation, isRunComplete, runToEnd } from '../engine/sim'
import { computeRunMetrics, filterRunRecord, type RunMetrics } from '../metrics/runMetrics'
import { getRunRecord } from '../metrics/runRecord'
import { getMetricSeries, getTraceFacts, type MetricSeries } from '../metrics/traceSeries'
import { sliceTrace } from '../trace/store'
import {
  type ExperimentDefinition,
  type ExperimentName,
  type ExperimentSetting,
  type ExperimentVariant,
  getExperiment,
  toSimConfig,
} from './definitions'
import { type ExperimentSize, FULL_SIZE } from './workloads'

/** One run of an experiment; plain data so it can cross to a Web Worker. */
export interface ExperimentJob {
  experiment: ExperimentName
  variant: string
  setting: string
  seed: number
  size?: ExperimentSize
  /** Also return binned time series for charts (this many bins); none when absent or 0. */
  bins?: number
}

/** A job's metrics, per subset of its tasks (`all` first). */
export interface JobResult {
  job: ExperimentJob
  subsets: { id: string; metrics: RunMetrics }[]
  /** Engine events processed and the simulated time reached. */
  events: number
  simTimeMs: number
  complete: boolean
  series?: MetricSeries
}

const HOUR_MS = 3_600_000

function findVariant(def: ExperimentDefinition, id: string): ExperimentVariant {
  const v = def.variants.find((x) => x.id === id)
  if (!v) {
    throw new RangeError(
      `Unknown variant [${id}] of experiment [${def.name}]; use one of ${def.variants.map((x) => x.id).join(', ')}`,
    )
  }
  return v
}

function findSetting(settings: ExperimentSetting[], def: ExperimentDefinition, id: string) {
  const s = settings.find((x) => x.id === id)
  if (!s) {
    throw new RangeError(
      `Unknown setting [${id}] of experiment [${def.name}]; use one of ${settings.map((x) => x.id).join(', ')}`,
    )
  }
  return s
}

/** Runs one job to the end and measures it. */
export function runExperimentJob(job: ExperimentJob): JobResult {
  const def = getExperiment(job.experiment)
  const size = job.size ?? FULL_SIZE
  const variant = findVariant(def, job.variant)
  const setting = findSetting(def.getSettings(size), def, job.setting)
  const config = toSimConfig(def.build(variant, setting, job.seed, size), def.name)
  const sim = createSimulation(config)
  runToEnd(sim)

  const events = sliceTrace(sim.trace)
  const facts = getTraceFacts(events, sim.world.now)
  const record = getRunRecord(sim)
  const subsets = def.subsets.map((subset) => {
    const hours = subset.hours
    const part = hours
      ? filterRunRecord(record, (t) => hours.includes(Math.floor(t.arrivalMs / HOUR_MS) % 24))
      : record
    // Queue and rescue facts describe the whole run; subsets change only the task figures.
    return { id: subset.id, metrics: computeRunMetrics(part, facts) }
  })
  const result: JobResult = {
    job,
    subsets,
    events: sim.world.counters.events,
    simTimeMs: sim.world.now,
    complete: isRunComplete(sim),
  }
  if (job.bins && job.bins > 0)
    result.series = getMetricSeries(events, { bins: job.bins, endMs: sim.world.now })
  return result
}

/** Every job of experiment `name` for the given seeds, settings outermost, then variants, then seeds. */
export function listExperimentJobs(
  name: ExperimentName,
  seeds: readonly number[],
  size: ExperimentSize = FULL_SIZE,
): ExperimentJob[] {
  const def = getExperiment(name)
  const jobs: ExperimentJob[] = []
  for (const setting of def.getSettings(size)) {
    for (const variant of def.variants) {
      for (const seed of seeds) {
        jobs.push({ experiment: name, variant: variant.id, setting: setting.id, seed, size })
      }
    }
  }
  return jobs
}

/** An experiment's jobs and their results, in listExperimentJobs order. */
export interface ExperimentRun {
  name: ExperimentName
  seeds: number[]
  size: ExperimentSize
  results: JobResult[]
}

/** Runs every job of `name`; `onJob` hears each finished job (for progress output). */
export function runExperiment(
  name: ExperimentName,
  opts: {
    seeds: readonly number[]
    size?: ExperimentSize
    onJob?: (r: JobResult, i: number, n: number) => void
  },
): ExperimentRun {
  const size = opts.size ?? FULL_SIZE
  const jobs = listExperimentJobs(name, opts.seeds, size)
  const results = jobs.map((job, i) => {
    const r = runExperimentJob(job)
    opts.onJob?.(r, i, jobs.length)
    return r
  })
  return { name, seeds: [...opts.seeds], size, results }
}
