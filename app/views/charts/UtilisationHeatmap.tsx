import { formatSimTime, getFrame, getTimeScale, getTimeTickFormat } from './chartFrame'
import { FaultBands } from './FaultBands'
import type { MetricChartProps } from './MetricCharts'
import './charts.css'

/** Rows drawn at most; larger pools are grouped (each row averages a run of VMs). */
export const MAX_HEATMAP_ROWS = 120

interface HeatRow {
  label: string
  cells: number[]
}

/** Groups VM rows into at most `maxRows` rows, each the mean of consecutive VMs. */
export function groupHeatRows(
  vmIds: readonly string[],
  util: readonly number[][],
  maxRows: number,
): HeatRow[] {
  const per = Math.max(1, Math.ceil(vmIds.length / maxRows))
  const rows: HeatRow[] = []
  for (let start = 0; start < vmIds.length; start += per) {
    const ids = vmIds.slice(start, start + per)
    const cells = util[start].map((_, b) => {
      let sum = 0
      for (let k = 0; k < ids.length; k++) sum += util[start + k][b]
      return sum / ids.length
    })
    rows.push({ label: ids.length === 1 ? ids[0] : `${ids[0]}–${ids[ids.length - 1]}`, cells })
  }
  return rows
}

/** Utilisation per VM (rows) and time bin (columns): the share of the bin the VM was busy. */
export function UtilisationHeatmap({ series, faults, width, height }: MetricChartProps) {
  const rows = groupHeatRows(series.vmIds, series.utilisation, MAX_HEATMAP_ROWS)
  const frame = getFrame(width, height ?? Math.max(120, Math.min(480, rows.length * 6 + 30)))
  const x = getTimeScale(series.endMs, frame)
  const formatTick = getTimeTickFormat(series.endMs)
  const top = frame.margin.top
  const bottom = frame.height - frame.margin.bottom
  const rowH = rows.length ? (bottom - top) / rows.length : 0
  const cellW = Math.max(1, x(series.binMs) - x(0))
  const title = 'Utilisation heatmap'
  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart__title">{title}</figcaption>
      <svg
        width={frame.width}
        height={frame.height}
        role="img"
        aria-label={`${title}, VMs by time`}
      >
        <rect
          className="chart__heat-bg"
          x={frame.margin.left}
          y={top}
          width={Math.max(0, frame.width - frame.margin.left - frame.margin.right)}
          height={Math.max(0, bottom - top)}
        />
        <g data-testid="heatmap.cells">
          {rows.map((row, r) =>
            row.cells.map((u, b) => (
              <rect
                key={`${row.label}-${series.times[b]}`}
                x={x(series.times[b])}
                y={top + r * rowH}
                width={cellW}
                height={Math.max(0.5, rowH)}
                className="chart__heat-cell"
                fillOpacity={Number(u.toFixed(3))}
              >
                <title>{`${row.label} at ${formatSimTime(series.times[b])}: ${Math.round(u * 100)} % busy`}</title>
              </rect>
            )),
          )}
        </g>
        <g className="chart__axis">
          {rows.length > 0 && (
            <>
              <text x={frame.margin.left - 4} y={top + rowH / 2} dy="0.32em" textAnchor="end">
                {rows[0].label}
              </text>
              <text x={frame.margin.left - 4} y={bottom - rowH / 2} dy="0.32em" textAnchor="end">
                {rows[rows.length - 1].label}
              </text>
            </>
          )}
          {x.ticks(5).map((tick) => (
            <text key={tick} x={x(tick)} y={bottom + 14} textAnchor="middle">
              {formatTick(tick)}
            </text>
          ))}
        </g>
        <g opacity={0.8}>
          <FaultBands
            faults={faults ?? series.faults}
            x={x}
            top={top}
            bottom={bottom}
            endMs={series.endMs}
          />
        </g>
      </svg>
    </figure>
  )
}
