// Compact, append-only trace storage: events live in typed columns with interned strings, so a run
// of ten million events fits in memory. Materialises contract-shaped events (types.ts) on demand.
// Columns are chunked: growing never copies, and no giant buffer is reallocated mid-run (which made
// V8 run full collections for the external memory).

import type { CacheCommand, MessageKind, TraceEvent } from './types'

const TYPE_MESSAGE = 0
const TYPE_STATE = 1
const TYPE_NOTE = 2
const TYPE_FAULT = 3
const KINDS: readonly MessageKind[] = ['call', 'reply', 'self']
const ACTIONS = ['crash', 'restart'] as const

const CHUNK_BITS = 15
/** Events per chunk (32,768; about 1 MB of columns). */
const CHUNK = 1 << CHUNK_BITS
const MASK = CHUNK - 1
/** Command-pool cells per chunk; a command never straddles two chunks. */
const CMD_CHUNK = 1 << 16

/** One chunk of columns. */
interface Chunk {
  t: Float64Array
  type: Uint8Array
  kind: Uint8Array
  a: Int32Array
  b: Int32Array
  c: Int32Array
  d: Int32Array
  /** Start of the event's command in the command pool (name id, argc, arg ids…), or −1. */
  cmdAt: Float64Array
}

/** The store: chunks of columns, a chunked command pool, and the string table; plain data. */
export interface TraceStore {
  length: number
  chunks: Chunk[]
  cmdChunks: Int32Array[]
  /** Cells used in the command pool (its next free position). */
  cmdLength: number
  strings: string[]
  stringIds: Map<string, number>
  /** Note texts, one per note event: mostly unique, so never interned. */
  notes: string[]
  /**
   * Score explanations, kept as numbers and turned into their note's text only when read: a run
   * explains every decision, and 100,000 long unique strings would dominate its memory.
   */
  explains: Float64Array[]
  explainLength: number
  /** Ids of two-participant `over` lists, by first then second id (no joined string per note). */
  pairIds: Map<string, Map<string, number>>
}

function createChunk(): Chunk {
  return {
    t: new Float64Array(CHUNK),
    type: new Uint8Array(CHUNK),
    kind: new Uint8Array(CHUNK),
    a: new Int32Array(CHUNK),
    b: new Int32Array(CHUNK),
    c: new Int32Array(CHUNK),
    d: new Int32Array(CHUNK),
    cmdAt: new Float64Array(CHUNK),
  }
}

/** An empty store. */
export function createTraceStore(): TraceStore {
  return {
    length: 0,
    chunks: [],
    cmdChunks: [],
    cmdLength: 0,
    strings: [],
    stringIds: new Map(),
    notes: [],
    explains: [],
    explainLength: 0,
    pairIds: new Map(),
  }
}

/** Chunk of a new event at index `s.length`, made when needed; the caller bumps `length`. */
function reserve(s: TraceStore): Chunk {
  const k = s.length >> CHUNK_BITS
  let chunk = s.chunks[k]
  if (chunk === undefined) {
    chunk = createChunk()
    s.chunks[k] = chunk
  }
  return chunk
}

/** The id of `text` in the string table, adding it when new. */
export function intern(s: TraceStore, text: string): number {
  let id = s.stringIds.get(text)
  if (id === undefined) {
    id = s.strings.length
    s.strings.push(text)
    s.stringIds.set(text, id)
  }
  return id
}

function internPair(s: TraceStore, first: string, second: string): number {
  let inner = s.pairIds.get(first)
  if (!inner) {
    inner = new Map()
    s.pairIds.set(first, inner)
  }
  let id = inner.get(second)
  if (id === undefined) {
    id = intern(s, `${first}\u0000${second}`)
    inner.set(second, id)
  }
  return id
}

