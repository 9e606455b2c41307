import type { RunSummary } from '../../../src/engine/report'
import type { RunMetrics } from '../../../src/metrics/runMetrics'
import { formatSimTime } from './chartFrame'
import './charts.css'

/** The summary fields the scorecard reads (getSummary's shape; extra fields are ignored). */
export type ScorecardSummary = Pick<
  RunSummary,
  | 'submitted'
  | 'finished'
  | 'quarantined'
  | 'rescued'
  | 'duplicates'
  | 'unresolved'
  | 'complete'
  | 'stranded'
  | 'detectionMs'
  | 'recoveryMs'
  | 'takeovers'
>

/** Props of RecoveryScorecard. */
export interface RecoveryScorecardProps {
  summary: ScorecardSummary
  /** Adds rescue times and lost work when the run was measured with src/metrics. */
  metrics?: Pick<RunMetrics, 'rescueMs' | 'cpuSeconds'>
  title?: string
}

function describeTimes(xs: readonly number[]): string {
  if (xs.length === 0) return 'none'
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const max = Math.max(...xs)
  return `${formatSimTime(mean)} mean, ${formatSimTime(max)} max (${xs.length})`
}

/** How well a run survived its faults: tasks kept, detection, rescue, restore, takeovers. */
export function RecoveryScorecard({
  summary,
  metrics,
  title = 'Recovery scorecard',
}: RecoveryScorecardProps) {
  const ended = summary.complete || summary.stranded
  const lost = ended ? summary.unresolved : null
  return (
    <section aria-label={title} className="scorecard">
      <h3>{title}</h3>
      <dl>
        <dt>Tasks finished</dt>
        <dd>{`${summary.finished} of ${summary.submitted}`}</dd>
        <dt>Tasks rescued</dt>
        <dd>{summary.rescued}</dd>
        <dt>Tasks lost</dt>
        <dd>{lost === null ? `known at the end (${summary.unresolved} still in flight)` : lost}</dd>
        <dt>Tasks quarantined</dt>
        <dd>{summary.quarantined}</dd>
        <dt>Completions duplicated</dt>
        <dd>{summary.duplicates}</dd>
        <dt>Failure detection latency</dt>
        <dd>{describeTimes(summary.detectionMs)}</dd>
        {metrics && (
          <>
            <dt>Time to rescue</dt>
            <dd>
              {metrics.rescueMs.count
                ? `${formatSimTime(metrics.rescueMs.mean)} mean, ${formatSimTime(metrics.rescueMs.max)} max (${metrics.rescueMs.count})`
                : 'none'}
            </dd>
          </>
        )}
        <dt>Time to restore capacity</dt>
        <dd>{describeTimes(summary.recoveryMs)}</dd>
        <dt>Takeover gap</dt>
        <dd>
          {summary.takeovers.length === 0
            ? 'no takeover'
            : summary.takeovers
                .map(
                  (t) =>
                    `zone ${t.zone}: ${t.from} → ${t.to}${t.gapMs > 0 ? ` after ${formatSimTime(t.gapMs)}` : ' (hand-back)'}`,
                )
                .join('; ')}
        </dd>
      </dl>
      {summary.stranded && (
        <p role="alert">No live LB is left: unresolved tasks cannot be served.</p>
      )}
    </section>
  )
}
