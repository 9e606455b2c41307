// Tests the throttled policy (one task per VM) on hand-checked pools.

import { describe, expect, it } from 'vitest'
import { makeContext, makeTask, makeVm } from './policyBuilders'
import { createThrottled } from './throttled'
import type { VmView } from './types'

const choose = (vms: VmView[], explain = false) =>
  createThrottled().choose(makeTask(), vms, makeContext({ explain }))

describe('throttled', () => {
  it.each([
    // Both idle: the lower number takes it.
    [[0, 0, 0], 0],
    // VM_1 busy with one task: the next idle VM.
    [[1, 0, 0], 1],
    // Only VM_3 is idle.
    [[2, 1, 0], 2],
    // Nobody idle: the task waits in the LB's queue.
    [[1, 1, 1], -1],
  ])('given active tasks %o picks index %d', (active, expected) => {
    const vms = active.map((activeTasks, i) => makeVm({ num: i + 1, activeTasks }))

    expect(choose(vms).chosen).toBe(expected)
  })

  it('prefers the lowest idle number in an unsorted pool', () => {
    const vms = [makeVm({ num: 8 }), makeVm({ num: 2 })]

    expect(choose(vms).chosen).toBe(1)
  })

  it('shows busy VMs as skipped at the threshold', () => {
    const vms = [makeVm({ num: 1, activeTasks: 1 }), makeVm({ num: 2 }), makeVm({ num: 3 })]

    const { candidates } = choose(vms, true)

    expect(candidates?.map((c) => [c.vm, c.score, c.skipped])).toEqual([
      ['VM_1', -1, 'threshold'],
      ['VM_2', 1, undefined],
      ['VM_3', 0, undefined],
    ])
  })
})
