// A Redis-like keyspace as plain data (objects, Sets, arrays in one Map) plus the typed hot-path
// commands the engine calls. Pure: never touches the trace; the engine records each command itself.

import { CacheCommandError } from './errors'

/**
 * A hash is an ordinary object (`{}`), not a Map: measured on Node 20 with 1,000,000 4-field
 * `Task_Meta_<id>` hashes, the object costs 56 bytes of heap against 184 for a Map. Field
 * `__proto__` is stored as an own data property, so any string is a valid field name.
 */
export type CacheHash = Record<string, string>

/** A set keeps insertion order, so iteration is deterministic and survives `structuredClone`. */
export type CacheSet = Set<string>

/** A list, head first. */
export type CacheList = string[]

/** What a key holds; the kind is told apart by `instanceof Set` and `Array.isArray`. */
export type CacheValue = CacheHash | CacheSet | CacheList

/** The Redis type name of a value, as `TYPE` reports it. */
export type CacheValueType = 'hash' | 'set' | 'list'

/** One cache (L1, or the L2 of a zone): its trace id and its keyspace. Safe to structuredClone. */
export interface CacheStore {
  /** Trace id of the cache, e.g. `L1` or `L2_Z1`. */
  readonly id: string
  readonly keyspace: Map<string, CacheValue>
}

/** One key in a dump: hash fields, set members (sorted) or list items (head first). */
export type KeyspaceEntry =
  | { type: 'hash'; value: Record<string, string> }
  | { type: 'set'; value: string[] }
  | { type: 'list'; value: string[] }

/** A whole keyspace as JSON-safe data with keys, fields and set members in code-unit order. */
export type KeyspaceDump = Record<string, KeyspaceEntry>

/** Returns an empty cache with the given trace id. */
export function createCache(id: string): CacheStore {
  return { id, keyspace: new Map() }
}

/** Returns the Redis type of a stored value. */
export function getValueType(value: CacheValue): CacheValueType {
  if (value instanceof Set) return 'set'
  return Array.isArray(value) ? 'list' : 'hash'
}

/** Returns the type of the value at `key`, or `'none'` when the key does not exist (Redis TYPE). */
export function getKeyType(store: CacheStore, key: string): CacheValueType | 'none' {
  const value = lookup(store, key)
  return value === undefined ? 'none' : getValueType(value)
}

/** Builds the WRONGTYPE error; the args array is made only on this cold path. */
export function makeWrongTypeError(
  store: CacheStore,
  command: string,
  args: readonly string[],
): CacheCommandError {
  return new CacheCommandError('WRONGTYPE', store.id, command, args)
}

/**
 * The value at `key`, or undefined when the key does not exist. A key emptied by HDEL/SREM/LPOP
 * stays in the Map as a ghost that counts as missing, as an emptied key does in Redis: deleting
 * and re-adding one key of a Map that holds ~100,000 others is pathologically slow in V8
 * (measured: 100,000 SADD/SREM pairs took 7.1 s with deletion, 0.07 s without). An emptied set or
 * list is its own ghost; an emptied hash is swapped for an empty list, so no hash is ever empty
 * and this check stays O(1).
 */
function lookup(store: CacheStore, key: string): CacheValue | undefined {
  const value = store.keyspace.get(key)
  if (value === undefined) return undefined
  if (Array.isArray(value)) return value.length === 0 ? undefined : value
  if (value instanceof Set) return value.size === 0 ? undefined : value
  return value
}

function isHash(value: CacheValue): value is CacheHash {
  return !(value instanceof Set) && !Array.isArray(value)
}

