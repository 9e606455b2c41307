// Exports a trace's cache commands as one `.redis` file per cache, in redis-cli syntax, so a real
// redis-server can replay them. Reads trace events only; never runs a command or touches a store.

import { isReadOnlyCommand } from '../../cache/commands'
import type { CacheCommand, TraceEvent } from '../types'

/** Which commands go into the log. */
export interface RedisLogOptions {
  /**
   * `'keep'` (default) writes every command, so the log mirrors the trace one to one;
   * `'drop'` leaves out read-only ones (HGET, HGETALL, SMEMBERS, …). Replaying either leaves the
   * same keyspace, because a read-only command never changes it.
   */
  readCommands?: 'keep' | 'drop'
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\u0007': '\\a',
}

// Control characters (below space, and DEL) have no printable form on a line.
function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f
}

// redis-cli splits a line like sdssplitargs(): whitespace separates arguments and a quote starts
// a quoted argument even mid-word, so those, backslashes and control characters force quoting.
// Unicode spaces (`\s`) are quoted too, to keep the file readable; they need no escape.
function needsQuotes(arg: string): boolean {
  if (arg === '' || /[\s"'\\]/.test(arg)) return true
  for (let i = 0; i < arg.length; i++) if (isControl(arg.charCodeAt(i))) return true
  return false
}

/**
 * Returns one argument as redis-cli reads it back exactly: bare when it is plain, otherwise in
 * double quotes with `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\a` or `\xHH` escapes. Non-ASCII text
 * stays as is (redis-cli passes its UTF-8 bytes through).
 */
export function quoteRedisArg(arg: string): string {
  if (!needsQuotes(arg)) return arg
  let quoted = '"'
  for (const char of arg) {
    const code = char.charCodeAt(0)
    const named = ESCAPES[char]
    if (named !== undefined) quoted += named
    else if (isControl(code)) quoted += `\\x${code.toString(16).padStart(2, '0')}`
    else quoted += char
  }
  return `${quoted}"`
}

/** Returns one command as a single redis-cli line, without the newline. */
export function formatRedisCommand(command: CacheCommand): string {
  return [command.name, ...command.args].map(quoteRedisArg).join(' ')
}

/**
 * Returns, for each cache that receives a command in the trace (the `to` of a `message` event
 * with `command`), the text of its `.redis` file: one command per line, in trace order, each
 * line ending with a newline. Caches are listed in the order they first receive a command.
 */
export function exportRedisLogs(
  events: readonly TraceEvent[],
  options: RedisLogOptions = {},
): Map<string, string> {
  const dropReads = options.readCommands === 'drop'
  const lines = new Map<string, string[]>()
  for (const event of events) {
    if (event.type !== 'message' || event.command === undefined) continue
    let cacheLines = lines.get(event.to)
    if (cacheLines === undefined) {
      cacheLines = []
      lines.set(event.to, cacheLines)
    }
    if (dropReads && isReadOnlyCommand(event.command.name)) continue
    cacheLines.push(formatRedisCommand(event.command))
  }

  const files = new Map<string, string>()
  for (const [cache, cacheLines] of lines) {
    files.set(cache, cacheLines.map((line) => `${line}\n`).join(''))
  }
  return files
}