function writeCommand(s: TraceStore, command: string, args: readonly string[] | undefined): number {
  const argc = args ? args.length : 0
  const need = argc + 2
  let at = s.cmdLength
  // Start a fresh pool chunk when this command would not fit in the current one.
  if ((at & (CMD_CHUNK - 1)) + need > CMD_CHUNK || at >= s.cmdChunks.length * CMD_CHUNK) {
    const k = Math.ceil(at / CMD_CHUNK)
    at = k * CMD_CHUNK
    if (!s.cmdChunks[k]) s.cmdChunks[k] = new Int32Array(Math.max(CMD_CHUNK, need))
  }
  const pool = s.cmdChunks[Math.floor(at / CMD_CHUNK)]
  let o = at % CMD_CHUNK
  pool[o++] = intern(s, command)
  pool[o++] = argc
  for (let k = 0; k < argc; k++) pool[o++] = intern(s, (args as readonly string[])[k])
  s.cmdLength = at + need
  return at
}

/** Appends a `message` event; `args` is the cache command's argument list when `command` is set. */
export function appendMessage(
  s: TraceStore,
  t: number,
  from: string,
  to: string,
  label: string,
  kind: MessageKind,
  task?: string,
  command?: string,
  args?: readonly string[],
): void {
  const c = reserve(s)
  const i = s.length & MASK
  c.t[i] = t
  c.type[i] = TYPE_MESSAGE
  c.kind[i] = kind === 'call' ? 0 : kind === 'reply' ? 1 : 2
  c.a[i] = intern(s, from)
  c.b[i] = intern(s, to)
  c.c[i] = intern(s, label)
  c.d[i] = task === undefined ? -1 : intern(s, task)
  c.cmdAt[i] = command === undefined ? -1 : writeCommand(s, command, args)
  s.length++
}

/**
 * Appends a plain `message` (no command) from already-interned ids: the hot path for the per-VM
 * stats queries, which would otherwise hash the same few strings millions of times.
 */
export function appendMessageIds(
  s: TraceStore,
  t: number,
  fromId: number,
  toId: number,
  labelId: number,
  kind: 0 | 1 | 2,
  taskId: number,
): void {
  const c = reserve(s)
  const i = s.length & MASK
  c.t[i] = t
  c.type[i] = TYPE_MESSAGE
  c.kind[i] = kind
  c.a[i] = fromId
  c.b[i] = toId
  c.c[i] = labelId
  c.d[i] = taskId
  c.cmdAt[i] = -1
  s.length++
}

/** Appends a `state` event. */
export function appendState(
  s: TraceStore,
  t: number,
  entity: string,
  from: string,
  to: string,
  detail?: string,
): void {
  const c = reserve(s)
  const i = s.length & MASK
  c.t[i] = t
  c.type[i] = TYPE_STATE
  c.a[i] = intern(s, entity)
  c.b[i] = intern(s, from)
  c.c[i] = intern(s, to)
  c.d[i] = detail === undefined ? -1 : intern(s, detail)
  c.cmdAt[i] = -1
  s.length++
}

/** Appends a `note` event over the given participant ids. */
export function appendNote(s: TraceStore, t: number, over: readonly string[], text: string): void {
  const c = reserve(s)
  const i = s.length & MASK
  c.t[i] = t
  c.type[i] = TYPE_NOTE
  c.kind[i] = 0
  c.a[i] = over.length === 2 ? internPair(s, over[0], over[1]) : intern(s, over.join('\u0000'))
  c.c[i] = s.notes.length
  s.notes.push(text)
  c.d[i] = -1
  c.cmdAt[i] = -1
  s.length++
}

/** One candidate of an explained decision: the VM's id and its free MIPS, RAM, BW and score. */
export interface ExplainedCandidate {
  vm: string
  availMips: number
  availRamMb: number
  availBwMbps: number
  score: number
}

const EXPLAIN_CHUNK = 1 << 16

/**
 * Appends the note that explains a scheduling decision: `<POLICY> for <task>: <winner> wins; <vm>
 * <score> (MIPS m + RAM r + BW b); …; <rest> more; <unsuitable> unsuitable or at the threshold`.
 */
