import type { FaultWindow } from '../../../src/metrics/traceSeries'
import { formatSimTime } from './chartFrame'

/** Props of FaultBands. */
export interface FaultBandsProps {
  faults: readonly FaultWindow[]
  /** Maps simulated ms to x (a d3 linear scale). */
  x: (ms: number) => number
  top: number
  bottom: number
  /** Where an unresolved window ends (the chart's right edge, in ms). */
  endMs: number
}

/**
 * Shades each crash behind a chart: red from the crash to its detection, amber from detection
 * to capacity back (VM in its pool again, or the zone taken over).
 */
export function FaultBands({ faults, x, top, bottom, endMs }: FaultBandsProps) {
  return (
    <g className="chart__faults" data-testid="chart.faults">
      {faults.map((f) => {
        const detected = f.detectedMs ?? f.endMs ?? endMs
        const end = f.endMs ?? endMs
        const label = `${f.target} crashed at ${formatSimTime(f.startMs)}${
          f.detectedMs !== null ? `, declared dead at ${formatSimTime(f.detectedMs)}` : ''
        }${f.endMs !== null ? `, capacity back at ${formatSimTime(f.endMs)}` : ''}`
        return (
          <g key={`${f.target}-${f.startMs}`} data-fault={f.target}>
            <title>{label}</title>
            <rect
              className="chart__fault--crash"
              x={x(f.startMs)}
              y={top}
              width={Math.max(1, x(detected) - x(f.startMs))}
              height={bottom - top}
            />
            {end > detected && (
              <rect
                className="chart__fault--recovery"
                x={x(detected)}
                y={top}
                width={Math.max(1, x(end) - x(detected))}
                height={bottom - top}
              />
            )}
          </g>
        )
      })}
    </g>
  )
}
