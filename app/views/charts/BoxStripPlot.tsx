import { quantileSorted, scaleBand } from 'd3'
import { formatCompact, getFrame, getLineColour, getValueScale } from './chartFrame'
import './charts.css'

/** One box: a label (a policy) and its values (one per seed). */
export interface BoxGroup {
  label: string
  values: readonly number[]
}

/** A horizontal reference line, e.g. a published figure. */
export interface ReferenceLine {
  label: string
  value: number
}

/** Props of BoxStripPlot. */
export interface BoxStripPlotProps {
  title: string
  unit: string
  groups: readonly BoxGroup[]
  references?: readonly ReferenceLine[]
  width?: number
  height?: number
}

// One dot per value, in seed order: equal values still need distinct ids.
const getDots = (g: BoxGroup) => g.values.map((v, i) => ({ id: `${g.label}#${i + 1}`, v, i }))

/** Box (quartiles, median, min–max whiskers) plus every value as a dot, per group. */
export function BoxStripPlot({
  title,
  unit,
  groups,
  references = [],
  width,
  height = 200,
}: BoxStripPlotProps) {
  const frame = getFrame(width ?? Math.max(260, 90 * groups.length + 70), height)
  // The band's step, before padding: room for a label (about 6 px a character at 10 px).
  const step = (frame.width - frame.margin.left - frame.margin.right) / Math.max(1, groups.length)
  const labels = groups.map((g) => splitLabel(g.label, Math.floor(step / LABEL_CHAR_PX)))
  if (labels.some((l) => l.length > 1)) frame.margin.bottom += LABEL_LINE_PX
  let max = 0
  for (const g of groups) for (const v of g.values) max = Math.max(max, v)
  for (const r of references) max = Math.max(max, r.value)
  const y = getValueScale(max, frame)
  const x = scaleBand<string>()
    .domain(groups.map((g) => g.label))
    .range([frame.margin.left, frame.width - frame.margin.right])
    .padding(0.3)
  const bw = x.bandwidth()
  const bottom = frame.height - frame.margin.bottom
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart__title">{`${title} (${unit})`}</figcaption>
      <svg width={frame.width} height={frame.height} role="img" aria-label={`${title} by policy`}>
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
        {groups.map((g, gi) => {
          const sorted = [...g.values].sort((a, b) => a - b)
          const left = x(g.label) ?? 0
          const q = (p: number) => quantileSorted(sorted, p) ?? 0
          const colour = getLineColour(gi)
          return (
            <g key={g.label} data-group={g.label}>
              {sorted.length > 0 && (
                <>
                  <line
                    x1={left + bw / 2}
                    x2={left + bw / 2}
                    y1={y(sorted[0])}
                    y2={y(sorted[sorted.length - 1])}
                    stroke={colour}
                  />
                  <rect
                    x={left}
                    y={y(q(0.75))}
                    width={bw}
                    height={Math.max(1, y(q(0.25)) - y(q(0.75)))}
                    fill="none"
                    stroke={colour}
                  />
                  <line
                    x1={left}
                    x2={left + bw}
                    y1={y(q(0.5))}
                    y2={y(q(0.5))}
                    stroke={colour}
                    strokeWidth={2}
                  />
                </>
              )}
              {getDots(g).map(({ id, v, i }) => (
                <circle
                  key={id}
                  cx={left + bw * (0.2 + 0.6 * ((i * 0.618) % 1))} // golden-ratio jitter
                  cy={y(v)}
                  r={2.5}
                  fill={colour}
                  opacity={0.7}
                >
                  <title>{`${g.label}: ${formatCompact(v)} ${unit}`}</title>
                </circle>
              ))}
              <text
                className="chart__axis"
                x={left + bw / 2}
                y={bottom + 14}
                textAnchor="middle"
                fontSize={10}
              >
                {labels[gi].map((line, k) => (
                  <tspan key={line} x={left + bw / 2} dy={k === 0 ? 0 : LABEL_LINE_PX}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          )
        })}
        {references.map((r) => (
          <g key={r.label} data-reference={r.label}>
            <line
              className="chart__reference"
              x1={frame.margin.left}
              x2={frame.width - frame.margin.right}
              y1={y(r.value)}
              y2={y(r.value)}
            />
            <text
              className="chart__reference-label"
              x={frame.width - frame.margin.right}
              y={y(r.value) - 3}
              textAnchor="end"
            >
              {r.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  )
}

const LABEL_CHAR_PX = 6
const LABEL_LINE_PX = 11

/**
 * A group's label as one line, or as two broken after the hyphen nearest its middle when it is
 * longer than `maxChars` ("weighted-round-robin" → "weighted-", "round-robin").
 */
export function splitLabel(label: string, maxChars: number): string[] {
  if (label.length <= maxChars) return [label]
  let best = -1
  for (let i = label.indexOf('-'); i >= 0; i = label.indexOf('-', i + 1)) {
    if (best < 0 || Math.abs(i + 1 - label.length / 2) < Math.abs(best + 1 - label.length / 2)) {
      best = i
    }
  }
  return best < 0 ? [label] : [label.slice(0, best + 1), label.slice(best + 1)]
}