export function appendExplainNote(
  s: TraceStore,
  t: number,
  over: string,
  policy: string,
  task: string,
  winner: string,
  top: readonly ExplainedCandidate[],
  rest: number,
  unsuitable: number,
): void {
  const need = 6 + top.length * 5
  let at = s.explainLength
  if ((at % EXPLAIN_CHUNK) + need > EXPLAIN_CHUNK || at >= s.explains.length * EXPLAIN_CHUNK) {
    const k = Math.ceil(at / EXPLAIN_CHUNK)
    at = k * EXPLAIN_CHUNK
    if (!s.explains[k]) s.explains[k] = new Float64Array(Math.max(EXPLAIN_CHUNK, need))
  }
  const pool = s.explains[Math.floor(at / EXPLAIN_CHUNK)]
  let o = at % EXPLAIN_CHUNK
  pool[o++] = intern(s, policy)
  pool[o++] = intern(s, task)
  pool[o++] = intern(s, winner)
  pool[o++] = rest
  pool[o++] = unsuitable
  pool[o++] = top.length
  for (const c of top) {
    pool[o++] = intern(s, c.vm)
    pool[o++] = c.availMips
    pool[o++] = c.availRamMb
    pool[o++] = c.availBwMbps
    pool[o++] = c.score
  }
  s.explainLength = at + need
  const ch = reserve(s)
  const i = s.length & MASK
  ch.t[i] = t
  ch.type[i] = TYPE_NOTE
  ch.kind[i] = 1
  ch.a[i] = intern(s, over)
  ch.c[i] = at
  ch.d[i] = -1
  ch.cmdAt[i] = -1
  s.length++
}

/** Integer with thousands separators, without the cost of toLocaleString. */
export function formatInt(n: number): string {
  let rest = Math.round(n)
  if (rest < 1000 && rest > -1000) return String(rest)
  const sign = rest < 0 ? '-' : ''
  rest = Math.abs(rest)
  let text = ''
  while (rest >= 1000) {
    text = `,${String(rest % 1000).padStart(3, '0')}${text}`
    rest = Math.floor(rest / 1000)
  }
  return `${sign}${rest}${text}`
}

function readExplainText(s: TraceStore, at: number): string {
  const pool = s.explains[Math.floor(at / EXPLAIN_CHUNK)]
  let o = at % EXPLAIN_CHUNK
  const str = s.strings
  let text = `${str[pool[o++]]} for ${str[pool[o++]]}: ${str[pool[o++]]} wins`
  const rest = pool[o++]
  const unsuitable = pool[o++]
  const n = pool[o++]
  for (let k = 0; k < n; k++) {
    const vm = str[pool[o++]]
    const mips = pool[o++]
    const ram = pool[o++]
    const bw = pool[o++]
    const score = pool[o++]
    text += `; ${vm} ${formatInt(score)} (MIPS ${formatInt(mips)} + RAM ${formatInt(ram)} + BW ${formatInt(bw)})`
  }
  if (rest > 0) text += `; ${rest} more`
  if (unsuitable > 0) text += `; ${unsuitable} unsuitable or at the threshold`
  return text
}

function readNoteText(s: TraceStore, c: Chunk, j: number): string {
  return c.kind[j] === 1 ? readExplainText(s, c.c[j]) : s.notes[c.c[j]]
}

/** Appends a `fault` event. */
export function appendFault(
  s: TraceStore,
  t: number,
  target: string,
  action: 'crash' | 'restart',
): void {
  const c = reserve(s)
  const i = s.length & MASK
  c.t[i] = t
  c.type[i] = TYPE_FAULT
  c.kind[i] = action === 'crash' ? 0 : 1
  c.a[i] = intern(s, target)
  c.d[i] = -1
  c.cmdAt[i] = -1
  s.length++
}

/**
 * Drops every event from index `length` on (used when a checkpoint is restored). The note, score
 * and command pools are cut after the last entry an earlier event still uses, found by scanning
 * back from the cut, so the cost is the distance to those entries, not the trace's length.
 */
