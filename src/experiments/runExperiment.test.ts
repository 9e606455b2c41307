// Experiments end to end on reduced sizes, through the same code path as the CLI. Test-only.

import { describe, expect, it } from 'vitest'
import { toCsv } from './csv'
import { getResultRows } from './rows'
import { listExperimentJobs, runExperiment, runExperimentJob } from './runExperiment'

// Reduced sizes through the same code path as the CLI: 200 tasks, 3 VMs per datacenter.
const SMALL = { taskScale: 0.1, vmScale: 0.1 }

describe('runExperiment', () => {
  it('runs the dual-LB comparison end to end and finishes every task', () => {
    const run = runExperiment('dual-lb-comparison', { seeds: [1], size: SMALL })
    const rows = getResultRows(run)

    expect(rows.map((r) => r.policy)).toEqual([
      'round-robin',
      'weighted-round-robin',
      'honey-bee',
      'sbdlb',
      'dual-lb',
    ])
    for (const r of run.results) {
      expect(r.complete).toBe(true)
      expect(r.subsets[0].metrics).toMatchObject({ submitted: 200, finished: 200, lost: 0 })
    }
    // Every task arrives at t = 0, so no response can exceed the makespan.
    for (const row of rows) {
      expect(row.values.response_mean_s).toBeGreaterThan(0)
      expect(row.values.response_p99_s).toBeLessThanOrEqual(row.values.makespan_s as number)
    }
  })

  it('is deterministic for a seed', () => {
    const job = {
      experiment: 'sbdlb-s1' as const,
      variant: 'sbdlb',
      setting: '2',
      seed: 3,
      size: SMALL,
    }

    expect(runExperimentJob(job)).toEqual(runExperimentJob(job))
  })

  it('averages seeds into one row per policy and setting, with the baseline difference', () => {
    const run = runExperiment('sbdlb-s1', { seeds: [1, 2], size: SMALL })
    const rows = getResultRows(run)
    const throttled = rows.filter((r) => r.policy === 'throttled')
    const sbdlb = rows.find((r) => r.policy === 'sbdlb' && r.setting === '1')

    expect(run.results).toHaveLength(8 * 2 * 2)
    expect(rows).toHaveLength(16)
    expect(rows.every((r) => r.seeds === 2)).toBe(true)
    expect(throttled.every((r) => r.values.response_vs_baseline_pct === 0)).toBe(true)
    const base = rows.find((r) => r.policy === 'throttled' && r.setting === '1')?.values
    const expected =
      (((sbdlb?.values.response_mean_s as number) - (base?.response_mean_s as number)) /
        (base?.response_mean_s as number)) *
      100
    expect(sbdlb?.values.response_vs_baseline_pct).toBeCloseTo(expected, 9)
  })

  it('splits S-4 into whole-day, peak and off-peak rows', () => {
    const run = runExperiment('sbdlb-s4', { seeds: [1], size: { taskScale: 0.02, vmScale: 0.25 } })
    const rows = getResultRows(run)
    const of = (subset: string) => rows.find((r) => r.policy === 'sbdlb' && r.subset === subset)

    expect(rows.map((r) => r.subset)).toEqual([
      'all',
      'peak',
      'off-peak',
      'all',
      'peak',
      'off-peak',
    ])
    // 20 per peak batch × 8 + 5 per off-peak batch × 16.
    expect([
      of('all')?.values.tasks,
      of('peak')?.values.tasks,
      of('off-peak')?.values.tasks,
    ]).toEqual([240, 160, 80])
  })

  it('returns chart series when asked for bins', () => {
    const [job] = listExperimentJobs('dual-lb-comparison', [1], SMALL)

    const r = runExperimentJob({ ...job, bins: 12 })

    expect(r.series?.times).toHaveLength(12)
    expect(r.series?.vmIds).toHaveLength(12)
  })

  it('names an unknown variant or setting', () => {
    expect(() =>
      runExperimentJob({ experiment: 'sbdlb-s2', variant: 'random', setting: '1', seed: 1 }),
    ).toThrow(/Unknown variant \[random\]/)
    expect(() =>
      runExperimentJob({ experiment: 'sbdlb-s2', variant: 'sbdlb', setting: '9', seed: 1 }),
    ).toThrow(/Unknown setting \[9\]/)
  })

  it('writes one CSV record per row', () => {
    const run = runExperiment('dual-lb-comparison', { seeds: [1], size: SMALL })

    const lines = toCsv(getResultRows(run)).trimEnd().split('\r\n')

    expect(lines).toHaveLength(6)
    expect(lines[0].startsWith('experiment,model,policy,setting,subset,seeds,tasks')).toBe(true)
  })
})

describe('runCompareJob', () => {
  it('runs a built-in scenario under another policy and seed', async () => {
    const { runCompareJob } = await import('./compareJob')

    const r = runCompareJob({
      kind: 'scenario',
      scenario: 'free',
      policy: 'round-robin',
      seed: 7,
      bins: 6,
    })

    expect(r.kind).toBe('scenario')
    if (r.kind !== 'scenario') return
    expect(r.result.complete).toBe(true)
    expect(r.result.metrics.lost).toBe(0)
    expect(r.result.metrics.vmCrashes + r.result.metrics.lbCrashes).toBe(2)
    expect(r.result.series?.faults.length).toBe(2)
  })
})
