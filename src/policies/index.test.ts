// Tests the policy registry: names, factories, descriptions and name checking.

import { describe, expect, it } from 'vitest'
import { describePolicy, getPolicy, isPolicyName, POLICY_NAMES } from './index'
import { makeContext, makeTask, makeVm } from './policyBuilders'
import type { PolicyName } from './types'

describe('POLICY_NAMES', () => {
  it('lists the nine policies in picker order', () => {
    expect(POLICY_NAMES).toEqual([
      'sbdlb',
      'round-robin',
      'weighted-round-robin',
      'throttled',
      'active-monitoring',
      'least-connections',
      'random',
      'power-of-two',
      'honey-bee',
    ])
  })
})

describe('getPolicy', () => {
  it.each(POLICY_NAMES)('builds %s under its own name', (name) => {
    expect(getPolicy(name).name).toBe(name)
  })

  it('passes the tunables to SBDLB', () => {
    // Threshold 1 skips VM_1's single task; VM_2 wins although VM_1 would score the same.
    const vms = [makeVm({ num: 1, activeTasks: 1 }), makeVm({ num: 2 })]

    const { chosen } = getPolicy('sbdlb', { threshold: 1 }).choose(makeTask(), vms, makeContext())

    expect(chosen).toBe(1)
  })

  it('throws for an unknown name, listing the known ones', () => {
    expect(() => getPolicy('fastest' as PolicyName)).toThrow(/\[name=fastest\].*sbdlb, round-robin/)
  })
})

describe('describePolicy', () => {
  it.each(POLICY_NAMES)('describes %s in one sentence', (name) => {
    const text = describePolicy(name)

    expect(text).toMatch(/^[A-Z].*\.$/)
    expect(text.slice(0, -1)).not.toMatch(/\.\s/)
  })
})

describe('isPolicyName', () => {
  it.each([
    ['sbdlb', true],
    ['honey-bee', true],
    ['toString', false],
    ['', false],
    [3, false],
  ])('says %o is a policy name: %s', (value, expected) => {
    expect(isPolicyName(value)).toBe(expected)
  })
})
