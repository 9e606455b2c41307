// Checks the java.util.Random port against published Java outputs and a BigInt reference LCG.
// Test-only: touches nothing but javaRandom.ts.

import { describe, expect, it } from 'vitest'
import { collectionsShuffle, JavaRandom } from './javaRandom'

/** Straightforward BigInt transcription of java.util.Random, used as an independent oracle. */
class BigIntRandom {
  private seed: bigint
  constructor(seed: number) {
    this.seed = (BigInt(seed) ^ 0x5deece66dn) & ((1n << 48n) - 1n)
  }
  next(bits: number): number {
    this.seed = (this.seed * 0x5deece66dn + 0xbn) & ((1n << 48n) - 1n)
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)))
  }
  nextInt(bound: number): number {
    if ((bound & -bound) === bound) {
      return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n)
    }
    for (;;) {
      const bits = this.next(31)
      const val = bits % bound
      if (BigInt.asIntN(32, BigInt(bits - val + (bound - 1))) >= 0n) return val
    }
  }
  nextDouble(): number {
    return Number((BigInt(this.next(26)) << 27n) + BigInt(this.next(27))) * 2 ** -53
  }
}

describe('JavaRandom', () => {
  it('reproduces new Random(42).nextInt() from Java', () => {
    const r = new JavaRandom(42)
    expect([r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt()]).toEqual([
      -1170105035, 234785527, -1360544799, 205897768,
    ])
  })

  it('reproduces new Random(42).nextDouble() from Java', () => {
    expect(new JavaRandom(42).nextDouble()).toBe(0.7275636800328681)
  })

  it('matches the BigInt oracle bit for bit over many draws and seeds', () => {
    for (const seed of [0, 1, 42, -7, 123456789, 2 ** 40 + 3]) {
      const a = new JavaRandom(seed)
      const b = new BigIntRandom(seed)
      for (let i = 0; i < 2000; i++) {
        const kind = i % 4
        if (kind === 0) expect(a.nextInt()).toBe(b.next(32))
        else if (kind === 1) expect(a.nextDouble()).toBe(b.nextDouble())
        else if (kind === 2) expect(a.nextInt(16)).toBe(b.nextInt(16))
        else {
          // Bounds near 2^31 exercise Java's rejection loop.
          const bound = i % 8 === 3 ? 0x7ffffffd : 1 + (i % 1000)
          expect(a.nextInt(bound)).toBe(b.nextInt(bound))
        }
      }
    }
  })

  it('rejects non-positive bounds like Java', () => {
    expect(() => new JavaRandom(1).nextInt(0)).toThrow(RangeError)
  })
})

describe('collectionsShuffle', () => {
  it('shuffles [0..4] with Random(42) to [1, 2, 3, 4, 0]', () => {
    // Derivation from the nextInt() vectors above: next(31) = nextInt() >>> 1.
    // i=5: 1562431130 % 5 = 0 → swap(4,0); i=4 (power of 2): 117392763 >> 29 = 0 → swap(3,0);
    // i=3: 1467211248 % 3 = 0 → swap(2,0); i=2: 102948884 >> 30 = 0 → swap(1,0).
    // [0,1,2,3,4] → [4,1,2,3,0] → [3,1,2,4,0] → [2,1,3,4,0] → [1,2,3,4,0].
    expect(collectionsShuffle([0, 1, 2, 3, 4], new JavaRandom(42))).toEqual([1, 2, 3, 4, 0])
  })

  it('follows Java’s swap(i−1, nextInt(i)) order on a longer list', () => {
    const list = 'abcdefghij'.split('')
    const expected = [...list]
    const oracle = new BigIntRandom(42)
    for (let i = expected.length; i > 1; i--) {
      const j = oracle.nextInt(i)
      ;[expected[i - 1], expected[j]] = [expected[j], expected[i - 1]]
    }
    expect(collectionsShuffle(list, new JavaRandom(42))).toEqual(expected)
    expect(list.join('')).toBe('egcbhjifda')
  })
})