/** Sets an own data property, even for `__proto__`, whose plain assignment would hit a setter. */
export function setOwnField(target: Record<string, unknown>, field: string, value: unknown): void {
  if (field === '__proto__') {
    Object.defineProperty(target, field, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  } else {
    target[field] = value
  }
}

// Reads need no hasOwn check: everything a plain object inherits from Object.prototype is a
// function or an accessor, never a string, so `typeof === 'string'` means "own field".
function readField(hash: CacheHash, field: string): string | null {
  const value = hash[field]
  return typeof value === 'string' ? value : null
}

function isEmptyHash(hash: CacheHash): boolean {
  for (const _ in hash) return false
  return true
}

/** Sets one hash field (HSET); returns 1 when the field is new, 0 when it was overwritten. */
export function hset(store: CacheStore, key: string, field: string, value: string): number {
  const found = lookup(store, key)
  if (found === undefined) {
    const hash: CacheHash = {}
    setOwnField(hash, field, value)
    store.keyspace.set(key, hash)
    return 1
  }
  if (!isHash(found)) throw makeWrongTypeError(store, 'HSET', [key, field, value])
  const added = readField(found, field) === null ? 1 : 0
  setOwnField(found, field, value)
  return added
}

/** Sets a hash field only if it is absent (HSETNX); returns 1 when set, 0 when it existed. */
export function hsetnx(store: CacheStore, key: string, field: string, value: string): number {
  const found = lookup(store, key)
  if (found !== undefined && !isHash(found)) {
    throw makeWrongTypeError(store, 'HSETNX', [key, field, value])
  }
  if (found !== undefined && readField(found, field) !== null) return 0
  return hset(store, key, field, value)
}

/** Returns a hash field's value (HGET), or null when the key or the field is missing. */
export function hget(store: CacheStore, key: string, field: string): string | null {
  const found = lookup(store, key)
  if (found === undefined) return null
  if (!isHash(found)) throw makeWrongTypeError(store, 'HGET', [key, field])
  return readField(found, field)
}

/** Returns 1 when the hash at `key` has `field` (HEXISTS), else 0. */
export function hexists(store: CacheStore, key: string, field: string): number {
  const found = lookup(store, key)
  if (found === undefined) return 0
  if (!isHash(found)) throw makeWrongTypeError(store, 'HEXISTS', [key, field])
  return readField(found, field) === null ? 0 : 1
}

/** Deletes one hash field (HDEL), and the key once the hash is empty; returns 1 if removed. */
export function hdel(store: CacheStore, key: string, field: string): number {
  const found = lookup(store, key)
  if (found === undefined) return 0
  if (!isHash(found)) throw makeWrongTypeError(store, 'HDEL', [key, field])
  if (readField(found, field) === null) return 0
  delete found[field]
  // An emptied hash becomes a ghost (see lookup), so no stored hash is ever empty.
  if (isEmptyHash(found)) store.keyspace.set(key, [])
  return 1
}

/** Returns the number of fields of the hash at `key` (HLEN), 0 when missing. */
export function hlen(store: CacheStore, key: string): number {
  const found = lookup(store, key)
  if (found === undefined) return 0
  if (!isHash(found)) throw makeWrongTypeError(store, 'HLEN', [key])
  let count = 0
  for (const _ in found) count++
  return count
}

/** Returns a copy of the hash at `key` (HGETALL), `{}` when missing; fields in insertion order. */
export function hgetall(store: CacheStore, key: string): Record<string, string> {
  const found = lookup(store, key)
  if (found === undefined) return {}
  if (!isHash(found)) throw makeWrongTypeError(store, 'HGETALL', [key])
  // Spread defines own properties, so a `__proto__` field is copied as data, not as a prototype.
  return { ...found }
}

/** Adds one member to the set at `key` (SADD); returns 1 when it was not there yet. */
export function sadd(store: CacheStore, key: string, member: string): number {
  const found = lookup(store, key)
  if (found === undefined) {
    store.keyspace.set(key, new Set([member]))
    return 1
  }
  if (!(found instanceof Set)) throw makeWrongTypeError(store, 'SADD', [key, member])
  if (found.has(member)) return 0
  found.add(member)
  return 1
}

/** Removes one member (SREM), and the key once the set is empty; returns 1 if removed. */
export function srem(store: CacheStore, key: string, member: string): number {
  const found = lookup(store, key)
  if (found === undefined) return 0
  if (!(found instanceof Set)) throw makeWrongTypeError(store, 'SREM', [key, member])
  if (!found.delete(member)) return 0
  return 1
}

/** Returns 1 when the set at `key` holds `member` (SISMEMBER), else 0. */
export function sismember(store: CacheStore, key: string, member: string): number {
  const found = lookup(store, key)
  if (found === undefined) return 0
  if (!(found instanceof Set)) throw makeWrongTypeError(store, 'SISMEMBER', [key, member])
  return found.has(member) ? 1 : 0
}

/** Returns the size of the set at `key` (SCARD), 0 when missing. */
export function scard(store: CacheStore, key: string): number {
  const found = lookup(store, key)
  if (found === undefined) return 0
  if (!(found instanceof Set)) throw makeWrongTypeError(store, 'SCARD', [key])
  return found.size
}

/**
 * Returns the members of the set at `key` (SMEMBERS), `[]` when missing. The order is insertion
 * order: deterministic, though Redis promises none, so callers that show it should sort.
 */
export function smembers(store: CacheStore, key: string): string[] {
  const found = lookup(store, key)
  if (found === undefined) return []
  if (!(found instanceof Set)) throw makeWrongTypeError(store, 'SMEMBERS', [key])
  return Array.from(found)
}

/** Appends one item to the list at `key` (RPUSH); returns the new length. */
export function rpush(store: CacheStore, key: string, item: string): number {
  const found = lookup(store, key)
  if (found === undefined) {
    store.keyspace.set(key, [item])
    return 1
  }
  if (!Array.isArray(found)) throw makeWrongTypeError(store, 'RPUSH', [key, item])
  return found.push(item)
}

/** Removes and returns the head of the list (LPOP), deleting the key once empty; null if none. */
export function lpop(store: CacheStore, key: string): string | null {
  const found = lookup(store, key)
  if (found === undefined) return null
  if (!Array.isArray(found)) throw makeWrongTypeError(store, 'LPOP', [key])
  const head = found.shift() as string
  return head
}

/** Returns the list items from `start` to `stop` inclusive (LRANGE; negative counts from the end). */
export function lrange(store: CacheStore, key: string, start: number, stop: number): string[] {
  const found = lookup(store, key)
  if (found === undefined) return []
  if (!Array.isArray(found)) {
    throw makeWrongTypeError(store, 'LRANGE', [key, String(start), String(stop)])
  }
  const length = found.length
  const from = start < 0 ? Math.max(start + length, 0) : start
  const to = stop < 0 ? stop + length : Math.min(stop, length - 1)
  return from > to ? [] : found.slice(from, to + 1)
}

/** Returns the length of the list at `key` (LLEN), 0 when missing. */
export function llen(store: CacheStore, key: string): number {
  const found = lookup(store, key)
  if (found === undefined) return 0
  if (!Array.isArray(found)) throw makeWrongTypeError(store, 'LLEN', [key])
  return found.length
}

/** Deletes a key of any type (DEL); returns 1 when it existed. */
export function del(store: CacheStore, key: string): number {
  const existed = lookup(store, key) !== undefined
  store.keyspace.delete(key)
  return existed ? 1 : 0
}

/** Returns 1 when `key` exists (EXISTS), else 0. */
export function exists(store: CacheStore, key: string): number {
  return lookup(store, key) === undefined ? 0 : 1
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0
  return a < b ? -1 : 1
}

function dumpValue(value: CacheValue): KeyspaceEntry {
  if (value instanceof Set) return { type: 'set', value: Array.from(value).sort(compareCodeUnits) }
  if (Array.isArray(value)) return { type: 'list', value: value.slice() }
  const fields: Record<string, string> = {}
  for (const field of Object.keys(value).sort(compareCodeUnits)) {
    setOwnField(fields, field, value[field])
  }
  return { type: 'hash', value: fields }
}

/**
 * Returns the keyspace as canonical JSON-safe data: keys, hash fields and set members sorted by
 * code unit (JS still lists integer-like property names first), list items in list order.
 */
export function dumpKeyspace(store: CacheStore): KeyspaceDump {
  const dump: KeyspaceDump = {}
  const keys = Array.from(store.keyspace.keys()).sort(compareCodeUnits)
  for (const key of keys) {
    const value = lookup(store, key)
    if (value !== undefined) setOwnField(dump, key, dumpValue(value))
  }
  return dump
}
