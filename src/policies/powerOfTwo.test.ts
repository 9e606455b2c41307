// Tests power of two choices with scripted draws, including that the pair is always distinct.

import { describe, expect, it } from 'vitest'
import { makeContext, makeRandom, makeScriptedRandom, makeTask, makeVm } from './policyBuilders'
import { createPowerOfTwo } from './powerOfTwo'
import type { VmView } from './types'

const choose = (vms: VmView[], draws: number[]) =>
  createPowerOfTwo().choose(makeTask(), vms, makeContext({ random: makeScriptedRandom(draws) }))
    .chosen

const pool = (...active: number[]) =>
  active.map((activeTasks, i) => makeVm({ num: i + 1, activeTasks }))

describe('power-of-two', () => {
  it.each([
    // first = floor(0.5 × 4) = 2; second = floor(0 × 3) = 0 (below 2, kept). VM_1 (0 tasks) wins.
    [[0, 5, 3, 5], [0.5, 0], 0],
    // first = floor(0.25 × 4) = 1; drawn floor(0.5 × 3) = 1 ≥ 1, so second = 2. 2 tasks < 4.
    [[0, 4, 2, 0], [0.25, 0.5], 2],
    // first = 3, drawn floor(0.9 × 3) = 2 → second 2; both hold 1 task: the lower number, index 2.
    [[0, 0, 1, 1], [0.8, 0.9], 2],
  ])('given active tasks %o and draws %o picks index %d', (active, draws, expected) => {
    expect(choose(pool(...active), draws)).toBe(expected)
  })

  it('takes a lone VM without drawing', () => {
    expect(choose(pool(9), [])).toBe(0)
  })

  it('returns −1 for an empty pool without drawing', () => {
    expect(choose([], [])).toBe(-1)
  })

  it('never samples the same VM twice (seed 11)', () => {
    // With distinct pairs the loaded VM always meets an idle one and loses; a repeated draw of
    // the loaded VM would pick it.
    const vms = pool(0, 0, 9, 0)
    const ctx = makeContext({ random: makeRandom(11) })

    for (let i = 0; i < 2_000; i++) {
      expect(createPowerOfTwo().choose(makeTask(), vms, ctx).chosen).not.toBe(2)
    }
  })
})
