// Result rows: one per variant × setting × subset, metrics in seconds averaged over the seeds, with
// the relative difference to the baseline variant. Pure formatting of metrics; runs nothing.

import type { RunMetrics } from '../metrics/runMetrics'
import { getMean } from '../metrics/stats'
import { CLOUDSIM_POLICIES, CLOUDSIM_TARGETS, type CloudsimCompatResult } from './cloudsimCompat'
import { getExperiment } from './definitions'
import type { ExperimentRun, JobResult } from './runExperiment'

/** Leading text columns of every row. */
export const KEY_COLUMNS = ['experiment', 'model', 'policy', 'setting', 'subset', 'seeds'] as const

/** Numeric columns, in CSV order; times in seconds, fractions 0–1, money in US dollars. */
export const METRIC_COLUMNS = [
  'tasks',
  'finished',
  'quarantined',
  'rescued',
  'lost',
  'duplicated',
  'wait_mean_s',
  'wait_p50_s',
  'wait_p95_s',
  'wait_p99_s',
  'run_mean_s',
  'run_p50_s',
  'run_p95_s',
  'run_p99_s',
  'response_mean_s',
  'response_p50_s',
  'response_p95_s',
  'response_p99_s',
  'response_mean_sd_s',
  'makespan_s',
  'throughput_per_s',
  'util_mean',
  'util_min',
  'util_max',
  'util_cv',
  'util_max_over_mean',
  'queue_mean',
  'queue_max',
  'cpu_s',
  'cost_usd',
  'vm_crashes',
  'lb_crashes',
  'detection_mean_s',
  'rescue_mean_s',
  'restore_mean_s',
  'takeover_gap_mean_s',
  'response_vs_baseline_pct',
  'run_vs_baseline_pct',
  'cost_vs_baseline_pct',
  'published_response_mean_s',
  'published_diff_pct',
  'sim_events',
] as const

/** A numeric column's name. */
export type MetricColumn = (typeof METRIC_COLUMNS)[number]

/** One result row; a metric is null where it does not apply (e.g. compat rows). */
export interface ResultRow {
  experiment: string
  model: 'ours' | 'cloudsim-compat'
  policy: string
  setting: string
  subset: string
  seeds: number
  values: Partial<Record<MetricColumn, number | null>>
}

const s = (ms: number) => ms / 1000

/** A run's metrics as row values (seconds); the seed-level quantities averaged later. */
export function getMetricValues(m: RunMetrics): Partial<Record<MetricColumn, number>> {
  const util = m.utilisation.map((u) => u.utilisation)
  return {
    tasks: m.submitted,
    finished: m.finished,
    quarantined: m.quarantined,
    rescued: m.rescued,
    lost: m.lost,
    duplicated: m.duplicated,
    wait_mean_s: s(m.waitMs.mean),
    wait_p50_s: s(m.waitMs.p50),
    wait_p95_s: s(m.waitMs.p95),
    wait_p99_s: s(m.waitMs.p99),
    run_mean_s: s(m.runMs.mean),
    run_p50_s: s(m.runMs.p50),
    run_p95_s: s(m.runMs.p95),
    run_p99_s: s(m.runMs.p99),
    response_mean_s: s(m.responseMs.mean),
    response_p50_s: s(m.responseMs.p50),
    response_p95_s: s(m.responseMs.p95),
    response_p99_s: s(m.responseMs.p99),
    makespan_s: s(m.makespanMs),
    throughput_per_s: m.throughputPerS,
    util_mean: m.utilisationMean,
    util_min: util.length ? Math.min(...util) : 0,
    util_max: util.length ? Math.max(...util) : 0,
    util_cv: m.utilisationCv,
    util_max_over_mean: m.utilisationMaxOverMean,
    queue_mean: m.queueMean,
    queue_max: m.queueMax,
    cpu_s: m.cpuSeconds,
    cost_usd: m.costUsd,
    vm_crashes: m.vmCrashes,
    lb_crashes: m.lbCrashes,
    detection_mean_s: s(m.detectionMs.mean),
    rescue_mean_s: s(m.rescueMs.mean),
    restore_mean_s: s(m.restoreMs.mean),
    takeover_gap_mean_s: s(m.takeoverGapMs.mean),
  }
}

function getSampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0
  const mean = getMean(xs)
  return Math.sqrt(xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (xs.length - 1))
}

const pct = (value: number | null | undefined, base: number | null | undefined) =>
  value == null || base == null || base === 0 ? null : ((value - base) / base) * 100

/** One row per variant × setting × subset, averaging the seeds, with baseline differences. */
export function getResultRows(run: ExperimentRun): ResultRow[] {
  const def = getExperiment(run.name)
  const groups = new Map<string, JobResult[]>()
  for (const r of run.results) {
    const key = `${r.job.setting}\u0000${r.job.variant}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  const rows: ResultRow[] = []
  for (const results of groups.values()) {
    const { variant, setting } = results[0].job
    for (const subset of def.subsets) {
      const perSeed = results.map((r) => {
        const m = r.subsets.find((x) => x.id === subset.id)?.metrics as RunMetrics
        return { ...getMetricValues(m), sim_events: r.events }
      })
      const values: ResultRow['values'] = {}
      for (const col of METRIC_COLUMNS) {
        const xs = perSeed.map((v) => v[col as keyof typeof v]).filter((x) => x !== undefined)
        values[col] = xs.length ? getMean(xs as number[]) : null
      }
      values.response_mean_sd_s = getSampleSd(perSeed.map((v) => v.response_mean_s ?? 0))
      rows.push({
        experiment: run.name,
        model: 'ours',
        policy: variant,
        setting,
        subset: subset.id,
        seeds: results.length,
        values,
      })
    }
  }
  addBaselineDiffs(rows, def.baseline)
  return rows
}

function addBaselineDiffs(rows: ResultRow[], baseline: string | null): void {
  for (const row of rows) {
    const base = rows.find(
      (b) => b.policy === baseline && b.setting === row.setting && b.subset === row.subset,
    )
    const v = row.values
    const b = base?.values
    v.response_vs_baseline_pct = b ? pct(v.response_mean_s, b.response_mean_s) : null
    v.run_vs_baseline_pct = b ? pct(v.run_mean_s, b.run_mean_s) : null
    v.cost_vs_baseline_pct = b ? pct(v.cost_usd, b.cost_usd) : null
  }
}

/** Rows of the `--compat cloudsim` model beside the published CloudSim figures. */
export function getCompatRows(results: readonly CloudsimCompatResult[]): ResultRow[] {
  return CLOUDSIM_POLICIES.flatMap((policy) => {
    const r = results.find((x) => x.policy === policy)
    if (!r) return []
    const published = CLOUDSIM_TARGETS[policy]
    return [
      {
        experiment: 'dual-lb-comparison',
        model: 'cloudsim-compat' as const,
        policy,
        setting: 'default',
        subset: 'all',
        seeds: 1,
        values: {
          tasks: r.tasks,
          finished: r.finished,
          response_mean_s: r.avgResponseS,
          makespan_s: r.makespanS,
          published_response_mean_s: published,
          published_diff_pct: pct(r.avgResponseS, published),
        },
      },
    ]
  })
}
