// Tests round robin on small hand-checked pools, including VMs leaving and joining.

import { describe, expect, it } from 'vitest'
import { makeContext, makeTask, makeVm } from './policyBuilders'
import { createRoundRobin } from './roundRobin'
import type { PolicyContext, VmView } from './types'

const pool = (...nums: number[]) => nums.map((num) => makeVm({ num }))
const chooseNum = (vms: VmView[], ctx: PolicyContext) => {
  const { chosen } = createRoundRobin().choose(makeTask(), vms, ctx)
  return chosen === -1 ? -1 : vms[chosen].num
}

describe('round-robin', () => {
  it('hands tasks to the VMs in turn and wraps', () => {
    const vms = pool(1, 2, 3)
    const ctx = makeContext()

    const nums = [1, 2, 3, 4].map(() => chooseNum(vms, ctx))

    expect(nums).toEqual([1, 2, 3, 1])
  })

  it('ignores load', () => {
    const vms = [makeVm({ num: 1, activeTasks: 9 }), makeVm({ num: 2 })]

    const { chosen } = createRoundRobin().choose(makeTask(), vms, makeContext())

    expect(chosen).toBe(0)
  })

  it('keeps its turn when a VM leaves the pool', () => {
    const ctx = makeContext()
    chooseNum(pool(1, 2, 3, 4), ctx)
    chooseNum(pool(1, 2, 3, 4), ctx)

    // VM_2 took the last task and then left; the turn passes to the next number, VM_3.
    const afterLeave = chooseNum(pool(1, 3, 4), ctx)
    // VM_4 leaves too; nothing is above 3, so the turn wraps to VM_1.
    const afterWrap = chooseNum(pool(1, 3), ctx)

    expect([afterLeave, afterWrap]).toEqual([3, 1])
  })

  it('gives a VM that joins above the last number its turn', () => {
    const ctx = makeContext()
    chooseNum(pool(1, 2), ctx)

    const nums = [chooseNum(pool(1, 2, 5), ctx), chooseNum(pool(1, 2, 5), ctx)]

    expect(nums).toEqual([2, 5])
  })

  it('rotates in number order even when the pool is not sorted', () => {
    const vms = pool(7, 3, 5)
    const ctx = makeContext()

    const nums = [1, 2, 3, 4].map(() => chooseNum(vms, ctx))

    expect(nums).toEqual([3, 5, 7, 3])
  })

  it('keeps the last chosen number as plain state', () => {
    const ctx = makeContext()

    chooseNum(pool(4, 8), ctx)

    expect(ctx.state).toEqual({ rrLastNum: 4 })
  })

  it('returns −1 for an empty pool and leaves the state alone', () => {
    const ctx = makeContext({ state: { rrLastNum: 3 } })

    expect(chooseNum([], ctx)).toBe(-1)
    expect(ctx.state).toEqual({ rrLastNum: 3 })
  })
})
