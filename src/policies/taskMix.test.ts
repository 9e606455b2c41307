// Tests the default task mix (SPEC §4) and min–max length normalisation (SPEC §5 step 3).

import { describe, expect, it } from 'vitest'
import { DEFAULT_TASK_MIX, normaliseLength, TASK_PRIORITY } from './taskMix'

describe('normaliseLength', () => {
  const text = { minMi: 1_000, maxMi: 10_000 }

  it.each([
    // (1,000 − 1,000) / 9,000 = 0: the shortest Text task.
    [1_000, text, 0],
    // (5,500 − 1,000) / 9,000 = 0.5: the midpoint.
    [5_500, text, 0.5],
    // (10,000 − 1,000) / 9,000 = 1: the longest.
    [10_000, text, 1],
    // (3,250 − 1,000) / 9,000 = 0.25.
    [3_250, text, 0.25],
    // Below the range clamps to 0, above it to 1.
    [500, text, 0],
    [20_000, text, 1],
    // A zero-width range gives 0, whatever the length.
    [5_000, { minMi: 5_000, maxMi: 5_000 }, 0],
    // An inverted range has no width either.
    [5_000, { minMi: 10_000, maxMi: 1_000 }, 0],
    // A NaN length lands on 0 rather than poisoning the demand.
    [Number.NaN, text, 0],
  ])('scales %d MI in %o to %d', (lengthMi, range, expected) => {
    expect(normaliseLength(lengthMi, range)).toBeCloseTo(expected, 12)
  })
})

describe('DEFAULT_TASK_MIX', () => {
  it('lists Text, Image and Reel with the shares and ranges of SPEC §4', () => {
    expect(DEFAULT_TASK_MIX).toEqual([
      { type: 'Text', share: 0.5, minMi: 1_000, maxMi: 10_000, priority: 'high' },
      { type: 'Image', share: 0.3, minMi: 10_000, maxMi: 100_000, priority: 'medium' },
      { type: 'Reel', share: 0.2, minMi: 100_000, maxMi: 1_000_000, priority: 'low' },
    ])
  })

  it('has shares that sum to 1', () => {
    const total = DEFAULT_TASK_MIX.reduce((sum, entry) => sum + entry.share, 0)

    expect(total).toBeCloseTo(1, 12)
  })

  it('agrees with TASK_PRIORITY', () => {
    for (const entry of DEFAULT_TASK_MIX) expect(entry.priority).toBe(TASK_PRIORITY[entry.type])
  })

  it('is frozen so no run can change another run’s mix', () => {
    expect(Object.isFrozen(DEFAULT_TASK_MIX)).toBe(true)
    expect(Object.isFrozen(DEFAULT_TASK_MIX[0])).toBe(true)
  })
})
