import { describe, expect, it } from 'vitest'

import { executeCommand } from './commands'
import { CacheCommandError } from './errors'
import {
  createCache,
  del,
  dumpKeyspace,
  exists,
  getKeyType,
  hdel,
  hexists,
  hget,
  hgetall,
  hlen,
  hset,
  hsetnx,
  llen,
  lpop,
  lrange,
  rpush,
  sadd,
  scard,
  sismember,
  smembers,
  srem,
} from './store'

function makeWorldCache() {
  const store = createCache('L1')
  hset(store, 'Task_Meta_101', 'Assigned_Zone', 'Zone_1')
  hset(store, 'Task_Meta_101', 'Status', 'QUEUED')
  sadd(store, 'Queued_LB1', 'Task_101')
  rpush(store, 'Log', 'first')
  return store
}

describe('createCache', () => {
  it('returns an empty store with the trace id', () => {
    const store = createCache('L2_Z1')

    expect(store.id).toBe('L2_Z1')
    expect(store.keyspace.size).toBe(0)
    expect(dumpKeyspace(store)).toEqual({})
  })
})

describe('hash helpers', () => {
  it('return Redis integer replies', () => {
    const store = createCache('L1')

    expect(hset(store, 'h', 'f', '1')).toBe(1)
    expect(hset(store, 'h', 'f', '2')).toBe(0)
    expect(hsetnx(store, 'h', 'f', '3')).toBe(0)
    expect(hsetnx(store, 'h', 'g', '4')).toBe(1)
    expect(hexists(store, 'h', 'g')).toBe(1)
    expect(hlen(store, 'h')).toBe(2)
    expect(hget(store, 'h', 'f')).toBe('2')
    expect(hgetall(store, 'h')).toEqual({ f: '2', g: '4' })
    expect(hdel(store, 'h', 'f')).toBe(1)
    expect(hdel(store, 'h', 'f')).toBe(0)
  })

  it('hdel deletes the key with its last field', () => {
    const store = createCache('L1')
    hset(store, 'VM_1', 'Task_101', 'FINISHED')

    expect(hdel(store, 'VM_1', 'Task_101')).toBe(1)

    expect(exists(store, 'VM_1')).toBe(0)
    expect(hgetall(store, 'VM_1')).toEqual({})
  })

  it('keep working after many fields come and go on one hash', () => {
    const store = createCache('L2_Z1')
    hset(store, 'VM_1', 'Status', 'ALIVE')

    for (let n = 101; n < 1101; n++) hset(store, 'VM_1', `Task_${n}`, 'RUNNING')
    for (let n = 101; n < 1100; n++) hdel(store, 'VM_1', `Task_${n}`)

    expect(hgetall(store, 'VM_1')).toEqual({ Status: 'ALIVE', Task_1100: 'RUNNING' })
    expect(hlen(store, 'VM_1')).toBe(2)
  })
})

describe('set helpers', () => {
  it('return Redis integer replies and drop an emptied set', () => {
    const store = createCache('L1')

    expect(sadd(store, 's', 'a')).toBe(1)
    expect(sadd(store, 's', 'a')).toBe(0)
    expect(sadd(store, 's', 'b')).toBe(1)
    expect(sismember(store, 's', 'b')).toBe(1)
    expect(scard(store, 's')).toBe(2)
    expect(smembers(store, 's')).toEqual(['a', 'b'])
    expect(srem(store, 's', 'a')).toBe(1)
    expect(srem(store, 's', 'b')).toBe(1)
    expect(srem(store, 's', 'b')).toBe(0)
    expect(getKeyType(store, 's')).toBe('none')
  })
})

describe('list helpers', () => {
  it('push, range, pop and drop an emptied list', () => {
    const store = createCache('L1')

    expect(rpush(store, 'l', 'a')).toBe(1)
    expect(rpush(store, 'l', 'b')).toBe(2)
    expect(lrange(store, 'l', 0, -1)).toEqual(['a', 'b'])
    expect(llen(store, 'l')).toBe(2)
    expect(lpop(store, 'l')).toBe('a')
    expect(lpop(store, 'l')).toBe('b')
    expect(lpop(store, 'l')).toBeNull()
    expect(exists(store, 'l')).toBe(0)
  })
})

