import { useMemo } from 'react'
import { getMetricSeries } from '../../../src/metrics/traceSeries'
import type { TraceEvent } from '../../../src/trace/types'
import { QueueLengthChart, ResponsePercentilesChart, ThroughputChart } from './MetricCharts'
import { UtilisationHeatmap } from './UtilisationHeatmap'

/** Props of LiveCharts. */
export interface LiveChartsProps {
  /** The run's trace so far (any detail; state events suffice). */
  events: readonly TraceEvent[]
  /** The chart's right edge: the current simulated time (defaults to the last event's). */
  nowMs?: number
  /** Number of time bins (default 60). */
  bins?: number
  width?: number
}

/** The four live charts of a run, recomputed from the trace when it grows. */
export function LiveCharts({ events, nowMs, bins = 60, width }: LiveChartsProps) {
  const series = useMemo(
    () => getMetricSeries(events, { bins, endMs: nowMs }),
    [events, bins, nowMs],
  )
  return (
    <section aria-label="Live charts" className="live-charts">
      <ResponsePercentilesChart series={series} width={width} />
      <ThroughputChart series={series} width={width} />
      <UtilisationHeatmap series={series} width={width} />
      <QueueLengthChart series={series} width={width} />
    </section>
  )
}
