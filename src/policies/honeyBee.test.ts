// Tests the honey bee rule step by step, with a stand-in engine adding each task to its VM.

import { describe, expect, it } from 'vitest'
import { createHoneyBee, isOverloaded } from './honeyBee'
import { makeContext, makeTask, makeVm, SIZES, type TestVm } from './policyBuilders'
import type { PolicyContext } from './types'

/** Runs `count` tasks, adding each one to its VM as the engine would; returns the indexes. */
function run(vms: TestVm[], count: number, ctx: PolicyContext = makeContext()): number[] {
  const policy = createHoneyBee()
  return Array.from({ length: count }, () => {
    const { chosen } = policy.choose(makeTask(), vms, ctx)
    if (chosen !== -1) vms[chosen].activeTasks++
    return chosen
  })
}

describe('isOverloaded', () => {
  it.each([
    // Limit 2 tasks per PE: a 1-PE VM is overloaded from 2 tasks, a 4-PE VM from 8.
    [1, 1, false],
    [1, 2, true],
    [4, 7, false],
    [4, 8, true],
  ])('with %d PEs and %d tasks is %s', (pes, activeTasks, expected) => {
    expect(isOverloaded(makeVm({ num: 1, pes, activeTasks }), 2)).toBe(expected)
  })
})

describe('honey-bee', () => {
  it('keeps a 1-PE VM until it holds 2 tasks, then moves to the least loaded', () => {
    const vms = [1, 2, 3].map((num) => makeVm({ num, ...SIZES.small }))

    // VM_1 takes 2, then VM_2 and VM_3 take 2 each. With all at 2 (all overloaded), each task
    // scouts the least loaded: VM_1 on the tie, then VM_2 (2 < 3), then VM_3.
    expect(run(vms, 9)).toEqual([0, 0, 1, 1, 2, 2, 0, 1, 2])
  })

  it('lets a VM with more PEs hold more bees', () => {
    const vms = [makeVm({ num: 1, ...SIZES.small }), makeVm({ num: 2, ...SIZES.large })]

    // Small takes 2 (overloaded at 2 × 1 PE), large takes 8 (2 × 4 PEs); then both sit at
    // 2 tasks per PE and the tie goes to VM_1.
    expect(run(vms, 11)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0])
  })

  it('stays with its source while finishing tasks keep it underloaded', () => {
    const vms = [1, 2].map((num) => makeVm({ num, ...SIZES.small }))
    const ctx = makeContext()
    run(vms, 1, ctx)

    // VM_1's task finishes; it is idle again and still the source.
    vms[0].activeTasks = 0
    const next = run(vms, 2, ctx)

    expect(next).toEqual([0, 0])
    expect(ctx.state).toEqual({ beeSource: 1 })
  })

  it('scouts a new source when the old one leaves the pool', () => {
    const ctx = makeContext({ state: { beeSource: 4 } })
    const vms = [makeVm({ num: 1, activeTasks: 1 }), makeVm({ num: 2 })]

    // VM_4 is gone; VM_2 (0 tasks) is the least loaded.
    expect(run(vms, 1, ctx)).toEqual([1])
    expect(ctx.state).toEqual({ beeSource: 2 })
  })

  it('returns −1 for an empty pool and keeps its source', () => {
    const ctx = makeContext({ state: { beeSource: 3 } })

    expect(run([], 1, ctx)).toEqual([-1])
    expect(ctx.state).toEqual({ beeSource: 3 })
  })

  it('rejects a forage limit that is not positive', () => {
    expect(() => createHoneyBee({ forageLimit: 0 })).toThrow(/forageLimit=0/)
  })
})
