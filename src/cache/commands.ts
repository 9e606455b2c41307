// The generic Redis command entry: checks names and arity like Redis 7, then applies the typed
// commands of store.ts. Pure: it never records a trace event; the engine does that.

import { CacheCommandError } from './errors'
import {
  type CacheStore,
  type CacheValueType,
  del,
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
  makeWrongTypeError,
  rpush,
  sadd,
  scard,
  sismember,
  smembers,
  srem,
} from './store'

/**
 * A command's reply: a bulk string, an integer, `null` for nil, an array (SMEMBERS, LRANGE,
 * LPOP with a count) or, for HGETALL only, a field → value record instead of Redis' flat array.
 */
export type CacheReply = string | number | null | string[] | Record<string, string>

interface CommandSpec {
  /** Fewest arguments after the name. */
  minArgs: number
  /** Most arguments after the name; Infinity for variadic commands. */
  maxArgs: number
  /** True when the command never changes the keyspace. */
  readOnly: boolean
}

// Arity follows the Redis 7 command table (`COMMAND INFO`), minus one for the name itself.
const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  HSET: { minArgs: 3, maxArgs: Infinity, readOnly: false },
  HGET: { minArgs: 2, maxArgs: 2, readOnly: true },
  HGETALL: { minArgs: 1, maxArgs: 1, readOnly: true },
  HDEL: { minArgs: 2, maxArgs: Infinity, readOnly: false },
  HSETNX: { minArgs: 3, maxArgs: 3, readOnly: false },
  HEXISTS: { minArgs: 2, maxArgs: 2, readOnly: true },
  HLEN: { minArgs: 1, maxArgs: 1, readOnly: true },
  SADD: { minArgs: 2, maxArgs: Infinity, readOnly: false },
  SREM: { minArgs: 2, maxArgs: Infinity, readOnly: false },
  SMEMBERS: { minArgs: 1, maxArgs: 1, readOnly: true },
  SISMEMBER: { minArgs: 2, maxArgs: 2, readOnly: true },
  SCARD: { minArgs: 1, maxArgs: 1, readOnly: true },
  DEL: { minArgs: 1, maxArgs: Infinity, readOnly: false },
  EXISTS: { minArgs: 1, maxArgs: Infinity, readOnly: true },
  TYPE: { minArgs: 1, maxArgs: 1, readOnly: true },
  RPUSH: { minArgs: 2, maxArgs: Infinity, readOnly: false },
  LPOP: { minArgs: 1, maxArgs: 2, readOnly: false },
  LRANGE: { minArgs: 3, maxArgs: 3, readOnly: true },
  LLEN: { minArgs: 1, maxArgs: 1, readOnly: true },
}

/** The command names `executeCommand` accepts, upper case, in a fixed order. */
export const CACHE_COMMANDS: readonly string[] = Object.keys(COMMANDS)

/** Returns true for a known command that never changes the keyspace (HGET, SMEMBERS, …). */
export function isReadOnlyCommand(name: string): boolean {
  const command = name.toUpperCase()
  return Object.hasOwn(COMMANDS, command) && COMMANDS[command].readOnly
}

// Redis' string2ll: optional minus, no plus, no leading zeros, no spaces, within 64 bits.
const INTEGER = /^(0|-?[1-9][0-9]*)$/
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

function parseInteger(text: string): number | null {
  if (!INTEGER.test(text)) return null
  const value = BigInt(text)
  return value < INT64_MIN || value > INT64_MAX ? null : Number(value)
}

// Multi-argument commands check the type once up front, so an error leaves the store untouched.
function checkType(
  store: CacheStore,
  type: CacheValueType,
  command: string,
  args: readonly string[],
): void {
  const found = getKeyType(store, args[0])
  if (found !== type && found !== 'none') throw makeWrongTypeError(store, command, args)
}

function applyHset(store: CacheStore, args: readonly string[]): number {
  const key = args[0]
  checkType(store, 'hash', 'HSET', args)
  let added = 0
  for (let i = 1; i < args.length; i += 2) added += hset(store, key, args[i], args[i + 1])
  return added
}

