// Tests active monitoring (fewest active tasks) on hand-checked pools.

import { describe, expect, it } from 'vitest'
import { createActiveMonitoring } from './activeMonitoring'
import { makeContext, makeTask, makeVm, SIZES } from './policyBuilders'
import type { VmView } from './types'

const choose = (vms: VmView[]) =>
  createActiveMonitoring().choose(makeTask(), vms, makeContext()).chosen

describe('active-monitoring', () => {
  it.each([
    // VM_2 and VM_3 both hold 1 task, fewer than VM_1's 3; the lower number wins.
    [[3, 1, 1], 1],
    [[0, 0, 0], 0],
    [[4, 2, 0], 2],
    // Busy VMs still take work: it never returns −1 on a non-empty pool.
    [[5, 6, 7], 0],
  ])('given active tasks %o picks index %d', (active, expected) => {
    const vms = active.map((activeTasks, i) => makeVm({ num: i + 1, activeTasks }))

    expect(choose(vms)).toBe(expected)
  })

  it('counts tasks only, ignoring how many PEs a VM has', () => {
    // Large (4 PEs) with 2 tasks loses to small (1 PE) with 1 task: 1 < 2.
    const vms = [
      makeVm({ num: 1, ...SIZES.large, activeTasks: 2 }),
      makeVm({ num: 2, ...SIZES.small, activeTasks: 1 }),
    ]

    expect(choose(vms)).toBe(1)
  })

  it('breaks ties to the lowest number in an unsorted pool', () => {
    expect(choose([makeVm({ num: 6 }), makeVm({ num: 3 })])).toBe(1)
  })

  it('returns −1 for an empty pool', () => {
    expect(choose([])).toBe(-1)
  })
})
