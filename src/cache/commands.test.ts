import { describe, expect, it } from 'vitest'

import { CACHE_COMMANDS, executeCommand, isReadOnlyCommand } from './commands'
import { CacheCommandError, type CacheErrorCode } from './errors'
import { type CacheStore, createCache, dumpKeyspace } from './store'

function makeStore(commands: readonly (readonly string[])[] = []): CacheStore {
  const store = createCache('L1')
  for (const [name, ...args] of commands) executeCommand(store, name, args)
  return store
}

function errorOf(run: () => unknown): CacheCommandError {
  try {
    run()
  } catch (error) {
    if (error instanceof CacheCommandError) return error
    throw error
  }
  throw new Error('expected a CacheCommandError, but the command succeeded')
}

describe('executeCommand hashes', () => {
  it('HSET returns the number of new fields and overwrites existing ones', () => {
    const store = makeStore()

    expect(
      executeCommand(store, 'HSET', ['Task_Meta_101', 'Status', 'QUEUED', 'Attempts', '0']),
    ).toBe(2)
    expect(
      executeCommand(store, 'HSET', ['Task_Meta_101', 'Status', 'RUNNING', 'Assigned_LB', 'LB1']),
    ).toBe(1)

    expect(executeCommand(store, 'HGETALL', ['Task_Meta_101'])).toEqual({
      Status: 'RUNNING',
      Attempts: '0',
      Assigned_LB: 'LB1',
    })
  })

  it('HSET counts a field repeated in one call once', () => {
    const store = makeStore()

    expect(executeCommand(store, 'HSET', ['h', 'f', '1', 'f', '2'])).toBe(1)

    expect(executeCommand(store, 'HGET', ['h', 'f'])).toBe('2')
  })

  it('HGET returns null for a missing key or field', () => {
    const store = makeStore([['HSET', 'h', 'f', 'v']])

    expect(executeCommand(store, 'HGET', ['h', 'f'])).toBe('v')
    expect(executeCommand(store, 'HGET', ['h', 'g'])).toBeNull()
    expect(executeCommand(store, 'HGET', ['nope', 'f'])).toBeNull()
  })

  it('HGET does not see properties inherited from Object.prototype', () => {
    const store = makeStore([['HSET', 'h', 'f', 'v']])

    expect(executeCommand(store, 'HGET', ['h', 'toString'])).toBeNull()
    expect(executeCommand(store, 'HGET', ['h', '__proto__'])).toBeNull()
    expect(executeCommand(store, 'HEXISTS', ['h', 'constructor'])).toBe(0)
    expect(executeCommand(store, 'HDEL', ['h', 'hasOwnProperty'])).toBe(0)
  })

  it('stores __proto__ and toString as ordinary fields', () => {
    const store = makeStore()

    expect(executeCommand(store, 'HSET', ['h', '__proto__', 'x', 'toString', 'y'])).toBe(2)

    expect(executeCommand(store, 'HGET', ['h', '__proto__'])).toBe('x')
    expect(executeCommand(store, 'HLEN', ['h'])).toBe(2)
    expect(Object.keys(executeCommand(store, 'HGETALL', ['h']) as object)).toEqual([
      '__proto__',
      'toString',
    ])
    expect(executeCommand(store, 'HDEL', ['h', '__proto__', 'toString'])).toBe(2)
    expect(executeCommand(store, 'EXISTS', ['h'])).toBe(0)
  })

  it('HGETALL returns {} for a missing key and a copy that does not alias the store', () => {
    const store = makeStore([['HSET', 'h', 'f', 'v']])

    const all = executeCommand(store, 'HGETALL', ['h']) as Record<string, string>
    all.f = 'changed'

    expect(executeCommand(store, 'HGETALL', ['nope'])).toEqual({})
    expect(executeCommand(store, 'HGET', ['h', 'f'])).toBe('v')
  })

  it('HDEL counts removed fields and deletes the key when the hash becomes empty', () => {
    const store = makeStore([['HSET', 'h', 'a', '1', 'b', '2']])

    expect(executeCommand(store, 'HDEL', ['h', 'a', 'a', 'zzz'])).toBe(1)
    expect(executeCommand(store, 'EXISTS', ['h'])).toBe(1)
    expect(executeCommand(store, 'HDEL', ['h', 'b'])).toBe(1)

    expect(executeCommand(store, 'EXISTS', ['h'])).toBe(0)
    expect(executeCommand(store, 'TYPE', ['h'])).toBe('none')
    expect(executeCommand(store, 'HDEL', ['h', 'b'])).toBe(0)
  })

  it('HSETNX sets a field only when it is absent', () => {
    const store = makeStore()

    expect(executeCommand(store, 'HSETNX', ['Zone_Owner', 'Zone_1', 'LB2:2'])).toBe(1)
    expect(executeCommand(store, 'HSETNX', ['Zone_Owner', 'Zone_1', 'LB1:3'])).toBe(0)

    expect(executeCommand(store, 'HGET', ['Zone_Owner', 'Zone_1'])).toBe('LB2:2')
  })

  it('HEXISTS and HLEN report fields, and 0 for a missing key', () => {
    const store = makeStore([['HSET', 'h', 'a', '1', 'b', '']])

    expect(executeCommand(store, 'HEXISTS', ['h', 'b'])).toBe(1)
    expect(executeCommand(store, 'HEXISTS', ['h', 'c'])).toBe(0)
    expect(executeCommand(store, 'HEXISTS', ['nope', 'a'])).toBe(0)
    expect(executeCommand(store, 'HLEN', ['h'])).toBe(2)
    expect(executeCommand(store, 'HLEN', ['nope'])).toBe(0)
  })
})