function applyHdel(store: CacheStore, args: readonly string[]): number {
  const key = args[0]
  checkType(store, 'hash', 'HDEL', args)
  let removed = 0
  for (let i = 1; i < args.length; i++) removed += hdel(store, key, args[i])
  return removed
}

function applySetChange(store: CacheStore, command: string, args: readonly string[]): number {
  const key = args[0]
  checkType(store, 'set', command, args)
  const apply = command === 'SADD' ? sadd : srem
  let changed = 0
  for (let i = 1; i < args.length; i++) changed += apply(store, key, args[i])
  return changed
}

function applyRpush(store: CacheStore, args: readonly string[]): number {
  const key = args[0]
  checkType(store, 'list', 'RPUSH', args)
  let length = 0
  for (let i = 1; i < args.length; i++) length = rpush(store, key, args[i])
  return length
}

function applyLpop(store: CacheStore, args: readonly string[]): string | string[] | null {
  if (args.length === 1) return lpop(store, args[0])
  // Redis parses the count before it looks at the key, and accepts 0.
  const count = parseInteger(args[1])
  if (count === null || count < 0) {
    throw new CacheCommandError('NOT_POSITIVE', store.id, 'LPOP', args)
  }
  const type = getKeyType(store, args[0])
  if (type === 'none') return null
  if (type !== 'list') throw makeWrongTypeError(store, 'LPOP', args)
  const popped: string[] = []
  while (popped.length < count) {
    const head = lpop(store, args[0])
    if (head === null) break
    popped.push(head)
  }
  return popped
}

function applyLrange(store: CacheStore, args: readonly string[]): string[] {
  const start = parseInteger(args[1])
  const stop = parseInteger(args[2])
  if (start === null || stop === null) {
    throw new CacheCommandError('NOT_INTEGER', store.id, 'LRANGE', args)
  }
  return lrange(store, args[0], start, stop)
}

function countKeys(store: CacheStore, args: readonly string[], apply: typeof del): number {
  let count = 0
  for (const key of args) count += apply(store, key)
  return count
}

/**
 * Runs one Redis command (name in any case, arguments as `redis-cli` takes them) and returns its
 * reply. Throws `CacheCommandError` for an unknown name, a wrong arity, a bad integer or a wrong
 * type, in that order as Redis checks them, and then leaves the store untouched.
 */
export function executeCommand(
  store: CacheStore,
  name: string,
  args: readonly string[],
): CacheReply {
  const command = name.toUpperCase()
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  if (spec === undefined) throw new CacheCommandError('UNKNOWN_COMMAND', store.id, name, args)
  const arityOk = args.length >= spec.minArgs && args.length <= spec.maxArgs
  // HSET takes field/value pairs, so key plus pairs is an odd count.
  if (!arityOk || (command === 'HSET' && args.length % 2 === 0)) {
    throw new CacheCommandError('WRONG_ARITY', store.id, command, args)
  }

  switch (command) {
    case 'HSET':
      return applyHset(store, args)
    case 'HGET':
      return hget(store, args[0], args[1])
    case 'HGETALL':
      return hgetall(store, args[0])
    case 'HDEL':
      return applyHdel(store, args)
    case 'HSETNX':
      return hsetnx(store, args[0], args[1], args[2])
    case 'HEXISTS':
      return hexists(store, args[0], args[1])
    case 'HLEN':
      return hlen(store, args[0])
    case 'SADD':
    case 'SREM':
      return applySetChange(store, command, args)
    case 'SMEMBERS':
      return smembers(store, args[0])
    case 'SISMEMBER':
      return sismember(store, args[0], args[1])
    case 'SCARD':
      return scard(store, args[0])
    case 'DEL':
      return countKeys(store, args, del)
    case 'EXISTS':
      return countKeys(store, args, exists)
    case 'TYPE':
      return getKeyType(store, args[0])
    case 'RPUSH':
      return applyRpush(store, args)
    case 'LPOP':
      return applyLpop(store, args)
    case 'LRANGE':
      return applyLrange(store, args)
    case 'LLEN':
      return llen(store, args[0])
    default:
      // Unreachable while every COMMANDS entry has a case above.
      throw new CacheCommandError('UNKNOWN_COMMAND', store.id, name, args)
  }
}
