import { useState } from 'react'
import {
  CLOUDSIM_TARGETS,
  type CloudsimCompatPolicy,
} from '../../../src/experiments/cloudsimCompat'
import type { CompareJob } from '../../../src/experiments/compareJob'
import {
  EXPERIMENT_NAMES,
  type ExperimentDefinition,
  type ExperimentName,
  getExperiment,
  type ReferenceClaim,
} from '../../../src/experiments/definitions'
import { getResultRows, type MetricColumn, type ResultRow } from '../../../src/experiments/rows'
import { type JobResult, listExperimentJobs } from '../../../src/experiments/runExperiment'
import { type ExperimentSize, FULL_SIZE } from '../../../src/experiments/workloads'
import { BoxStripPlot, type ReferenceLine } from '../charts/BoxStripPlot'
import { SweepChart } from '../charts/SweepChart'
import '../charts/charts.css'
import type { WorkerFactory } from './compareProtocol'
import { defaultWorkerFactory, getPoolSize, runJobsInPool } from './workerPool'

/** Props of ExperimentsView. */
export interface ExperimentsViewProps {
  createWorker?: WorkerFactory
  workers?: number
  initialExperiment?: ExperimentName
  initialSeeds?: number
  /** Start with the reduced size (a tenth of the tasks and VMs). */
  initialReduced?: boolean
}

const REDUCED: ExperimentSize = { taskScale: 0.1, vmScale: 0.1 }

const CHARTED: {
  title: string
  unit: string
  column: MetricColumn
  claim: ReferenceClaim['metric']
}[] = [
  { title: 'Mean response time', unit: 's', column: 'response_mean_s', claim: 'responseMean' },
  { title: 'Mean processing (run) time', unit: 's', column: 'run_mean_s', claim: 'runMean' },
  { title: 'Cost', unit: '$', column: 'cost_usd', claim: 'cost' },
]

function metricOf(r: JobResult, column: MetricColumn): number {
  const m = r.subsets[0].metrics
  if (column === 'response_mean_s') return m.responseMs.mean / 1000
  if (column === 'run_mean_s') return m.runMs.mean / 1000
  return m.costUsd
}

// The claim applied to our own baseline: what the variant would show if the paper's figure held.
function claimLines(
  def: ExperimentDefinition,
  rows: ResultRow[],
  settings: string[],
  claim: ReferenceClaim['metric'],
  column: MetricColumn,
) {
  return def.references
    .filter((c) => c.metric === claim)
    .map((c) => ({
      label: c.text,
      values: settings.map((s) => {
        const base = rows.find(
          (r) => r.policy === c.against && r.setting === s && r.subset === 'all',
        )?.values[column]
        return base == null ? null : base * (1 - c.reductionPct / 100)
      }),
    }))
}