describe('typed helpers on the wrong type', () => {
  it.each([
    ['hset', () => hset(makeWorldCache(), 'Queued_LB1', 'f', 'v')],
    ['hget', () => hget(makeWorldCache(), 'Log', 'f')],
    ['hdel', () => hdel(makeWorldCache(), 'Queued_LB1', 'f')],
    ['hsetnx', () => hsetnx(makeWorldCache(), 'Log', 'f', 'v')],
    ['hgetall', () => hgetall(makeWorldCache(), 'Queued_LB1')],
    ['sadd', () => sadd(makeWorldCache(), 'Task_Meta_101', 'm')],
    ['srem', () => srem(makeWorldCache(), 'Log', 'm')],
    ['smembers', () => smembers(makeWorldCache(), 'Task_Meta_101')],
    ['rpush', () => rpush(makeWorldCache(), 'Queued_LB1', 'i')],
    ['lpop', () => lpop(makeWorldCache(), 'Task_Meta_101')],
  ])('%s throws a WRONGTYPE CacheCommandError', (_name, run) => {
    expect(run).toThrow(CacheCommandError)
    expect(run).toThrow(/^WRONGTYPE /)
  })

  it('del removes a key whatever its type', () => {
    const store = makeWorldCache()

    expect(del(store, 'Queued_LB1')).toBe(1)
    expect(del(store, 'Queued_LB1')).toBe(0)
  })
})

describe('dumpKeyspace', () => {
  it('sorts keys, hash fields and set members, and keeps list order', () => {
    const store = createCache('L1')
    executeCommand(store, 'SADD', ['b_set', 'z', 'a', 'm'])
    executeCommand(store, 'HSET', ['a_hash', 'y', '1', 'x', '2'])
    executeCommand(store, 'RPUSH', ['c_list', 'z', 'a'])

    const dump = dumpKeyspace(store)

    expect(JSON.stringify(dump)).toBe(
      '{"a_hash":{"type":"hash","value":{"x":"2","y":"1"}},' +
        '"b_set":{"type":"set","value":["a","m","z"]},' +
        '"c_list":{"type":"list","value":["z","a"]}}',
    )
  })

  it('keeps a key or field named __proto__ as data', () => {
    const store = createCache('L1')
    hset(store, '__proto__', '__proto__', 'v')

    const dump = dumpKeyspace(store)

    expect(Object.keys(dump)).toEqual(['__proto__'])
    expect(JSON.parse(JSON.stringify(dump))).toEqual(dump)
    expect(Object.getPrototypeOf(dump)).toBe(Object.prototype)
  })

  it('returns data that does not alias the store', () => {
    const store = makeWorldCache()

    const dump = dumpKeyspace(store)
    const meta = dump.Task_Meta_101
    if (meta.type === 'hash') meta.value.Status = 'FINISHED'

    expect(hget(store, 'Task_Meta_101', 'Status')).toBe('QUEUED')
  })
})

describe('structuredClone of a store', () => {
  it('copies every kind of value', () => {
    const store = makeWorldCache()
    hset(store, 'Odd', '__proto__', 'x')

    const copy = structuredClone(store)

    expect(copy.id).toBe('L1')
    expect(dumpKeyspace(copy)).toEqual(dumpKeyspace(store))
    expect(hget(copy, 'Odd', '__proto__')).toBe('x')
  })

  it('gives a copy that changes independently of the original', () => {
    const store = makeWorldCache()
    const before = dumpKeyspace(store)

    const copy = structuredClone(store)
    hset(copy, 'Task_Meta_101', 'Status', 'RUNNING')
    srem(copy, 'Queued_LB1', 'Task_101')
    rpush(copy, 'Log', 'second')
    sadd(copy, 'New', 'x')
    hset(store, 'Only_Original', 'f', 'v')

    expect(dumpKeyspace(store)).toEqual({
      ...before,
      Only_Original: { type: 'hash', value: { f: 'v' } },
    })
    expect(dumpKeyspace(copy)).toEqual({
      Log: { type: 'list', value: ['first', 'second'] },
      New: { type: 'set', value: ['x'] },
      Task_Meta_101: { type: 'hash', value: { Assigned_Zone: 'Zone_1', Status: 'RUNNING' } },
    })
  })

  it('keeps types and commands working on the copy', () => {
    const copy = structuredClone(makeWorldCache())

    expect(getKeyType(copy, 'Task_Meta_101')).toBe('hash')
    expect(getKeyType(copy, 'Queued_LB1')).toBe('set')
    expect(getKeyType(copy, 'Log')).toBe('list')
    expect(() => sadd(copy, 'Task_Meta_101', 'm')).toThrow(/^WRONGTYPE /)
    expect(executeCommand(copy, 'SMEMBERS', ['Queued_LB1'])).toEqual(['Task_101'])
  })
})
