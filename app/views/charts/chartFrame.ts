// Shared chart geometry and formatting: frames, colours, time scales and axis labels. Pure
// helpers used by every chart component; no React and no DOM access here.

import { scaleLinear } from 'd3'

/** A chart's outer size and the margins around its plot area, in px. */
export interface ChartFrame {
  width: number
  height: number
  margin: { top: number; right: number; bottom: number; left: number }
}

/** Default frame: wide and short, room for axis labels on the left and bottom. */
export function getFrame(width = 560, height = 180): ChartFrame {
  return { width, height, margin: { top: 8, right: 12, bottom: 22, left: 52 } }
}

/** Line colour of series `i` (CSS variable, so the theme decides). */
export const getLineColour = (i: number): string => `var(--chart-line-${i % 5})`

/** Simulated time scale over [0, endMs] onto the plot's width. */
export function getTimeScale(endMs: number, frame: ChartFrame) {
  return scaleLinear()
    .domain([0, Math.max(1, endMs)])
    .range([frame.margin.left, frame.width - frame.margin.right])
}

/** A value scale from 0 to a rounded-up maximum onto the plot's height. */
export function getValueScale(max: number, frame: ChartFrame) {
  return scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice()
    .range([frame.height - frame.margin.bottom, frame.margin.top])
}

/** Time units by the largest duration (exclusive, ms) each reads best for, and their size in ms. */
const TIME_UNITS: readonly { below: number; unit: string; ms: number }[] = [
  { below: 1000, unit: 'ms', ms: 1 },
  { below: 120_000, unit: 's', ms: 1000 },
  { below: 7_200_000, unit: 'min', ms: 60_000 },
  { below: 172_800_000, unit: 'h', ms: 3_600_000 },
  { below: Number.POSITIVE_INFINITY, unit: 'd', ms: 86_400_000 },
]

function getTimeUnit(ms: number) {
  const abs = Math.abs(ms)
  return TIME_UNITS.find((u) => abs < u.below) ?? TIME_UNITS[TIME_UNITS.length - 1]
}

/** Simulated time as a short label: ms, s, min, h or days, whichever reads best. */
export function formatSimTime(ms: number): string {
  const u = getTimeUnit(ms)
  return u.ms === 1 ? `${Math.round(ms)} ms` : `${Number((ms / u.ms).toFixed(1))} ${u.unit}`
}

/**
 * Tick labels for a time axis over [0, endMs], all in one unit (the one formatSimTime picks for
 * the axis's end), so an axis reads 0 s, 10 s, 20 s rather than 0 ms, 10 s, 20 s.
 */
export function getTimeTickFormat(endMs: number): (ms: number) => string {
  const u = getTimeUnit(endMs)
  return (ms) => `${Number((ms / u.ms).toFixed(2))} ${u.unit}`
}

/** A number with SI-ish suffixes for axis ticks: 1.5k, 2.3M, 4.1G. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n)
  if (abs >= 1e9) return `${Number((n / 1e9).toFixed(2))}G`
  if (abs >= 1e6) return `${Number((n / 1e6).toFixed(2))}M`
  if (abs >= 1e4) return `${Number((n / 1e3).toFixed(1))}k`
  return String(Number(n.toFixed(abs < 10 ? 3 : 1)))
}
