import { line } from 'd3'
import type { FaultWindow } from '../../../src/metrics/traceSeries'
import {
  formatCompact,
  getFrame,
  getLineColour,
  getTimeScale,
  getTimeTickFormat,
  getValueScale,
} from './chartFrame'
import { FaultBands } from './FaultBands'
import './charts.css'

/** One line of a time-series chart; null values leave a gap. */
export interface TimeSeriesLine {
  name: string
  values: readonly (number | null)[]
}

/** Props of TimeSeriesChart. */
export interface TimeSeriesChartProps {
  title: string
  /** Unit for the value axis, e.g. "s" or "tasks/s". */
  unit: string
  /** Bin starts (ms), bin width and the chart's end, as in MetricSeries. */
  times: readonly number[]
  binMs: number
  endMs: number
  lines: readonly TimeSeriesLine[]
  faults?: readonly FaultWindow[]
  width?: number
  height?: number
}

/** A multi-line chart over simulated time with fault windows shaded behind the lines. */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { title, unit, times, binMs, endMs, lines, faults = [], width, height } = props
  const frame = getFrame(width, height)
  const x = getTimeScale(endMs, frame)
  const formatTick = getTimeTickFormat(endMs)
  let max = 0
  for (const l of lines) for (const v of l.values) if (v !== null && v > max) max = v
  const y = getValueScale(max, frame)
  const bottom = frame.height - frame.margin.bottom
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(times[i] + binMs / 2))
    .y((v) => y(v ?? 0))
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart__title">{title}</figcaption>
      <svg width={frame.width} height={frame.height} role="img" aria-label={`${title} over time`}>
        <FaultBands faults={faults} x={x} top={frame.margin.top} bottom={bottom} endMs={endMs} />
        <g className="chart__grid chart__axis">
          {y.ticks(4).map((tick) => (
            <g key={tick}>
              <line
                x1={frame.margin.left}
                x2={frame.width - frame.margin.right}
                y1={y(tick)}
                y2={y(tick)}
              />
              <text x={frame.margin.left - 4} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatCompact(tick)}
              </text>
            </g>
          ))}
        </g>
        <g className="chart__axis">
          {x.ticks(5).map((tick) => (
            <text key={tick} x={x(tick)} y={bottom + 14} textAnchor="middle">
              {formatTick(tick)}
            </text>
          ))}
          <text x={4} y={frame.margin.top + 8}>
            {unit}
          </text>
        </g>
        {lines.map((l, i) => (
          <g key={l.name}>
            <path
              className="chart__line"
              data-line={l.name}
              d={path(l.values as (number | null)[]) ?? ''}
              stroke={getLineColour(i)}
            />
            {/* A value with no neighbour is a path of one point, which draws nothing: a dot. */}
            {getIsolated(l.values).map((b) => (
              <circle
                key={b}
                data-point={l.name}
                cx={x(times[b] + binMs / 2)}
                cy={y(l.values[b] ?? 0)}
                r={2.5}
                fill={getLineColour(i)}
              />
            ))}
          </g>
        ))}
      </svg>
      <ul className="chart__legend">
        {lines.map((l, i) => (
          <li key={l.name}>
            <span className="chart__swatch" style={{ background: getLineColour(i) }} />
            {l.name}
          </li>
        ))}
      </ul>
    </figure>
  )
}

/** The bins holding a value whose neighbours on both sides hold none. */
export function getIsolated(values: readonly (number | null)[]): number[] {
  const isolated: number[] = []
  values.forEach((v, b) => {
    if (v !== null && (values[b - 1] ?? null) === null && (values[b + 1] ?? null) === null) {
      isolated.push(b)
    }
  })
  return isolated
}
