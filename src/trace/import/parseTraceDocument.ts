// Trace import: text → a checked TraceDocument, or one message that names the problem and where.
// Never throws and never mutates its input; it reads no files itself (the caller passes the text).

import { z } from 'zod'
import { getParticipantKind, PARTICIPANT_ID_PATTERN, TASK_ID_PATTERN } from '../export/participants'
import { LB_STATES, TASK_STATES, type TraceDocument, VM_STATES } from '../types'

/** Largest trace text accepted: 200 MB (counted in UTF-16 code units, ≈ bytes for ASCII JSON). */
export const MAX_TRACE_CHARS = 200 * 1024 * 1024

/** Deepest JSON nesting accepted; a trace needs about 6 levels, its `config` a few more. */
export const MAX_JSON_DEPTH = 256

/** What {@link parseTraceDocument} returns. */
export type ParseTraceResult = { ok: true; doc: TraceDocument } | { ok: false; error: string }

const PARTICIPANT_HINT = 'Dispatcher, LB<k>, L1, L2_Z<z> or VM_<n>'

/** A message for a file of `byteLength` bytes that is too large to import, or null if it fits. */
export function getTraceSizeError(byteLength: number): string | null {
  if (byteLength <= MAX_TRACE_CHARS) return null
  const mb = Math.ceil((byteLength / (1024 * 1024)) * 100) / 100
  return `trace is too large: ${byteLength} bytes (${mb} MB) is over the 200 MB limit; export a shorter run or a time window`
}

