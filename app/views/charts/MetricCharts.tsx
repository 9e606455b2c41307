import type { FaultWindow, MetricSeries } from '../../../src/metrics/traceSeries'
import { TimeSeriesChart } from './TimeSeriesChart'

/** Props shared by the live charts: the binned series and the fault windows to shade. */
export interface MetricChartProps {
  series: MetricSeries
  /** Defaults to the windows carried by `series`. */
  faults?: readonly FaultWindow[]
  width?: number
  height?: number
}

const toSeconds = (xs: readonly (number | null)[]) => xs.map((v) => (v === null ? null : v / 1000))

/** p50, p95 and p99 of the response time (arrival → finish) of the tasks finishing in each bin. */
export function ResponsePercentilesChart({ series, faults, width, height }: MetricChartProps) {
  return (
    <TimeSeriesChart
      title="Response time percentiles"
      unit="s"
      times={series.times}
      binMs={series.binMs}
      endMs={series.endMs}
      faults={faults ?? series.faults}
      width={width}
      height={height}
      lines={[
        { name: 'p50', values: toSeconds(series.responseP50) },
        { name: 'p95', values: toSeconds(series.responseP95) },
        { name: 'p99', values: toSeconds(series.responseP99) },
      ]}
    />
  )
}

/** Tasks finished per simulated second. */
export function ThroughputChart({ series, faults, width, height }: MetricChartProps) {
  return (
    <TimeSeriesChart
      title="Throughput"
      unit="tasks/s"
      times={series.times}
      binMs={series.binMs}
      endMs={series.endMs}
      faults={faults ?? series.faults}
      width={width}
      height={height}
      lines={[{ name: 'finished per second', values: series.throughput }]}
    />
  )
}

/** Tasks QUEUED at the LBs and RUNNING on VMs (time-weighted means per bin). */
export function QueueLengthChart({ series, faults, width, height }: MetricChartProps) {
  return (
    <TimeSeriesChart
      title="Queue lengths"
      unit="tasks"
      times={series.times}
      binMs={series.binMs}
      endMs={series.endMs}
      faults={faults ?? series.faults}
      width={width}
      height={height}
      lines={[
        { name: 'queued', values: series.queued },
        { name: 'running', values: series.running },
      ]}
    />
  )
}
