import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { executeCommand } from './commands'
import { CacheCommandError } from './errors'
import { createCache, dumpKeyspace, type KeyspaceDump } from './store'

// A deliberately naive Redis model: Maps and arrays, no hot-path tricks, written from the Redis
// docs. The store must agree with it on every reply and on the final keyspace.
type ModelValue =
  | { type: 'hash'; fields: Map<string, string> }
  | { type: 'set'; members: Set<string> }
  | { type: 'list'; items: string[] }
type ModelReply = { ok: unknown } | { error: string }

const ARITY: Record<string, [number, number]> = {
  HSET: [3, 99],
  HGET: [2, 2],
  HGETALL: [1, 1],
  HDEL: [2, 99],
  HSETNX: [3, 3],
  HEXISTS: [2, 2],
  HLEN: [1, 1],
  SADD: [2, 99],
  SREM: [2, 99],
  SMEMBERS: [1, 1],
  SISMEMBER: [2, 2],
  SCARD: [1, 1],
  DEL: [1, 99],
  EXISTS: [1, 99],
  TYPE: [1, 1],
  RPUSH: [2, 99],
  LPOP: [1, 2],
  LRANGE: [3, 3],
  LLEN: [1, 1],
}
const HASH_COMMANDS = ['HSET', 'HGET', 'HGETALL', 'HDEL', 'HSETNX', 'HEXISTS', 'HLEN']
const SET_COMMANDS = ['SADD', 'SREM', 'SMEMBERS', 'SISMEMBER', 'SCARD']
const LIST_COMMANDS = ['RPUSH', 'LPOP', 'LRANGE', 'LLEN']

function runModel(model: Map<string, ModelValue>, rawName: string, args: string[]): ModelReply {
  const name = rawName.toUpperCase()
  const arity = ARITY[name]
  if (arity === undefined) return { error: 'UNKNOWN_COMMAND' }
  if (args.length < arity[0] || args.length > arity[1]) return { error: 'WRONG_ARITY' }
  if (name === 'HSET' && args.length % 2 === 0) return { error: 'WRONG_ARITY' }
  const isInt = (text: string) => /^(0|-?[1-9][0-9]{0,17})$/.test(text)
  if (name === 'LRANGE' && !(isInt(args[1]) && isInt(args[2]))) return { error: 'NOT_INTEGER' }
  if (name === 'LPOP' && args.length === 2 && !(isInt(args[1]) && Number(args[1]) >= 0)) {
    return { error: 'NOT_POSITIVE' }
  }

  const key = args[0]
  const current = model.get(key)
  const wanted = HASH_COMMANDS.includes(name)
    ? 'hash'
    : SET_COMMANDS.includes(name)
      ? 'set'
      : LIST_COMMANDS.includes(name)
        ? 'list'
        : undefined
  if (wanted !== undefined && current !== undefined && current.type !== wanted) {
    return { error: 'WRONGTYPE' }
  }
  const hash = current?.type === 'hash' ? current.fields : new Map<string, string>()
  const set = current?.type === 'set' ? current.members : new Set<string>()
  const list = current?.type === 'list' ? current.items : []
  const rest = args.slice(1)
  const dropIfEmpty = (size: number) => {
    if (size === 0) model.delete(key)
  }

  switch (name) {
    case 'HSET': {
      let added = 0
      for (let i = 0; i < rest.length; i += 2) {
        if (!hash.has(rest[i])) added++
        hash.set(rest[i], rest[i + 1])
      }
      model.set(key, { type: 'hash', fields: hash })
      return { ok: added }
    }
    case 'HSETNX':
      if (hash.has(rest[0])) return { ok: 0 }
      hash.set(rest[0], rest[1])
      model.set(key, { type: 'hash', fields: hash })
      return { ok: 1 }
    case 'HGET':
      return { ok: hash.get(rest[0]) ?? null }
    case 'HGETALL':
      return { ok: Object.fromEntries(hash) }
    case 'HDEL': {
      const removed = rest.filter((field) => hash.delete(field)).length
      dropIfEmpty(hash.size)
      return { ok: removed }
    }
    case 'HEXISTS':
      return { ok: hash.has(rest[0]) ? 1 : 0 }
    case 'HLEN':
      return { ok: hash.size }
    case 'SADD': {
      const added = rest.filter((member) => !set.has(member) && set.add(member)).length
      model.set(key, { type: 'set', members: set })
      return { ok: added }
    }
    case 'SREM': {
      const removed = rest.filter((member) => set.delete(member)).length
      dropIfEmpty(set.size)
      return { ok: removed }
    }
    case 'SMEMBERS':
      return { ok: [...set] }
    case 'SISMEMBER':
      return { ok: set.has(rest[0]) ? 1 : 0 }
    case 'SCARD':
      return { ok: set.size }
    case 'DEL':
      return { ok: args.filter((k) => model.delete(k)).length }
    case 'EXISTS':
      return { ok: args.filter((k) => model.has(k)).length }
    case 'TYPE':
      return { ok: current?.type ?? 'none' }
    case 'RPUSH':
      list.push(...rest)
      model.set(key, { type: 'list', items: list })
      return { ok: list.length }
    case 'LPOP': {
      if (current === undefined) return { ok: null }
      const popped = list.splice(0, rest.length === 0 ? 1 : Number(rest[0]))
      dropIfEmpty(list.length)
      return { ok: rest.length === 0 ? popped[0] : popped }
    }
    case 'LRANGE': {
      const n = list.length
      const from = Math.max(Number(rest[0]) < 0 ? n + Number(rest[0]) : Number(rest[0]), 0)
      const to = Math.min(Number(rest[1]) < 0 ? n + Number(rest[1]) : Number(rest[1]), n - 1)
      return { ok: from > to ? [] : list.slice(from, to + 1) }
    }
    case 'LLEN':
      return { ok: list.length }
    default:
      throw new Error(`model has no case for ${name}`)
  }
}