// A short, non-recursive description of a JSON value for error messages.
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value
    return JSON.stringify(shown)
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value))
    return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`
  return 'an object'
}

// `events[12].t`, `config["odd key"]`, or `(document)` for the root.
function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out === '' ? '(document)' : out
}

const participantId = z
  .string({ error: `expected a participant id (${PARTICIPANT_HINT})` })
  .regex(PARTICIPANT_ID_PATTERN, {
    error: (issue) =>
      `unknown participant id ${describeValue(issue.input)}; SPEC §1 ids are ${PARTICIPANT_HINT}`,
  })
const taskId = z.string({ error: 'expected a task id (Task_<n>)' }).regex(TASK_ID_PATTERN, {
  error: (issue) => `unknown task id ${describeValue(issue.input)}; SPEC §1 task ids are Task_<n>`,
})
const text = z.string({ error: 'expected a string' })

const base = {
  seq: z
    .int({ error: 'expected a positive integer' })
    .positive({ error: 'expected a positive integer' }),
  t: z
    .int({ error: 'expected a non-negative integer' })
    .nonnegative({ error: 'expected a non-negative integer' }),
}

const EVENT_SCHEMAS = {
  message: z.strictObject({
    ...base,
    type: z.literal('message'),
    from: participantId,
    to: participantId,
    label: text,
    kind: z.enum(['call', 'reply', 'self'], { error: 'expected "call", "reply" or "self"' }),
    task: taskId.optional(),
    command: z
      .strictObject(
        {
          name: z
            .string({ error: 'expected a command name such as "HSET"' })
            .min(1, { error: 'expected a command name such as "HSET"' }),
          args: z.array(text, { error: 'expected an array of strings' }),
        },
        { error: 'expected a command object { name, args }' },
      )
      .optional(),
  }),
  state: z.strictObject({
    ...base,
    type: z.literal('state'),
    entity: z
      .string({ error: 'expected a participant or task id' })
      .refine((id) => PARTICIPANT_ID_PATTERN.test(id) || TASK_ID_PATTERN.test(id), {
        error: (issue) =>
          `unknown entity id ${describeValue(issue.input)}; SPEC §1 ids are ${PARTICIPANT_HINT} or Task_<n>`,
      }),
    from: text,
    to: text,
    detail: text.optional(),
  }),
  note: z.strictObject({
    ...base,
    type: z.literal('note'),
    over: z.array(participantId, { error: 'expected an array of participant ids' }),
    text,
  }),
  fault: z.strictObject({
    ...base,
    type: z.literal('fault'),
    target: z.string({ error: 'expected a VM or LB id' }).regex(/^(?:VM_|LB)[1-9]\d*$/, {
      error: (issue) =>
        `unknown fault target ${describeValue(issue.input)}; expected VM_<n> or LB<k>`,
    }),
    action: z.enum(['crash', 'restart'], { error: 'expected "crash" or "restart"' }),
  }),
} as const

const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as (keyof typeof EVENT_SCHEMAS)[]

const documentSchema = z.strictObject({
  format: z.literal('dual-lb-trace'),
  version: z.literal(1),
  seed: z.int({ error: 'expected an integer seed' }),
  scenario: z.string({ error: 'expected the scenario name as a string' }),
  config: z.unknown(),
  events: z.array(z.unknown(), { error: 'expected an array of events' }),
})

// The fixed state names of SPEC §6 for the kind of entity, or null when it has none.
function getStateNames(entity: string): readonly string[] | null {
  const kind = getParticipantKind(entity)
  if (kind === 'vm') return VM_STATES
  if (kind === 'lb') return LB_STATES
  if (kind === 'task') return TASK_STATES
  return null
}

function formatIssue(
  issue: z.core.$ZodIssue,
  prefix: readonly PropertyKey[],
  root: unknown,
): string {
  const path = [...prefix, ...issue.path]
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ')
    return `${formatPath(path)}: unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}`
  }
  const input = (issue as { input?: unknown }).input
  if (input === undefined && !hasPath(root, issue.path)) {
    return `${formatPath(path)}: missing required field`
  }
  const message = issue.message.replace(/^Invalid input: /, '').replace(/, received \w+$/, '')
  // Messages that already quote the bad value ("unknown … id \"X\"") need no "got".
  if (message.startsWith('unknown ')) return `${formatPath(path)}: ${message}`
  return `${formatPath(path)}: ${message}, got ${describeValue(input)}`
}

function hasPath(root: unknown, path: readonly PropertyKey[]): boolean {
  let node = root
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return true
}

function checkEvent(raw: unknown, index: number, previous: { t: number } | null): string | null {
  const at = ['events', index] as const
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return `${formatPath(at)}: expected an event object, got ${describeValue(raw)}`
  }
  const type = (raw as { type?: unknown }).type
  if (!EVENT_TYPES.includes(type as keyof typeof EVENT_SCHEMAS)) {
    if (type === undefined) return `${formatPath([...at, 'type'])}: missing required field`
    const expected = EVENT_TYPES.map((t) => `"${t}"`).join(', ')
    return `${formatPath([...at, 'type'])}: expected one of ${expected}, got ${describeValue(type)}`
  }
  const result = EVENT_SCHEMAS[type as keyof typeof EVENT_SCHEMAS].safeParse(raw, {
    reportInput: true,
  })
  if (!result.success) return formatIssue(result.error.issues[0], at, raw)

  const event = result.data
  if (event.seq !== index + 1) {
    return `${formatPath([...at, 'seq'])}: expected ${index + 1} (seq counts 1, 2, 3… without gaps), got ${event.seq}`
  }
  if (previous !== null && event.t < previous.t) {
    return `${formatPath([...at, 't'])}: time goes back: ${event.t} ms after ${previous.t} ms at ${formatPath(['events', index - 1])}`
  }
  if (event.type === 'state') {
    const names = getStateNames(event.entity)
    if (names !== null && !names.includes(event.to)) {
      return `${formatPath([...at, 'to'])}: expected a state of ${event.entity} (${names.join(', ')}), got ${describeValue(event.to)}`
    }
  }
  return null
}

function checkHeader(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `(document): expected a JSON object with "format": "dual-lb-trace", got ${describeValue(value)}`
  }
  const { format, version } = value as { format?: unknown; version?: unknown }
  if (format === undefined)
    return 'format: missing; a trace file starts with "format": "dual-lb-trace"'
  if (format === 'dual-lb-scenario') {
    return 'format: expected "dual-lb-trace", got "dual-lb-scenario"; this is a scenario file, import it as a scenario'
  }
  if (format !== 'dual-lb-trace')
    return `format: expected "dual-lb-trace", got ${describeValue(format)}`
  if (version === undefined) return 'version: missing required field'
  if (version !== 1)
    return `version: expected 1 (this build reads trace version 1), got ${describeValue(version)}`
  if (!Object.hasOwn(value, 'config')) return 'config: missing required field'
  const result = documentSchema.safeParse(value, { reportInput: true })
  return result.success ? null : formatIssue(result.error.issues[0], [], value)
}

/**
 * Parses and checks a trace file's text against SPEC §6: JSON, `format`/`version`, required
 * fields, SPEC §1 ids, state names, gap-free `seq` and non-decreasing `t`. Rejects text over
 * {@link MAX_TRACE_CHARS} before parsing. Never throws; on failure the message names the first
 * problem and its place, e.g. `events[12].t: expected a non-negative integer (ms), got -5`.
 */
export function parseTraceDocument(text: string): ParseTraceResult {
  try {
    if (typeof text !== 'string') {
      return { ok: false, error: `expected the file's text as a string, got ${typeof text}` }
    }
    const sizeError = getTraceSizeError(text.length)
    if (sizeError !== null) return { ok: false, error: sizeError }
    if (text.trim() === '') return { ok: false, error: 'the file is empty; expected a JSON trace' }

    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    // JSON.parse takes tens of seconds on 200 MB of `[`; a trace is never that deep, so stop here.
    const tooDeep = findNestingBeyond(json, MAX_JSON_DEPTH)
    if (tooDeep !== null) {
      const { line, column } = getLineAndColumn(json, tooDeep)
      return {
        ok: false,
        error: `not a trace: JSON nested deeper than ${MAX_JSON_DEPTH} levels at line ${line}, column ${column} (position ${tooDeep}); a trace is only a few levels deep`,
      }
    }
    let value: unknown
    try {
      value = JSON.parse(json)
    } catch (error) {
      return { ok: false, error: describeJsonError(json, error) }
    }
    const headerError = checkHeader(value)
    if (headerError !== null) return { ok: false, error: headerError }

    const events = (value as { events: unknown[] }).events
    let previous: { t: number } | null = null
    for (let i = 0; i < events.length; i++) {
      const eventError = checkEvent(events[i], i, previous)
      if (eventError !== null) return { ok: false, error: eventError }
      previous = events[i] as { t: number }
    }
    // Checked field by field above, so the parsed JSON itself is the document (no copy).
    return { ok: true, doc: value as TraceDocument }
  } catch (error) {
    // Last resort (e.g. out of memory): still an answer, never an exception.
    const reason = error instanceof Error ? error.message : String(error)
    return { ok: false, error: `could not read the trace: ${reason}` }
  }
}

