import { line, scalePoint } from 'd3'
import { formatCompact, getFrame, getLineColour, getValueScale } from './chartFrame'
import './charts.css'

/** One line over the sweep's settings (one value per setting; null leaves a gap). */
export interface SweepLine {
  label: string
  values: readonly (number | null)[]
}

/** Props of SweepChart. */
export interface SweepChartProps {
  title: string
  unit: string
  /** What the settings sweep, e.g. "VMs per datacenter". */
  settingLabel: string
  settings: readonly string[]
  lines: readonly SweepLine[]
  /** Dashed lines: a published claim applied to our baseline (never a result of ours). */
  references?: readonly SweepLine[]
  width?: number
  height?: number
}

/** A metric against an experiment's setting, one line per policy, with reference lines dashed. */
export function SweepChart(props: SweepChartProps) {
  const { title, unit, settingLabel, settings, lines, references = [], width, height = 220 } = props
  const frame = getFrame(width, height)
  let max = 0
  for (const l of [...lines, ...references])
    for (const v of l.values) if (v !== null) max = Math.max(max, v)
  const y = getValueScale(max, frame)
  const x = scalePoint<string>()
    .domain(settings as string[])
    .range([frame.margin.left + 10, frame.width - frame.margin.right - 10])
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(settings[i]) ?? 0)
    .y((v) => y(v ?? 0))
  const bottom = frame.height - frame.margin.bottom
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart__title">{`${title} (${unit}) by ${settingLabel}`}</figcaption>
      <svg
        width={frame.width}
        height={frame.height}
        role="img"
        aria-label={`${title} by ${settingLabel}`}
      >
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
          {settings.map((s) => (
            <text key={s} x={x(s)} y={bottom + 14} textAnchor="middle">
              {s}
            </text>
          ))}
        </g>
        {lines.map((l, i) => (
          <path
            key={l.label}
            className="chart__line"
            data-line={l.label}
            d={path(l.values as (number | null)[]) ?? ''}
            stroke={getLineColour(i)}
          />
        ))}
        {references.map((l) => (
          <path
            key={l.label}
            className="chart__line chart__reference"
            data-reference={l.label}
            d={path(l.values as (number | null)[]) ?? ''}
          />
        ))}
      </svg>
      <ul className="chart__legend">
        {lines.map((l, i) => (
          <li key={l.label}>
            <span className="chart__swatch" style={{ background: getLineColour(i) }} />
            {l.label}
          </li>
        ))}
        {references.map((l) => (
          <li key={l.label}>
            <span
              className="chart__swatch"
              style={{ border: '1px dashed var(--chart-reference)' }}
            />
            {l.label}
          </li>
        ))}
      </ul>
    </figure>
  )
}
