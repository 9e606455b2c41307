// Text formats shared by the panels: simulated time, speed, cache titles.

/** `12.345 s` (simulated time in ms, always three decimals so the width stays put). */
export function formatSimTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`
}

/** `0.5×`, `2×`, `250×`. */
export function formatSpeed(factor: number): string {
  if (factor < 1) return `${Number(factor.toFixed(2))}×`
  if (factor < 10) return `${Number(factor.toFixed(1))}×`
  return `${Math.round(factor)}×`
}

/** `Redis L1` for L1, `Redis L2 (Zone 2)` for L2_Z2: the region names of the cache inspector. */
export function getCacheTitle(id: string): string {
  const m = /^L2_Z(\d+)$/.exec(id)
  if (m) return `Redis L2 (Zone ${m[1]})`
  return id === 'L1' ? 'Redis L1' : `Redis ${id}`
}

/** `1,234` (by hand: toLocaleString is slow enough to show in a frame profile). */
export function formatCount(n: number): string {
  const digits = String(Math.abs(Math.round(n)))
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return n < 0 && Math.round(n) !== 0 ? `-${grouped}` : grouped
}