function describeJsonError(text: string, error: unknown): string {
  const found = locateJsonError(text)
  if (found === null) {
    const reason = error instanceof Error ? error.message : String(error)
    return `not valid JSON: ${reason}`
  }
  const { line, column } = getLineAndColumn(text, found.offset)
  const near = text.slice(found.offset, found.offset + 24)
  const shown = near === '' ? 'at the end of the file' : `near ${JSON.stringify(near)}`
  return `not valid JSON: ${found.problem} at line ${line}, column ${column} (position ${found.offset}), ${shown}`
}

function getLineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: offset - lineStart + 1 }
}

// One bit per open bracket (1 = object), so 200 MB of `[` costs 25 MB, not gigabytes.
class NestingStack {
  depth = 0
  private bits = new Uint8Array(64)

  push(isObject: boolean): void {
    if (this.depth >> 3 >= this.bits.length) {
      const grown = new Uint8Array(this.bits.length * 2)
      grown.set(this.bits)
      this.bits = grown
    }
    const byte = this.depth >> 3
    const mask = 1 << (this.depth & 7)
    this.bits[byte] = isObject ? this.bits[byte] | mask : this.bits[byte] & ~mask
    this.depth++
  }

  pop(): void {
    this.depth--
  }

  isObject(): boolean {
    const i = this.depth - 1
    return (this.bits[i >> 3] & (1 << (i & 7))) !== 0
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c
const COLON = 0x3a

/** Offset of the first bracket that opens level `maxDepth + 1` outside strings, or null. */
export function findNestingBeyond(text: string, maxDepth: number): number | null {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === BACKSLASH) i++
      else if (code === QUOTE) inString = false
    } else if (code === QUOTE) inString = true
    else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (++depth > maxDepth) return i
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) depth--
  }
  return null
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