describe('executeCommand sets', () => {
  it('SADD and SREM count the members they change', () => {
    const store = makeStore()

    expect(executeCommand(store, 'SADD', ['Queued_LB1', 'Task_101', 'Task_102', 'Task_101'])).toBe(
      2,
    )
    expect(executeCommand(store, 'SADD', ['Queued_LB1', 'Task_102', 'Task_103'])).toBe(1)
    expect(executeCommand(store, 'SREM', ['Queued_LB1', 'Task_101', 'Task_999'])).toBe(1)

    expect(executeCommand(store, 'SMEMBERS', ['Queued_LB1'])).toEqual(['Task_102', 'Task_103'])
  })

  it('SREM deletes the key when the set becomes empty', () => {
    const store = makeStore([['SADD', 's', 'a', 'b']])

    expect(executeCommand(store, 'SREM', ['s', 'a', 'b'])).toBe(2)

    expect(executeCommand(store, 'EXISTS', ['s'])).toBe(0)
    expect(executeCommand(store, 'SREM', ['s', 'a'])).toBe(0)
  })

  it('SMEMBERS, SISMEMBER and SCARD read a missing key as an empty set', () => {
    const store = makeStore([['SADD', 's', 'a', '']])

    expect(executeCommand(store, 'SISMEMBER', ['s', ''])).toBe(1)
    expect(executeCommand(store, 'SISMEMBER', ['s', 'b'])).toBe(0)
    expect(executeCommand(store, 'SCARD', ['s'])).toBe(2)
    expect(executeCommand(store, 'SMEMBERS', ['nope'])).toEqual([])
    expect(executeCommand(store, 'SISMEMBER', ['nope', 'a'])).toBe(0)
    expect(executeCommand(store, 'SCARD', ['nope'])).toBe(0)
  })
})

describe('executeCommand lists', () => {
  it('RPUSH appends and returns the new length; LLEN reads it', () => {
    const store = makeStore()

    expect(executeCommand(store, 'RPUSH', ['l', 'a', 'b'])).toBe(2)
    expect(executeCommand(store, 'RPUSH', ['l', 'c'])).toBe(3)

    expect(executeCommand(store, 'LLEN', ['l'])).toBe(3)
    expect(executeCommand(store, 'LLEN', ['nope'])).toBe(0)
  })

  it('LPOP pops the head, returns null on a missing key and deletes an emptied list', () => {
    const store = makeStore([['RPUSH', 'l', 'a', 'b']])

    expect(executeCommand(store, 'LPOP', ['l'])).toBe('a')
    expect(executeCommand(store, 'LPOP', ['l'])).toBe('b')

    expect(executeCommand(store, 'EXISTS', ['l'])).toBe(0)
    expect(executeCommand(store, 'LPOP', ['l'])).toBeNull()
  })

  it('LPOP with a count returns an array, [] for 0 and null for a missing key', () => {
    const store = makeStore([['RPUSH', 'l', 'a', 'b', 'c']])

    expect(executeCommand(store, 'LPOP', ['l', '0'])).toEqual([])
    expect(executeCommand(store, 'LPOP', ['l', '2'])).toEqual(['a', 'b'])
    expect(executeCommand(store, 'LPOP', ['l', '5'])).toEqual(['c'])
    expect(executeCommand(store, 'LPOP', ['l', '2'])).toBeNull()
    expect(executeCommand(store, 'LPOP', ['l', '0'])).toBeNull()
  })

  it.each([
    // Indexes clamp to the list; negative ones count from the end (list is a b c d).
    ['0', '-1', ['a', 'b', 'c', 'd']],
    ['1', '2', ['b', 'c']],
    ['-2', '-1', ['c', 'd']],
    ['-100', '100', ['a', 'b', 'c', 'd']],
    ['2', '1', []],
    ['4', '10', []],
    ['-1', '-2', []],
    ['0', '-5', []],
  ])('LRANGE %s %s returns %j', (start, stop, expected) => {
    const store = makeStore([['RPUSH', 'l', 'a', 'b', 'c', 'd']])

    expect(executeCommand(store, 'LRANGE', ['l', start, stop])).toEqual(expected)
  })
})