function dumpModel(model: Map<string, ModelValue>): KeyspaceDump {
  const dump: KeyspaceDump = {}
  for (const key of [...model.keys()].sort()) {
    const value = model.get(key) as ModelValue
    const entry =
      value.type === 'hash'
        ? { type: value.type, value: Object.fromEntries([...value.fields].sort()) }
        : value.type === 'set'
          ? { type: value.type, value: [...value.members].sort() }
          : { type: value.type, value: [...value.items] }
    Object.defineProperty(dump, key, { value: entry, enumerable: true, writable: true })
  }
  return dump
}

function runStore(store: ReturnType<typeof createCache>, name: string, args: string[]) {
  try {
    return { ok: executeCommand(store, name, args) }
  } catch (error) {
    if (error instanceof CacheCommandError) return { error: error.code }
    throw error
  }
}

// Small pools make keys, fields and members collide often, so deletes empty hashes and sets.
// Each type mostly uses its own keys; the rest of the time any key, to reach WRONGTYPE.
const anyKeyArb = fc.constantFrom('h', '__proto__', 's', '', 'l', 'k 1')
const keyOf = (...own: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 5 }, { arbitrary: anyKeyArb, weight: 1 })
const hashKeyArb = keyOf('h', '__proto__')
const setKeyArb = keyOf('s', '')
const listKeyArb = keyOf('l', 'k 1')
const textArb = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', '', '__proto__'), weight: 6 },
  { arbitrary: fc.constantFrom('toString', '1', '10', 'a b'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 3 }), weight: 1 },
)
const textsArb = fc.array(textArb, { minLength: 1, maxLength: 3 })
const intArb = fc.oneof(
  { arbitrary: fc.integer({ min: -6, max: 6 }).map(String), weight: 6 },
  { arbitrary: fc.constantFrom('x', '007', '+1', '-0', ''), weight: 1 },
)
type Call = [string, string[]]
const call = (name: string, ...parts: (string | string[])[]): Call => [name, parts.flat()]
const commandArb: fc.Arbitrary<Call> = fc.oneof(
  fc
    .tuple(hashKeyArb, fc.array(fc.tuple(textArb, textArb), { minLength: 1, maxLength: 3 }))
    .map(([key, pairs]) => call('HSET', key, pairs.flat())),
  fc.tuple(hashKeyArb, textsArb).map(([key, fields]) => call('HDEL', key, fields)),
  fc.tuple(hashKeyArb, textArb, textArb).map(([key, f, v]) => call('HSETNX', key, f, v)),
  fc
    .tuple(fc.constantFrom('HGET', 'HEXISTS'), hashKeyArb, textArb)
    .map(([name, key, f]) => call(name, key, f)),
  fc.tuple(fc.constantFrom('HGETALL', 'HLEN'), hashKeyArb).map(([name, key]) => call(name, key)),
  fc
    .tuple(fc.constantFrom('SADD', 'SADD', 'SREM'), setKeyArb, textsArb)
    .map(([name, key, members]) => call(name, key, members)),
  fc.tuple(setKeyArb, textArb).map(([key, member]) => call('SISMEMBER', key, member)),
  fc.tuple(fc.constantFrom('SMEMBERS', 'SCARD'), setKeyArb).map(([name, key]) => call(name, key)),
  fc.tuple(listKeyArb, textsArb).map(([key, items]) => call('RPUSH', key, items)),
  fc
    .tuple(listKeyArb, fc.option(intArb, { nil: undefined }))
    .map(([key, n]) => (n === undefined ? call('LPOP', key) : call('LPOP', key, n))),
  fc.tuple(listKeyArb, intArb, intArb).map(([key, a, b]) => call('LRANGE', key, a, b)),
  fc.tuple(listKeyArb).map(([key]) => call('LLEN', key)),
  fc
    .tuple(fc.constantFrom('DEL', 'EXISTS'), fc.array(anyKeyArb, { minLength: 1, maxLength: 3 }))
    .map(([name, keys]) => call(name, keys)),
  fc.tuple(anyKeyArb).map(([key]) => call('TYPE', key)),
  // Any name with any argument count: arity errors, unknown commands, lower-case names.
  fc
    .tuple(
      fc.constantFrom('hset', 'HDEL', 'sadd', 'LPOP', 'LRANGE', 'GET', 'HINCRBY'),
      fc.array(textArb, { maxLength: 4 }),
    )
    .map(([name, args]) => call(name, args)),
)

describe('executeCommand against a reference model', () => {
  it('gives the same replies and keyspace for random command sequences (seed 20240601)', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 80, size: 'max' }), (commands) => {
        const store = createCache('L1')
        const model = new Map<string, ModelValue>()

        for (const [name, args] of commands) {
          expect(runStore(store, name, args), `${name} ${JSON.stringify(args)}`).toEqual(
            runModel(model, name, args),
          )
        }

        expect(dumpKeyspace(store)).toEqual(dumpModel(model))
      }),
      { seed: 20240601, numRuns: 400 },
    )
  })
})
