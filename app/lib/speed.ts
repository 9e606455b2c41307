// The speed scale: a logarithmic slider from 0.1× to 1000× and the presets +/− step through.

export const SPEED_MIN = 0.1
export const SPEED_MAX = 1000
export const SPEED_PRESETS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const

/** Slider position (log10 of the factor, −1 to 3) of a speed factor. */
export function getSliderValue(factor: number): number {
  return Math.log10(Math.min(SPEED_MAX, Math.max(SPEED_MIN, factor)))
}

/** Speed factor of a slider position, rounded to two significant digits. */
export function getSpeedFromSlider(value: number): number {
  const raw = 10 ** Math.min(3, Math.max(-1, value))
  return Number(raw.toPrecision(2))
}

/** The next preset above (`dir` 1) or below (−1) `factor`. */
export function getNextSpeed(factor: number, dir: 1 | -1): number {
  if (dir > 0) return SPEED_PRESETS.find((p) => p > factor * 1.001) ?? SPEED_MAX
  return [...SPEED_PRESETS].reverse().find((p) => p < factor / 1.001) ?? SPEED_MIN
}