describe('executeCommand keys', () => {
  it('DEL removes keys of any type and counts each existing key once', () => {
    const store = makeStore([
      ['HSET', 'h', 'f', 'v'],
      ['SADD', 's', 'm'],
      ['RPUSH', 'l', 'i'],
    ])

    expect(executeCommand(store, 'DEL', ['h', 's', 'h', 'nope'])).toBe(2)

    expect(dumpKeyspace(store)).toEqual({ l: { type: 'list', value: ['i'] } })
  })

  it('EXISTS counts a key every time it is named', () => {
    const store = makeStore([['SADD', 's', 'm']])

    expect(executeCommand(store, 'EXISTS', ['s', 's', 'nope'])).toBe(2)
  })

  it('TYPE names the kind of value', () => {
    const store = makeStore([
      ['HSET', 'h', 'f', 'v'],
      ['SADD', 's', 'm'],
      ['RPUSH', 'l', 'i'],
    ])

    expect(['h', 's', 'l', 'x'].map((key) => executeCommand(store, 'TYPE', [key]))).toEqual([
      'hash',
      'set',
      'list',
      'none',
    ])
  })

  it('accepts command names in any case', () => {
    const store = makeStore()

    expect(executeCommand(store, 'hSet', ['h', 'f', 'v'])).toBe(1)
    expect(executeCommand(store, 'hget', ['h', 'f'])).toBe('v')
  })

  it('accepts the empty string as a key, field and value', () => {
    const store = makeStore()

    expect(executeCommand(store, 'HSET', ['', '', ''])).toBe(1)

    expect(dumpKeyspace(store)).toEqual({ '': { type: 'hash', value: { '': '' } } })
  })
})

