// Pure reads of the trace for the cache inspector: which keys and fields were written recently,
// and one key's history of commands.

import { isReadOnlyCommand } from '../../../src/cache'
import type { MessageEvent, TraceEvent } from '../../../src/trace/types'

/** Written keys per cache id; each key maps to the fields or members written ('' = whole key). */
export type RecentWrites = Map<string, Map<string, Set<string>>>

/** How many of `events` lie at or before the playhead (the page may not hold the oldest). */
export function getEndIndex(events: readonly TraceEvent[], playheadSeq: number): number {
  if (events.length === 0) return 0
  return Math.max(0, Math.min(events.length, playheadSeq - events[0].seq + 1))
}

/** The fields or members a write command touches; [''] for whole-key commands. */
export function getWrittenFields(name: string, args: readonly string[]): string[] {
  switch (name.toUpperCase()) {
    case 'HSET':
      return args.filter((_, i) => i % 2 === 1)
    case 'HSETNX':
      return [args[1]]
    case 'HDEL':
    case 'SADD':
    case 'SREM':
      return args.slice(1)
    default:
      return ['']
  }
}

// At high speed a second of simulated time holds many thousands of events; highlights only
// need the newest writes.
const RECENT_SCAN_LIMIT = 20_000

/** Writes among the first `playheadSeq` events at or after `sinceMs`, newest first. */
export function getRecentWrites(
  events: readonly TraceEvent[],
  playheadSeq: number,
  sinceMs: number,
  scanLimit = RECENT_SCAN_LIMIT,
): RecentWrites {
  const out: RecentWrites = new Map()
  const end = getEndIndex(events, playheadSeq)
  for (let i = end - 1; i >= Math.max(0, end - scanLimit); i--) {
    const e = events[i]
    if (e.t < sinceMs) break
    if (e.type !== 'message' || !e.command || isReadOnlyCommand(e.command.name)) continue
    const [key, ...rest] = e.command.args
    let keys = out.get(e.to)
    if (!keys) {
      keys = new Map()
      out.set(e.to, keys)
    }
    let fields = keys.get(key)
    if (!fields) {
      fields = new Set()
      keys.set(key, fields)
    }
    for (const f of getWrittenFields(e.command.name, [key, ...rest])) fields.add(f)
  }
  return out
}

export type CommandEvent = MessageEvent & { command: NonNullable<MessageEvent['command']> }

/** The commands on `key` of cache `cacheId` before the playhead, newest first, at most `limit`. */
export function getKeyHistory(
  events: readonly TraceEvent[],
  playheadSeq: number,
  cacheId: string,
  key: string,
  limit = 100,
): CommandEvent[] {
  const out: CommandEvent[] = []
  for (let i = getEndIndex(events, playheadSeq) - 1; i >= 0 && out.length < limit; i--) {
    const e = events[i]
    if (e.type === 'message' && e.command && e.to === cacheId && e.command.args[0] === key) {
      out.push(e as CommandEvent)
    }
  }
  return out
}
