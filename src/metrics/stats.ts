// Summary statistics for the run metrics: mean, percentiles, spread. Pure arithmetic over plain
// arrays; must not read the engine, the trace or anything outside its arguments.

/** Count, mean and tail of a set of values, in the values' unit; all 0 when there are none. */
export interface Distribution {
  count: number
  mean: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** The empty distribution (no values). */
export const EMPTY_DISTRIBUTION: Readonly<Distribution> = Object.freeze({
  count: 0,
  mean: 0,
  p50: 0,
  p95: 0,
  p99: 0,
  max: 0,
})

/**
 * The `q`-quantile (0–1) of ascending `sorted` values, interpolating linearly between the two
 * nearest ranks (numpy's default, Hyndman–Fan type 7): rank `h = (n − 1) × q`. 0 when empty.
 */
export function getQuantile(sorted: readonly number[], q: number): number {
  const n = sorted.length
  if (n === 0) return 0
  const h = (n - 1) * Math.min(1, Math.max(0, q))
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** Arithmetic mean; 0 for no values. */
export function getMean(values: readonly number[]): number {
  if (values.length === 0) return 0
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}

/** Population standard deviation (divides by n); 0 for no values. */
export function getStdDev(values: readonly number[]): number {
  if (values.length === 0) return 0
  const mean = getMean(values)
  let sq = 0
  for (const v of values) sq += (v - mean) * (v - mean)
  return Math.sqrt(sq / values.length)
}

/** Coefficient of variation: population standard deviation over the mean; 0 when the mean is 0. */
export function getCoefficientOfVariation(values: readonly number[]): number {
  const mean = getMean(values)
  return mean === 0 ? 0 : getStdDev(values) / mean
}

/** Largest value over the mean (1 = perfectly even); 0 when the mean is 0. */
export function getMaxOverMean(values: readonly number[]): number {
  const mean = getMean(values)
  if (mean === 0) return 0
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > max) max = v
  return max / mean
}

/** Count, mean, p50, p95, p99 and max of `values` (any order; the input is not changed). */
export function getDistribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { ...EMPTY_DISTRIBUTION }
  const sorted = Float64Array.from(values).sort()
  const list = Array.from(sorted)
  return {
    count: list.length,
    mean: getMean(list),
    p50: getQuantile(list, 0.5),
    p95: getQuantile(list, 0.95),
    p99: getQuantile(list, 0.99),
    max: list[list.length - 1],
  }
}