/**
 * Offset and description of the first JSON syntax error in `text`, or null if it has none.
 * Iterative with a one-bit-per-level stack, so deep nesting neither overflows nor eats memory;
 * linear in the text, reading char codes only.
 */
export function locateJsonError(text: string): { offset: number; problem: string } | null {
  const stack = new NestingStack()
  const end = text.length
  let pos = 0
  const skip = (): void => {
    while (pos < end && isJsonSpace(text.charCodeAt(pos))) pos++
  }
  const fail = (problem: string): { offset: number; problem: string } => ({ offset: pos, problem })
  const unexpected = (what: string): { offset: number; problem: string } =>
    fail(pos >= end ? `unexpected end of input, expected ${what}` : `expected ${what}`)
  // Reads the string starting at `pos`; returns a problem, or null once past its closing quote.
  const readString = (): string | null => {
    pos++
    while (pos < end) {
      const code = text.charCodeAt(pos)
      if (code === QUOTE) {
        pos++
        return null
      }
      if (code < 0x20) return 'raw control character in a string (escape it)'
      if (code === BACKSLASH) {
        const next = text[pos + 1]
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) return 'bad \\u escape'
          pos += 6
          continue
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) return 'bad escape in a string'
        pos += 2
        continue
      }
      pos++
    }
    return 'unterminated string'
  }
  // Reads `"name":` at `pos`; returns a problem or null.
  const readKey = (orClose: boolean): { offset: number; problem: string } | null => {
    skip()
    if (text.charCodeAt(pos) !== QUOTE) {
      return unexpected(`a property name in double quotes${orClose ? ' or "}"' : ''}`)
    }
    const problem = readString()
    if (problem !== null) return fail(problem)
    skip()
    if (text.charCodeAt(pos) !== COLON) return unexpected('":" after the property name')
    pos++
    return null
  }

  let expectValue = true
  while (true) {
    skip()
    const code = text.charCodeAt(pos)
    if (expectValue) {
      if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
        pos++
        skip()
        if (text.charCodeAt(pos) === (code === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) {
          pos++
          expectValue = false
          continue
        }
        stack.push(code === OPEN_OBJECT)
        if (code === OPEN_OBJECT) {
          const problem = readKey(true)
          if (problem !== null) return problem
        }
        continue
      }
      if (code === QUOTE) {
        const problem = readString()
        if (problem !== null) return fail(problem)
      } else if (code === 0x74 || code === 0x66 || code === 0x6e) {
        const word = code === 0x74 ? 'true' : code === 0x66 ? 'false' : 'null'
        if (text.slice(pos, pos + word.length) !== word) return unexpected('a JSON value')
        pos += word.length
      } else {
        NUMBER.lastIndex = pos
        if (NUMBER.exec(text) === null) return unexpected('a JSON value')
        pos = NUMBER.lastIndex
      }
      expectValue = false
      continue
    }

    if (stack.depth === 0) return pos < end ? fail('unexpected text after the JSON value') : null
    const inObject = stack.isObject()
    if (code === (inObject ? CLOSE_OBJECT : CLOSE_ARRAY)) {
      stack.pop()
      pos++
      continue
    }
    if (code !== COMMA) return unexpected(inObject ? '"," or "}"' : '"," or "]"')
    pos++
    if (inObject) {
      const problem = readKey(false)
      if (problem !== null) return problem
    }
    expectValue = true
  }
}
