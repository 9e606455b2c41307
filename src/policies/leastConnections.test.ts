// Tests least connections (fewest active tasks per PE) and how it differs from active monitoring.

import { describe, expect, it } from 'vitest'
import { createActiveMonitoring } from './activeMonitoring'
import { createLeastConnections } from './leastConnections'
import { makeContext, makeTask, makeVm, SIZES } from './policyBuilders'
import type { VmView } from './types'

const choose = (vms: VmView[]) =>
  createLeastConnections().choose(makeTask(), vms, makeContext()).chosen

describe('least-connections', () => {
  it('prefers a big VM that is less busy per PE', () => {
    // Large: 3 tasks / 4 PEs = 0.75; small: 1 task / 1 PE = 1. Large wins.
    const vms = [
      makeVm({ num: 1, ...SIZES.small, activeTasks: 1 }),
      makeVm({ num: 2, ...SIZES.large, activeTasks: 3 }),
    ]

    expect(choose(vms)).toBe(1)
    // Active monitoring counts tasks only (1 < 3) and picks the small VM instead.
    expect(createActiveMonitoring().choose(makeTask(), vms, makeContext()).chosen).toBe(0)
  })

  it.each([
    // 1/2 = 0.5 against 2/4 = 0.5: equal, so the lower number (index 0).
    [{ pes: 2, activeTasks: 1 }, { pes: 4, activeTasks: 2 }, 0],
    // 2/2 = 1 against 3/4 = 0.75: the second.
    [{ pes: 2, activeTasks: 2 }, { pes: 4, activeTasks: 3 }, 1],
    // Idle beats anything busy: 0/1 against 1/4.
    [{ pes: 1, activeTasks: 0 }, { pes: 4, activeTasks: 1 }, 0],
  ])('compares %o with %o and picks index %d', (a, b, expected) => {
    expect(choose([makeVm({ num: 1, ...a }), makeVm({ num: 2, ...b })])).toBe(expected)
  })

  it('breaks equal ratios to the lowest number in an unsorted pool', () => {
    const vms = [
      makeVm({ num: 9, pes: 4, activeTasks: 2 }),
      makeVm({ num: 5, pes: 2, activeTasks: 1 }),
    ]

    expect(choose(vms)).toBe(1)
  })

  it('returns −1 for an empty pool', () => {
    expect(choose([])).toBe(-1)
  })
})
