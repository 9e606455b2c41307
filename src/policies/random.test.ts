// Tests the random policy with scripted draws and a seeded stream; no other randomness is used.

import { describe, expect, it } from 'vitest'
import { makeContext, makeRandom, makeScriptedRandom, makeTask, makeVm } from './policyBuilders'
import { createRandom } from './random'

const pool = (n: number) => Array.from({ length: n }, (_, i) => makeVm({ num: i + 1 }))

describe('random', () => {
  it.each([
    // floor(draw × 4): 0 → 0, 0.5 → 2, 0.74 → 2, 0.75 → 3, 0.999 → 3.
    [0, 0],
    [0.5, 2],
    [0.74, 2],
    [0.75, 3],
    [0.999, 3],
  ])('maps a draw of %d over 4 VMs to index %d', (draw, expected) => {
    const ctx = makeContext({ random: makeScriptedRandom([draw]) })

    expect(createRandom().choose(makeTask(), pool(4), ctx).chosen).toBe(expected)
  })

  it('draws nothing for an empty pool', () => {
    // The scripted stream throws if drawn from.
    const ctx = makeContext({ random: makeScriptedRandom([]) })

    expect(createRandom().choose(makeTask(), [], ctx).chosen).toBe(-1)
  })

  it('spreads picks evenly over the pool (seed 7)', () => {
    const ctx = makeContext({ random: makeRandom(7) })
    const counts = [0, 0, 0, 0]

    for (let i = 0; i < 40_000; i++)
      counts[createRandom().choose(makeTask(), pool(4), ctx).chosen]++

    // 10,000 expected each; ±5 % is over 10 standard deviations (σ ≈ 87).
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500)
  })
})
