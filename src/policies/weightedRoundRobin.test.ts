// Tests MIPS weights and the smooth weighted round robin sequence on hand-checked pools.

import { describe, expect, it } from 'vitest'
import { makeContext, makeTask, makeVm, SIZES } from './policyBuilders'
import type { VmView } from './types'
import { createWeightedRoundRobin, getMipsWeight } from './weightedRoundRobin'

const choose = (vms: VmView[], ctx = makeContext()) =>
  createWeightedRoundRobin().choose(makeTask(), vms, ctx).chosen

describe('getMipsWeight', () => {
  it.each([
    // SPEC §1 sizes over the small VM's 2,500 MIPS: 1, 2 and 4.
    [2_500, 2_500, 1],
    [5_000, 2_500, 2],
    [10_000, 2_500, 4],
    // 7,500 / 5,000 = 1.5 rounds half up to 2; 6,000 / 5,000 = 1.2 rounds down to 1.
    [7_500, 5_000, 2],
    [6_000, 5_000, 1],
    // A VM without MIPS still weighs 1 rather than 0, so it is not starved forever.
    [0, 2_500, 1],
  ])('weighs %d MIPS against a smallest of %d as %d', (mips, minMips, expected) => {
    expect(getMipsWeight(mips, minMips)).toBe(expected)
  })
})

describe('weighted-round-robin', () => {
  it('interleaves small, medium and large VMs 1 : 2 : 4', () => {
    const vms = [
      makeVm({ num: 1, ...SIZES.small }),
      makeVm({ num: 2, ...SIZES.medium }),
      makeVm({ num: 3, ...SIZES.large }),
    ]
    const ctx = makeContext()

    const picks = Array.from({ length: 7 }, () => choose(vms, ctx))

    // Weights 1, 2, 4 (total 7). Current weights before → after each pick:
    // [1,2,4] → large [1,2,−3]; [2,4,1] → medium [2,−3,1]; [3,−1,5] → large [3,−1,−2];
    // [4,1,2] → small [−3,1,2]; [−2,3,6] → large [−2,3,−1]; [−1,5,3] → medium [−1,−2,3];
    // [0,0,7] → large [0,0,0], back to the start.
    expect(picks).toEqual([2, 1, 2, 0, 2, 1, 2])
    expect(ctx.state.wrrCurrent).toEqual([0, 0, 0])
  })

  it('alternates equal VMs starting from the lowest number', () => {
    const vms = [makeVm({ num: 1 }), makeVm({ num: 2 })]
    const ctx = makeContext()

    // [1,1] tie → VM_1 [−1,1]; [0,2] → VM_2 [0,0]; and so on.
    const picks = Array.from({ length: 4 }, () => choose(vms, ctx))

    expect(picks).toEqual([0, 1, 0, 1])
  })

  it('carries survivors’ current weights over when the pool changes', () => {
    const small = makeVm({ num: 1, ...SIZES.small })
    const medium = makeVm({ num: 2, ...SIZES.medium })
    const large = makeVm({ num: 3, ...SIZES.large })
    const ctx = makeContext()
    choose([small, medium, large], ctx)

    // After one pick the current weights are [1, 2, −3]. Small leaves; the smallest MIPS is now
    // 5,000, so medium weighs 1 and large 2: [2+1, −3+2] = [3, −1] → medium, then [0, −1].
    const chosen = choose([medium, large], ctx)

    expect(chosen).toBe(0)
    expect(ctx.state).toEqual({ wrrNums: [2, 3], wrrCurrent: [0, -1] })
  })

  it('starts a VM that joins at current weight 0', () => {
    const ctx = makeContext({ state: { wrrNums: [1], wrrCurrent: [0] } })

    // [0+1, 0+1] tie → VM_1 wins on number; [1−2, 1] = [−1, 1].
    const chosen = choose([makeVm({ num: 1 }), makeVm({ num: 2 })], ctx)

    expect(chosen).toBe(0)
    expect(ctx.state).toEqual({ wrrNums: [1, 2], wrrCurrent: [-1, 1] })
  })

  it('returns −1 for an empty pool', () => {
    expect(choose([])).toBe(-1)
  })
})
