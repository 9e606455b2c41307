// Summary statistics on hand-computed values. Test-only; touches nothing but stats.ts.

import { describe, expect, it } from 'vitest'
import {
  getCoefficientOfVariation,
  getDistribution,
  getMaxOverMean,
  getQuantile,
  getStdDev,
} from './stats'

describe('getQuantile', () => {
  it.each([
    // n = 5, h = 4q: q 0.5 → rank 2 exactly; q 0.95 → 3.8, between 40 and 50: 40 + 0.8 × 10.
    [0.5, 30],
    [0.95, 48],
    [0.99, 49.6],
    [0, 10],
    [1, 50],
  ])('interpolates between ranks at q = %f', (q, expected) => {
    expect(getQuantile([10, 20, 30, 40, 50], q)).toBeCloseTo(expected, 9)
  })

  it('gives 0 for no values', () => {
    expect(getQuantile([], 0.5)).toBe(0)
  })
})

describe('getDistribution', () => {
  it('sorts a copy and reports count, mean, percentiles and max', () => {
    const values = [50, 10, 40, 20, 30]

    const d = getDistribution(values)

    expect(d).toEqual({ count: 5, mean: 30, p50: 30, p95: 48, p99: expect.any(Number), max: 50 })
    expect(values).toEqual([50, 10, 40, 20, 30])
  })

  it('is all zeros for no values', () => {
    expect(getDistribution([])).toEqual({ count: 0, mean: 0, p50: 0, p95: 0, p99: 0, max: 0 })
  })
})

describe('imbalance', () => {
  it('computes the population CV and max over mean', () => {
    // mean 0.5; deviations ±0.25 → σ = 0.25; CV = 0.5; max/mean = 0.75 / 0.5 = 1.5.
    const u = [0.25, 0.75, 0.25, 0.75]

    expect(getStdDev(u)).toBeCloseTo(0.25, 12)
    expect(getCoefficientOfVariation(u)).toBeCloseTo(0.5, 12)
    expect(getMaxOverMean(u)).toBeCloseTo(1.5, 12)
  })

  it('is 0 for an all-idle pool', () => {
    expect(getCoefficientOfVariation([0, 0])).toBe(0)
    expect(getMaxOverMean([0, 0])).toBe(0)
  })
})
