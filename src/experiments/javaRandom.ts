// Bit-exact port of java.util.Random and Collections.shuffle, so the CloudSim-compat workload is the
// very one the original Java run drew. Pure arithmetic: touches no engine state, clock or Math.random.

const MULT_HI = 0x5de // 0x5DEECE66D split at bit 24: high part
const MULT_LO = 0xece66d // low 24 bits
const TWO24 = 0x1000000
const TWO31 = 0x80000000
const TWO53 = 2 ** 53

/** java.util.Random: the 48-bit LCG seed' = (seed × 0x5DEECE66D + 0xB) mod 2^48, kept exact. */
export class JavaRandom {
  // The 48-bit seed as two 24-bit halves: every partial product stays below 2^53, so doubles are
  // exact and no BigInt is needed on the hot path.
  private hi = 0
  private lo = 0

  /** `new Random(seed)`; the seed may be a number (|seed| < 2^53) or a bigint. */
  constructor(seed: number | bigint) {
    this.setSeed(seed)
  }

  /** `Random.setSeed`: scrambles the seed with 0x5DEECE66D, as Java's constructor does. */
  setSeed(seed: number | bigint): void {
    const s = (BigInt(seed) ^ 0x5deece66dn) & 0xffffffffffffn
    this.hi = Number(s >> 24n)
    this.lo = Number(s & 0xffffffn)
  }

  /** `Random.next(bits)`: advances the LCG and returns its top `bits` bits (1 ≤ bits ≤ 32). */
  next(bits: number): number {
    const loProd = this.lo * MULT_LO + 0xb
    const carry = Math.floor(loProd / TWO24)
    const newLo = loProd - carry * TWO24
    const hiSum = this.hi * MULT_LO + this.lo * MULT_HI + carry
    this.hi = hiSum - Math.floor(hiSum / TWO24) * TWO24
    this.lo = newLo
    const state = this.hi * TWO24 + this.lo
    const r = Math.floor(state / 2 ** (48 - bits))
    // Java's (int) cast: for 32 bits the value wraps to a signed int.
    return bits === 32 ? r | 0 : r
  }

  /** `Random.nextInt()`: a uniformly distributed signed 32-bit int. */
  nextInt(): number
  /** `Random.nextInt(bound)`: uniform in [0, bound), with Java's rejection loop for exactness. */
  nextInt(bound: number): number
  nextInt(bound?: number): number {
    if (bound === undefined) return this.next(32)
    if (!Number.isInteger(bound) || bound <= 0 || bound > 0x7fffffff) {
      throw new RangeError('bound must be a positive int')
    }
    // Power of two: Java takes the high bits, (int)((bound * (long)next(31)) >> 31).
    if ((bound & -bound) === bound) return Math.floor(this.next(31) / (TWO31 / bound))
    for (;;) {
      const bits = this.next(31)
      const val = bits % bound
      // Java rejects when bits - val + (bound - 1) overflows int (goes negative).
      if (((bits - val + (bound - 1)) | 0) >= 0) return val
    }
  }

  /** `Random.nextDouble()`: ((next(26) << 27) + next(27)) × 2^-53, in [0, 1). */
  nextDouble(): number {
    const a = this.next(26)
    const b = this.next(27)
    return (a * 2 ** 27 + b) / TWO53
  }
}

/** `Collections.shuffle(list, rnd)` in place: for i = size−1 … 1, swap(i, rnd.nextInt(i + 1)). */
export function collectionsShuffle<T>(list: T[], rnd: JavaRandom): T[] {
  for (let i = list.length; i > 1; i--) {
    const j = rnd.nextInt(i)
    const tmp = list[i - 1]
    list[i - 1] = list[j]
    list[j] = tmp
  }
  return list
}