describe('executeCommand errors', () => {
  const wrongType: [string, string[]][] = [
    ['HSET', ['s', 'f', 'v']],
    ['HGET', ['s', 'f']],
    ['HGETALL', ['l']],
    ['HDEL', ['s', 'f']],
    ['HSETNX', ['l', 'f', 'v']],
    ['HEXISTS', ['s', 'f']],
    ['HLEN', ['l']],
    ['SADD', ['h', 'm']],
    ['SREM', ['h', 'm']],
    ['SMEMBERS', ['l']],
    ['SISMEMBER', ['h', 'm']],
    ['SCARD', ['l']],
    ['RPUSH', ['h', 'i']],
    ['LPOP', ['s']],
    ['LPOP', ['h', '2']],
    ['LRANGE', ['s', '0', '-1']],
    ['LLEN', ['h']],
  ]

  it.each(wrongType)('%s %j throws WRONGTYPE and changes nothing', (name, args) => {
    const store = makeStore([
      ['HSET', 'h', 'f', 'v'],
      ['SADD', 's', 'm'],
      ['RPUSH', 'l', 'i'],
    ])
    const before = dumpKeyspace(store)

    const error = errorOf(() => executeCommand(store, name, args))

    expect(error.code).toBe('WRONGTYPE')
    expect(error.message).toMatch(
      /^WRONGTYPE Operation against a key holding the wrong kind of value \[cache L1: /,
    )
    expect(dumpKeyspace(store)).toEqual(before)
  })

  it('rejects a multi-field HSET on a set before writing any field', () => {
    const store = makeStore([['SADD', 's', 'm']])

    expect(errorOf(() => executeCommand(store, 'HSET', ['s', 'a', '1', 'b', '2'])).code).toBe(
      'WRONGTYPE',
    )
    expect(dumpKeyspace(store)).toEqual({ s: { type: 'set', value: ['m'] } })
  })

  const badCalls: [string, string[], CacheErrorCode][] = [
    ['HSET', ['h', 'f'], 'WRONG_ARITY'],
    ['HSET', ['h', 'f', 'v', 'g'], 'WRONG_ARITY'],
    ['HSET', [], 'WRONG_ARITY'],
    ['HGET', ['h'], 'WRONG_ARITY'],
    ['HGETALL', ['h', 'x'], 'WRONG_ARITY'],
    ['HDEL', ['h'], 'WRONG_ARITY'],
    ['HSETNX', ['h', 'f'], 'WRONG_ARITY'],
    ['HEXISTS', ['h', 'f', 'g'], 'WRONG_ARITY'],
    ['HLEN', [], 'WRONG_ARITY'],
    ['SADD', ['s'], 'WRONG_ARITY'],
    ['SREM', ['s'], 'WRONG_ARITY'],
    ['SMEMBERS', [], 'WRONG_ARITY'],
    ['SISMEMBER', ['s'], 'WRONG_ARITY'],
    ['SCARD', ['s', 't'], 'WRONG_ARITY'],
    ['DEL', [], 'WRONG_ARITY'],
    ['EXISTS', [], 'WRONG_ARITY'],
    ['RPUSH', ['l'], 'WRONG_ARITY'],
    ['LPOP', ['l', '1', '2'], 'WRONG_ARITY'],
    ['LRANGE', ['l', '0'], 'WRONG_ARITY'],
    ['LLEN', [], 'WRONG_ARITY'],
    ['GET', ['k'], 'UNKNOWN_COMMAND'],
    ['', [], 'UNKNOWN_COMMAND'],
    ['LRANGE', ['l', 'x', '1'], 'NOT_INTEGER'],
    ['LRANGE', ['l', '007', '1'], 'NOT_INTEGER'],
    ['LRANGE', ['l', '+1', '1'], 'NOT_INTEGER'],
    ['LRANGE', ['l', '-0', '1'], 'NOT_INTEGER'],
    ['LRANGE', ['l', ' 1', '1'], 'NOT_INTEGER'],
    ['LRANGE', ['l', '0', '9223372036854775808'], 'NOT_INTEGER'],
    ['LPOP', ['l', '-1'], 'NOT_POSITIVE'],
    ['LPOP', ['l', 'two'], 'NOT_POSITIVE'],
    // Redis parses the count before looking the key up, so a bad count wins over WRONGTYPE.
    ['LPOP', ['h', 'x'], 'NOT_POSITIVE'],
    ['LRANGE', ['h', 'x', '0'], 'NOT_INTEGER'],
  ]

  it.each(badCalls)('%s %j throws %s', (name, args, code) => {
    const store = makeStore([
      ['HSET', 'h', 'f', 'v'],
      ['RPUSH', 'l', 'i'],
    ])

    expect(errorOf(() => executeCommand(store, name, args)).code).toBe(code)
  })

  it('names the command and its arguments in arity and unknown-command errors', () => {
    const store = makeStore()

    const arity = errorOf(() => executeCommand(store, 'hset', ['Task_Meta_101', 'Status']))
    const unknown = errorOf(() => executeCommand(store, 'HINCRBY', ['h', 'f', '1']))

    expect(arity.message).toBe(
      `ERR wrong number of arguments for 'hset' command [cache L1: HSET "Task_Meta_101" "Status"]`,
    )
    expect(unknown.message).toBe(`ERR unknown command 'HINCRBY' [cache L1: HINCRBY "h" "f" "1"]`)
    expect(unknown).toMatchObject({ cache: 'L1', command: 'HINCRBY', args: ['h', 'f', '1'] })
  })
})

describe('isReadOnlyCommand', () => {
  it('is true exactly for the commands that never change the keyspace', () => {
    const readOnly = CACHE_COMMANDS.filter(isReadOnlyCommand)

    expect(readOnly).toEqual([
      'HGET',
      'HGETALL',
      'HEXISTS',
      'HLEN',
      'SMEMBERS',
      'SISMEMBER',
      'SCARD',
      'EXISTS',
      'TYPE',
      'LRANGE',
      'LLEN',
    ])
    expect(isReadOnlyCommand('hgetall')).toBe(true)
    expect(isReadOnlyCommand('HINCRBY')).toBe(false)
  })
})
