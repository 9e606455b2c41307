// Seeded pseudo-random streams for the engine. Pure arithmetic: never reads Math.random or the clock.
// One run seed is split into independent streams keyed by name, so adding a VM does not shift the
// draws of any other component.

/** A 32-bit PRNG state (mulberry32); plain data so checkpoints can copy it. */
export interface RngState {
  s: number
}

/** FNV-1a hash of a string mixed with a seed: a stable 32-bit key for a stream. */
export function hashKey(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** A new stream for `key` under the run's `seed`. */
export function createStream(seed: number, key: string): RngState {
  return { s: hashKey(seed, key) }
}

/** Next uniform draw in [0, 1) from `rng`, advancing it (mulberry32). */
export function nextRandom(rng: RngState): number {
  rng.s = (rng.s + 0x6d2b79f5) >>> 0
  let t = rng.s
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Uniform integer in [min, max] (inclusive). */
export function nextInt(rng: RngState, min: number, max: number): number {
  return min + Math.floor(nextRandom(rng) * (max - min + 1))
}

/** Uniform float in [min, max). */
export function nextUniform(rng: RngState, min: number, max: number): number {
  return min + nextRandom(rng) * (max - min)
}

/** Exponential draw with the given mean (inter-arrival gaps of a Poisson process). */
export function nextExponential(rng: RngState, mean: number): number {
  return -Math.log(1 - nextRandom(rng)) * mean
}
