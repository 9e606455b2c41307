import { describe, expect, it } from 'vitest'
import { createStream, nextInt, nextRandom } from './rng'

describe('seeded streams', () => {
  it('repeats the same draws for the same seed and key', () => {
    const a = createStream(42, 'arrivals')
    const b = createStream(42, 'arrivals')

    const xs = Array.from({ length: 5 }, () => nextRandom(a))

    expect(Array.from({ length: 5 }, () => nextRandom(b))).toEqual(xs)
  })

  it('gives independent streams per key and per seed', () => {
    const first = (seed: number, key: string) => nextRandom(createStream(seed, key))

    expect(first(42, 'a')).not.toBe(first(42, 'b'))
    expect(first(42, 'a')).not.toBe(first(43, 'a'))
  })

  it('stays in [0, 1) and covers integer ranges inclusively', () => {
    const rng = createStream(1, 'x')
    const seen = new Set<number>()

    for (let i = 0; i < 2000; i++) {
      const u = nextRandom(rng)
      expect(u).toBeGreaterThanOrEqual(0)
      expect(u).toBeLessThan(1)
      seen.add(nextInt(rng, 1, 3))
    }

    expect([...seen].sort()).toEqual([1, 2, 3])
  })
})
