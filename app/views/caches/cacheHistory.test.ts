import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../../../src/trace/types'
import { getKeyHistory, getRecentWrites, getWrittenFields } from './cacheHistory'

function makeCommand(seq: number, t: number, to: string, name: string, args: string[]): TraceEvent {
  return {
    seq,
    t,
    type: 'message',
    from: 'LB1',
    to,
    label: name,
    kind: 'call',
    command: { name, args },
  }
}

describe('getWrittenFields', () => {
  it.each([
    ['HSET', ['K', 'a', '1', 'b', '2'], ['a', 'b']],
    ['HSETNX', ['K', 'a', '1'], ['a']],
    ['HDEL', ['K', 'a', 'b'], ['a', 'b']],
    ['SADD', ['K', 'm'], ['m']],
    ['DEL', ['K'], ['']],
  ])('lists what %s touches', (name, args, fields) => {
    expect(getWrittenFields(name, args)).toEqual(fields)
  })
})

describe('getRecentWrites', () => {
  it('collects writes since a time before the playhead, skipping reads', () => {
    const events = [
      makeCommand(1, 100, 'L1', 'HSET', ['Old', 'f', '1']),
      makeCommand(2, 900, 'L1', 'HSET', ['New', 'f', '1']),
      makeCommand(3, 950, 'L1', 'HGET', ['Read', 'f']),
      makeCommand(4, 990, 'L2_Z1', 'HSET', ['Later', 'f', '1']),
    ]

    const recent = getRecentWrites(events, 3, 500)

    expect([...(recent.get('L1')?.keys() ?? [])]).toEqual(['New'])
    expect(recent.has('L2_Z1')).toBe(false)
  })
})

describe('getKeyHistory', () => {
  it('returns one key’s commands on one cache, newest first', () => {
    const events = [
      makeCommand(1, 0, 'L1', 'HSET', ['K', 'f', '1']),
      makeCommand(2, 1, 'L2_Z1', 'HSET', ['K', 'f', '1']),
      makeCommand(3, 2, 'L1', 'HSET', ['Other', 'f', '1']),
      makeCommand(4, 3, 'L1', 'HDEL', ['K', 'f']),
    ]

    expect(getKeyHistory(events, 4, 'L1', 'K').map((e) => e.seq)).toEqual([4, 1])
  })
})