/** The experiments of issue 5 from the lab: run over N seeds in workers, charted with the claims. */
export function ExperimentsView(props: ExperimentsViewProps) {
  const { createWorker = defaultWorkerFactory, workers = getPoolSize() } = props
  const [name, setName] = useState<ExperimentName>(props.initialExperiment ?? 'sbdlb-s1')
  const [seeds, setSeeds] = useState(props.initialSeeds ?? 1)
  const [reduced, setReduced] = useState(props.initialReduced ?? true)
  const [progress, setProgress] = useState<string>('Pick an experiment, then run it.')
  const [running, setRunning] = useState(false)
  const [outcome, setOutcome] = useState<{
    name: ExperimentName
    results: JobResult[]
    rows: ResultRow[]
  } | null>(null)

  const run = async () => {
    const size = reduced ? REDUCED : FULL_SIZE
    const seedList = Array.from({ length: seeds }, (_, i) => i + 1)
    const jobs: CompareJob[] = listExperimentJobs(name, seedList, size).map((job) => ({
      kind: 'experiment',
      job,
    }))
    setRunning(true)
    setProgress(`Running 0 of ${jobs.length} runs…`)
    try {
      const out = await runJobsInPool(jobs, {
        createWorker,
        size: workers,
        onResult: (done, total) => setProgress(`Running ${done} of ${total} runs…`),
      })
      const results = out.flatMap((r) => (r.kind === 'experiment' ? [r.result] : []))
      const rows = getResultRows({ name, seeds: seedList, size, results })
      setOutcome({ name, results, rows })
      setProgress(`${getExperiment(name).title}: ${results.length} runs done.`)
    } catch (err) {
      setProgress(`Experiment failed: ${(err as Error).message}`)
    } finally {
      setRunning(false)
    }
  }

  return (
    <section aria-label="Experiments" className="compare">
      <h2>Experiments</h2>
      <div className="compare__controls">
        <label>
          Experiment{' '}
          <select value={name} onChange={(e) => setName(e.target.value as ExperimentName)}>
            {EXPERIMENT_NAMES.map((n) => (
              <option key={n} value={n}>
                {getExperiment(n).title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seeds{' '}
          <input
            type="number"
            min={1}
            max={20}
            value={seeds}
            onChange={(e) =>
              setSeeds(Math.max(1, Math.min(20, Math.floor(Number(e.target.value)) || 1)))
            }
          />
        </label>
        <label>
          <input type="checkbox" checked={reduced} onChange={(e) => setReduced(e.target.checked)} />{' '}
          Reduced size (a tenth of the tasks and VMs)
        </label>
        <button type="button" className="btn btn--primary" onClick={run} disabled={running}>
          Run experiment
        </button>
      </div>
      <p role="status">{progress}</p>
      <p>{getExperiment(name).description}</p>
      {outcome && (
        <ExperimentCharts name={outcome.name} results={outcome.results} rows={outcome.rows} />
      )}
    </section>
  )
}

function ExperimentCharts({
  name,
  results,
  rows,
}: {
  name: ExperimentName
  results: JobResult[]
  rows: ResultRow[]
}) {
  const def = getExperiment(name)
  const settings = [...new Set(results.map((r) => r.job.setting))]
  const ours = rows.filter((r) => r.subset === 'all')
  return (
    <div className="compare__plots">
      {settings.length > 1
        ? CHARTED.map((c) => (
            <SweepChart
              key={c.column}
              title={c.title}
              unit={c.unit}
              settingLabel={def.settingLabel}
              settings={settings}
              lines={def.variants.map((v) => ({
                label: v.label,
                values: settings.map(
                  (s) =>
                    ours.find((r) => r.policy === v.id && r.setting === s)?.values[c.column] ??
                    null,
                ),
              }))}
              references={claimLines(def, ours, settings, c.claim, c.column)}
            />
          ))
        : CHARTED.map((c) => (
            <BoxStripPlot
              key={c.column}
              title={c.title}
              unit={c.unit}
              groups={def.variants.map((v) => ({
                label: v.label,
                values: results
                  .filter((r) => r.job.variant === v.id)
                  .map((r) => metricOf(r, c.column)),
              }))}
              references={getSingleReferences(def, ours, c.column, c.claim)}
            />
          ))}
      <table className="compare__table" aria-label="Experiment results">
        <thead>
          <tr>
            <th>policy</th>
            <th>setting</th>
            <th>subset</th>
            <th>response mean (s)</th>
            <th>response p95 (s)</th>
            <th>makespan (s)</th>
            <th>utilisation CV</th>
            <th>cost ($)</th>
            <th>vs baseline (%)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.policy}-${r.setting}-${r.subset}`}>
              <td>{r.policy}</td>
              <td>{r.setting}</td>
              <td>{r.subset}</td>
              <td>{fmt(r.values.response_mean_s)}</td>
              <td>{fmt(r.values.response_p95_s)}</td>
              <td>{fmt(r.values.makespan_s)}</td>
              <td>{fmt(r.values.util_cv, 3)}</td>
              <td>{fmt(r.values.cost_usd, 0)}</td>
              <td>{fmt(r.values.response_vs_baseline_pct, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

const fmt = (n: number | null | undefined, digits = 1) =>
  n == null ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits })

function getSingleReferences(
  def: ExperimentDefinition,
  rows: ResultRow[],
  column: MetricColumn,
  claim: ReferenceClaim['metric'],
): ReferenceLine[] {
  const refs: ReferenceLine[] = []
  for (const c of def.references.filter((x) => x.metric === claim)) {
    const base = rows.find((r) => r.policy === c.against)?.values[column]
    if (base != null) refs.push({ label: c.text, value: base * (1 - c.reductionPct / 100) })
  }
  // The original CloudSim run's figures, measured from dispatch rather than arrival.
  if (def.name === 'dual-lb-comparison' && column === 'response_mean_s') {
    for (const [policy, value] of Object.entries(CLOUDSIM_TARGETS)) {
      refs.push({ label: `CloudSim 7G ${policy as CloudsimCompatPolicy} (from dispatch)`, value })
    }
  }
  return refs
}