export function truncateTrace(s: TraceStore, length: number): void {
  if (length >= s.length) return
  // A pool that was never used has nothing to find (and must not make the scan run to the start).
  let notes = s.notes.length === 0 ? 0 : -1
  let explainEnd = s.explainLength === 0 ? 0 : -1
  let cmdEnd = s.cmdLength === 0 ? 0 : -1
  for (let i = length - 1; i >= 0 && (notes < 0 || explainEnd < 0 || cmdEnd < 0); i--) {
    const c = s.chunks[i >> CHUNK_BITS]
    const j = i & MASK
    if (c.type[j] === TYPE_NOTE) {
      if (c.kind[j] === 0 && notes < 0) notes = c.c[j] + 1
      if (c.kind[j] === 1 && explainEnd < 0) {
        explainEnd = c.c[j] + 6 + 5 * readExplainCount(s, c.c[j])
      }
    }
    const at = c.cmdAt[j]
    if (at >= 0 && cmdEnd < 0) {
      cmdEnd = at + 2 + s.cmdChunks[Math.floor(at / CMD_CHUNK)][(at % CMD_CHUNK) + 1]
    }
  }
  s.notes.length = Math.max(0, notes)
  s.explainLength = Math.max(0, explainEnd)
  s.cmdLength = Math.max(0, cmdEnd)
  s.length = length
}

function readExplainCount(s: TraceStore, at: number): number {
  return s.explains[Math.floor(at / EXPLAIN_CHUNK)][(at % EXPLAIN_CHUNK) + 5]
}

/** Simulated time of event `i`. */
export function getTraceTime(s: TraceStore, i: number): number {
  return s.chunks[i >> CHUNK_BITS].t[i & MASK]
}

/** True when event `i` is a message carrying a cache command. */
export function hasCommand(s: TraceStore, i: number): boolean {
  return s.chunks[i >> CHUNK_BITS].cmdAt[i & MASK] >= 0
}

/** The text of event `i` when it is a note, else undefined (no event object is built). */
export function getNoteText(s: TraceStore, i: number): string | undefined {
  const c = s.chunks[i >> CHUNK_BITS]
  const j = i & MASK
  return c.type[j] === TYPE_NOTE ? readNoteText(s, c, j) : undefined
}

/** The contract-shaped event at index `i` (seq = i + 1). */
export function getTraceEvent(s: TraceStore, i: number): TraceEvent {
  const c = s.chunks[i >> CHUNK_BITS]
  const j = i & MASK
  const seq = i + 1
  const t = c.t[j]
  const str = s.strings
  switch (c.type[j]) {
    case TYPE_MESSAGE: {
      const event: TraceEvent = {
        seq,
        t,
        type: 'message',
        from: str[c.a[j]],
        to: str[c.b[j]],
        label: str[c.c[j]],
        kind: KINDS[c.kind[j]],
      }
      if (c.d[j] >= 0) event.task = str[c.d[j]]
      const at = c.cmdAt[j]
      if (at >= 0) event.command = readCommand(s, at)
      return event
    }
    case TYPE_STATE: {
      const event: TraceEvent = {
        seq,
        t,
        type: 'state',
        entity: str[c.a[j]],
        from: str[c.b[j]],
        to: str[c.c[j]],
      }
      if (c.d[j] >= 0) event.detail = str[c.d[j]]
      return event
    }
    case TYPE_NOTE:
      return {
        seq,
        t,
        type: 'note',
        over: str[c.a[j]].split('\u0000'),
        text: readNoteText(s, c, j),
      }
    default:
      return { seq, t, type: 'fault', target: str[c.a[j]], action: ACTIONS[c.kind[j]] }
  }
}

function readCommand(s: TraceStore, at: number): CacheCommand {
  const pool = s.cmdChunks[Math.floor(at / CMD_CHUNK)]
  const o = at % CMD_CHUNK
  const argc = pool[o + 1]
  const args: string[] = new Array(argc)
  for (let k = 0; k < argc; k++) args[k] = s.strings[pool[o + 2 + k]]
  return { name: s.strings[pool[o]], args }
}

/** Events `from` (inclusive) to `to` (exclusive) as contract objects. */
export function sliceTrace(s: TraceStore, from = 0, to = s.length): TraceEvent[] {
  const out: TraceEvent[] = []
  for (let i = Math.max(0, from); i < Math.min(to, s.length); i++) out.push(getTraceEvent(s, i))
  return out
}

/** Bytes held by the columns and the command pool (not counting the string table). */
export function getTraceColumnBytes(s: TraceStore): number {
  return s.chunks.length * CHUNK * 42 + s.cmdChunks.reduce((n, c) => n + (c ? c.byteLength : 0), 0)
}
