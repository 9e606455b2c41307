import { useState } from 'react'
import type { CompareJob, ScenarioJobResult } from '../../../src/experiments/compareJob'
import type { RunMetrics } from '../../../src/metrics/runMetrics'
import { describePolicy, POLICY_NAMES } from '../../../src/policies'
import type { PolicyName } from '../../../src/policies/types'
import { BUILTIN_SCENARIO_IDS, type BuiltinScenarioId } from '../../../src/scenarios/builtins'
import { BoxStripPlot } from '../charts/BoxStripPlot'
import '../charts/charts.css'
import type { WorkerFactory } from './compareProtocol'
import { defaultWorkerFactory, getPoolSize, runJobsInPool } from './workerPool'

/** Props of ComparisonView. */
export interface ComparisonViewProps {
  /** Starts one worker; defaults to a module Web Worker (an in-page stand-in without Worker). */
  createWorker?: WorkerFactory
  /** Workers run in parallel (default: cores − 1, 1 to 4). */
  workers?: number
  initialScenario?: BuiltinScenarioId
  initialPolicies?: readonly PolicyName[]
  initialSeeds?: number
}

const SCENARIO_LABELS: Record<BuiltinScenarioId, string> = {
  A: 'A: normal execution',
  B: 'B: VM failure',
  C: 'C: zone failover',
  D: 'D: overflow and work stealing',
  free: 'Free run: Poisson arrivals, a VM and an LB crash',
}

/** The distributions shown, each from one figure of a run's metrics. */
const PLOTS: { title: string; unit: string; pick: (m: RunMetrics) => number }[] = [
  { title: 'Mean response time', unit: 's', pick: (m) => m.responseMs.mean / 1000 },
  { title: 'p95 response time', unit: 's', pick: (m) => m.responseMs.p95 / 1000 },
  { title: 'Makespan', unit: 's', pick: (m) => m.makespanMs / 1000 },
  { title: 'Utilisation imbalance', unit: 'CV', pick: (m) => m.utilisationCv },
  { title: 'Cost', unit: '$', pick: (m) => m.costUsd },
  { title: 'Tasks rescued', unit: 'tasks', pick: (m) => m.rescued },
]

type Status =
  | { kind: 'idle' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'error'; message: string }

/**
 * Runs one seeded workload (a built-in scenario) under several policies over N seeds, in parallel
 * workers, and shows each metric's distribution per policy as box and strip plots.
 */
export function ComparisonView(props: ComparisonViewProps) {
  const { createWorker = defaultWorkerFactory, workers = getPoolSize() } = props
  const [scenario, setScenario] = useState<BuiltinScenarioId>(props.initialScenario ?? 'free')
  const [policies, setPolicies] = useState<PolicyName[]>([
    ...(props.initialPolicies ?? [
      'sbdlb',
      'round-robin',
      'weighted-round-robin',
      'throttled',
      'honey-bee',
    ]),
  ])
  const [seeds, setSeeds] = useState(props.initialSeeds ?? 5)
  const [status, setStatus] = useState<Status>({ kind: 'idle' })
  const [results, setResults] = useState<ScenarioJobResult[]>([])

  const toggle = (p: PolicyName) =>
    setPolicies((list) =>
      list.includes(p)
        ? list.filter((x) => x !== p)
        : POLICY_NAMES.filter((x) => x === p || list.includes(x)),
    )

  const compare = async () => {
    const jobs: CompareJob[] = policies.flatMap((policy) =>
      Array.from({ length: seeds }, (_, i) => ({
        kind: 'scenario' as const,
        scenario,
        policy,
        seed: i + 1,
      })),
    )
    setStatus({ kind: 'running', done: 0, total: jobs.length })
    try {
      const out = await runJobsInPool(jobs, {
        createWorker,
        size: workers,
        onResult: (done, total) => setStatus({ kind: 'running', done, total }),
      })
      setResults(out.flatMap((r) => (r.kind === 'scenario' ? [r.result] : [])))
      setStatus({ kind: 'idle' })
    } catch (err) {
      setStatus({ kind: 'error', message: (err as Error).message })
    }
  }

  const shown = [...new Set(results.map((r) => r.policy))]
  const running = status.kind === 'running'
  return (
    <section aria-label="Policy comparison" className="compare">
      <h2>Policy comparison</h2>
      <div className="compare__controls">
        <label>
          Workload{' '}
          <select
            value={scenario}
            onChange={(e) => setScenario(e.target.value as BuiltinScenarioId)}
          >
            {BUILTIN_SCENARIO_IDS.map((id) => (
              <option key={id} value={id}>
                {SCENARIO_LABELS[id]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seeds{' '}
          <input
            type="number"
            min={1}
            max={50}
            value={seeds}
            onChange={(e) =>
              setSeeds(Math.max(1, Math.min(50, Math.floor(Number(e.target.value)) || 1)))
            }
          />
        </label>
        <fieldset>
          <legend>Policies</legend>
          {POLICY_NAMES.map((p) => (
            <label key={p} title={describePolicy(p)}>
              <input type="checkbox" checked={policies.includes(p)} onChange={() => toggle(p)} />{' '}
              {p}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          className="btn btn--primary"
          onClick={compare}
          disabled={running || policies.length === 0}
        >
          Compare policies
        </button>
      </div>
      <p role="status">
        {status.kind === 'running'
          ? `Running ${status.done} of ${status.total} runs on ${Math.min(workers, status.total)} worker(s)…`
          : status.kind === 'error'
            ? `Comparison failed: ${status.message}`
            : results.length
              ? `${results.length} runs: ${shown.length} policies × ${results.length / Math.max(1, shown.length)} seeds`
              : 'Pick policies and seeds, then compare.'}
      </p>
      {results.length > 0 && (
        <div className="compare__plots">
          {PLOTS.map((plot) => (
            <BoxStripPlot
              key={plot.title}
              title={plot.title}
              unit={plot.unit}
              groups={shown.map((policy) => ({
                label: policy,
                values: results.filter((r) => r.policy === policy).map((r) => plot.pick(r.metrics)),
              }))}
            />
          ))}
        </div>
      )}
    </section>
  )
}
