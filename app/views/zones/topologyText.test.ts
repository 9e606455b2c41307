import { describe, expect, it } from 'vitest'
import { getOwnerChips, MAX_OWNER_CHIPS, type ZoneOwner } from './topologyText'

function owners(count: number, changed: Partial<Record<number, Partial<ZoneOwner>>> = {}) {
  return Array.from({ length: count }, (_, i) => ({
    zone: i + 1,
    owner: `LB${i + 1}`,
    epoch: 0,
    ...changed[i + 1],
  }))
}

describe('getOwnerChips', () => {
  it('names every zone of a small topology', () => {
    const chips = getOwnerChips(owners(MAX_OWNER_CHIPS, { 1: { owner: 'LB2', epoch: 1 } }))
    expect(chips.shown.map((o) => `${o.zone}:${o.owner}`)).toEqual([
      '1:LB2',
      '2:LB2',
      '3:LB3',
      '4:LB4',
    ])
    expect(chips.others).toBe(0)
  })

  it('names only the zones that changed hands in a larger one, and counts the rest', () => {
    const chips = getOwnerChips(
      owners(16, { 3: { owner: 'LB4', epoch: 1 }, 9: { owner: 'LB9', epoch: 2 } }),
    )
    expect(chips.shown.map((o) => `${o.zone}:${o.owner}`)).toEqual(['3:LB4', '9:LB9'])
    expect(chips.others).toBe(14)
  })

  it('counts every zone when none changed hands', () => {
    expect(getOwnerChips(owners(16))).toEqual({ shown: [], others: 16 })
  })
})
