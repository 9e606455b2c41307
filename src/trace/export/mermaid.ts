// Trace → Mermaid `sequenceDiagram` text in the seed diagrams' style, plus a mermaid.live link.
// Pure text building: it reads the document only and never renders, so no DOM is needed.

import { type MessageEvent, PHASES, type TraceDocument, type TraceEvent } from '../types'
import { deflateZlib, encodeBase64Url, encodeUtf8 } from './deflate'
import { getTasksOfMessage } from './derive'
import { compareParticipants, getDisplayName, getParticipantKind } from './participants'

/** Mermaid rejects diagrams longer than this many characters (its `maxTextSize`). */
export const MERMAID_MAX_CHARS = 50_000

/** What part of the trace to draw and how. */
export interface MermaidOptions {
  /** Only messages about this task (its `task` field, or named in the label or command). */
  task?: string
  /** Only events with `fromMs <= t <= toMs`. */
  fromMs?: number
  toMs?: number
  /** Cut the diagram to at most this many characters (default {@link MERMAID_MAX_CHARS}). */
  maxChars?: number
  /** Phase notes as plain notes (the seed's style, default) or as coloured `rect` bands. */
  phases?: 'note' | 'rect'
}

const PHASE_SET = new Set<string>(PHASES)
// Soft tints, one per phase in PHASES order, so a phase keeps its colour across diagrams.
const PHASE_COLOURS = [
  'rgb(235, 243, 255)',
  'rgb(255, 247, 230)',
  'rgb(235, 250, 240)',
  'rgb(245, 240, 255)',
  'rgb(240, 248, 240)',
  'rgb(255, 238, 238)',
  'rgb(255, 245, 225)',
  'rgb(232, 246, 250)',
  'rgb(255, 238, 238)',
  'rgb(255, 245, 225)',
  'rgb(232, 246, 250)',
  'rgb(235, 243, 255)',
  'rgb(245, 240, 255)',
]
const INDENT = '    '

type Item =
  | { kind: 'message'; event: MessageEvent; key: string }
  | { kind: 'note'; t: number; over: string[]; text: string; phase: boolean }

interface Unit {
  lines: string[]
  events: number
  participants: string[]
  /** +1 opens a block that a later unit closes, −1 closes one. */
  depthChange: number
}

/**
 * Mermaid text that can be inlined in a sequence diagram: whitespace and control characters
 * collapse to one space, and what the grammar reserves becomes an entity code (`;` → `#59;`).
 */
export function escapeMermaidText(text: string): string {
  const flat = text.replace(/[\s\p{Cc}]+/gu, ' ').trim()
  let out = ''
  for (let i = 0; i < flat.length; i++) {
    const ch = flat[i]
    // `#` starts an entity and a comment, `;` ends a statement, `%` starts a comment or an
    // `%%{init}%%` directive (detected anywhere in the text); `<`/`>` would be read as HTML.
    if (ch === '#' || ch === ';' || ch === '%' || ch === '<' || ch === '>') {
      out += `#${ch.charCodeAt(0)};`
    } else if (ch === '&' && /^&#?\w+;/.test(flat.slice(i, i + 12))) {
      out += '#38;' // would otherwise form an HTML entity such as `&lt;`
    } else {
      out += ch
    }
  }
  // A colon is plain text after the first one, except in two places: `wrap:`/`nowrap:` at the
  // start is a line-wrap directive, and on a line holding `style` or `classDef` Mermaid's
  // `encodeEntities` strips the last `;` after a `:…#`, which would break an entity code.
  if (/style|classDef/.test(out)) return out.replace(/:/g, '#58;')
  return out.replace(/^((?:no)?wrap):/i, '$1#58;')
}

function makeIdMapper(): (id: string) => string {
  const mapped = new Map<string, string>()
  return (id) => {
    let out = mapped.get(id)
    if (out === undefined) {
      // SPEC ids are safe Mermaid names; anything else becomes `P<n>`, with its text as alias.
      out = getParticipantKind(id) === 'other' ? `P${mapped.size + 1}` : id
      mapped.set(id, out)
    }
    return out
  }
}

function isInWindow(event: TraceEvent, opts: MermaidOptions): boolean {
  return (
    (opts.fromMs === undefined || event.t >= opts.fromMs) &&
    (opts.toMs === undefined || event.t <= opts.toMs)
  )
}

function getMessageKey(event: MessageEvent): string {
  return [
    event.from,
    event.to,
    event.kind === 'reply' ? 'r' : 'c',
    event.label,
    event.task ?? '',
  ].join('\u0000')
}

// Turns events into drawable items: messages, notes, and faults no note already reports.
function selectItems(doc: TraceDocument, opts: MermaidOptions): Item[] {
  const events = doc.events.filter((e) => isInWindow(e, opts))
  const noted = new Set<string>()
  for (const e of events) if (e.type === 'note') for (const id of e.over) noted.add(`${e.t}|${id}`)

  const items: Item[] = []
  for (const [i, e] of events.entries()) {
    if (e.type === 'message') items.push({ kind: 'message', event: e, key: getMessageKey(e) })
    else if (e.type === 'note') {
      const phase = PHASE_SET.has(e.text)
      // A phase note belongs to the task whose message comes next, so scoping keeps it only then.
      if (opts.task !== undefined && phase && !isNextMessageAbout(events, i, opts.task)) continue
      items.push({ kind: 'note', t: e.t, over: e.over, text: e.text, phase })
    } else if (e.type === 'fault' && !noted.has(`${e.t}|${e.target}`)) {
      const text = `Fault injected: ${e.action} ${e.target}`
      items.push({ kind: 'note', t: e.t, over: [e.target], text, phase: false })
    }
  }
  return opts.task === undefined ? items : scopeToTask(items, opts.task)
}

function isNextMessageAbout(events: TraceEvent[], from: number, task: string): boolean {
  for (let i = from + 1; i < events.length; i++) {
    const e = events[i]
    if (e.type === 'message') return getTasksOfMessage(e).includes(task)
  }
  return false
}

// Keeps the task's messages, its phases, and other notes over its participants during its life.
function scopeToTask(items: Item[], task: string): Item[] {
  const about = new Set<MessageEvent>()
  const involved = new Set<string>()
  for (const item of items) {
    if (item.kind !== 'message' || !getTasksOfMessage(item.event).includes(task)) continue
    about.add(item.event)
    involved.add(item.event.from).add(item.event.to)
  }
  if (about.size === 0) return []
  const times = [...about].map((e) => e.t)
  const first = times.reduce((a, b) => Math.min(a, b))
  const last = times.reduce((a, b) => Math.max(a, b))
  return items.filter((item) => {
    if (item.kind === 'message') return about.has(item.event)
    if (item.phase) return true
    return item.t >= first && item.t <= last && item.over.every((id) => involved.has(id))
  })
}

// A phase note with no message before the next phase note (or the end) is dropped.
function dropEmptyPhases(items: Item[]): Item[] {
  return items.filter((item, i) => {
    if (item.kind !== 'note' || !item.phase) return true
    for (let j = i + 1; j < items.length; j++) {
      const next = items[j]
      if (next.kind === 'message') return true
      if (next.phase) return false
    }
    return false
  })
}

function formatPeriod(ms: number): string {
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return ms > 1000 ? `${(ms / 1000).toFixed(1)}s` : `${ms}ms`
}

function getLoopName(label: string): string {
  if (/check/i.test(label) && /heartbeat|health/i.test(label)) return 'Health Check'
  if (/heartbeat/i.test(label)) return 'Heartbeat'
  return label
}

// Seed style `Health Check (Every 3s)`: one entry per distinct name, with its median period.
function getLoopTitle(run: MessageEvent[], keys: string[]): string {
  const parts: string[] = []
  for (const key of keys) {
    // Same-instant repeats (one check per VM) are one round, not a zero period.
    const times = [...new Set(run.filter((e) => getMessageKey(e) === key).map((e) => e.t))]
    const gaps = times
      .slice(1)
      .map((t, i) => t - times[i])
      .sort((a, b) => a - b)
    const period = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 0
    const part = `${getLoopName(run.find((e) => getMessageKey(e) === key)?.label ?? '')}${
      period > 0 ? ` (Every ${formatPeriod(period)})` : ''
    }`
    if (!parts.includes(part)) parts.push(part)
  }
  return `${parts.join(' + ')}, ${run.length}×`
}

function formatMessage(e: MessageEvent, id: (s: string) => string, depth: number): string {
  const arrow = e.kind === 'reply' ? '-->>' : '->>'
  const text = escapeMermaidText(e.label)
  return `${INDENT.repeat(depth)}${id(e.from)}${arrow}${id(e.to)}: ${text}`.trimEnd()
}

function formatNote(
  over: string[],
  text: string,
  id: (s: string) => string,
  depth: number,
  fallback: string[],
): { line: string; participants: string[] } {
  // Mermaid spans a note over at most two participants: take the outermost in diagram order.
  const ids = [...new Set(over.length > 0 ? over : fallback)].sort(compareParticipants)
  const span = ids.length > 1 ? [ids[0], ids.at(-1) as string] : ids
  const target = span.map(id).join(', ')
  return {
    line: `${INDENT.repeat(depth)}Note over ${target}: ${escapeMermaidText(text)}`.trimEnd(),
    participants: span,
  }
}

// Groups items into units: single lines, folded loops, and phase band openings/closings.
// A generator, so that a cut diagram formats only the part it keeps.
function* generateUnits(
  items: Item[],
  opts: MermaidOptions,
  id: (s: string) => string,
): Generator<Unit> {
  const counts = new Map<string, number>()
  for (const item of items) {
    if (item.kind === 'message') counts.set(item.key, (counts.get(item.key) ?? 0) + 1)
  }
  // A message that recurs at least three times is periodic chatter (heartbeats, health checks).
  const isPeriodic = (item: Item): boolean =>
    item.kind === 'message' && (counts.get(item.key) ?? 0) >= 3
  const everyone = [...new Set(items.flatMap(getItemParticipants))].sort(compareParticipants)
  const fallback = everyone.length > 0 ? [everyone[0], everyone.at(-1) as string] : ['Dispatcher']

  let inRect = false
  const depth = (): number => 1 + (inRect ? 1 : 0)
  for (let i = 0; i < items.length; ) {
    const item = items[i]
    if (item.kind === 'note') {
      if (item.phase && opts.phases === 'rect') {
        if (inRect) yield { lines: [`${INDENT}end`], events: 0, participants: [], depthChange: -1 }
        const colour = PHASE_COLOURS[PHASES.indexOf(item.text as (typeof PHASES)[number])]
        yield { lines: [`${INDENT}rect ${colour}`], events: 0, participants: [], depthChange: 1 }
        inRect = true
      }
      const note = formatNote(item.over, item.text, id, depth(), fallback)
      yield { lines: [note.line], events: 1, participants: note.participants, depthChange: 0 }
      i++
      continue
    }

    let end = i
    while (end < items.length && isPeriodic(items[end])) end++
    const run = items.slice(i, end).flatMap((it) => (it.kind === 'message' ? [it.event] : []))
    const keys = [...new Set(run.map(getMessageKey))]
    if (run.length >= 2 && keys.length < run.length) {
      const inner = keys.map((key) => run.find((e) => getMessageKey(e) === key) as MessageEvent)
      yield {
        lines: [
          `${INDENT.repeat(depth())}loop ${escapeMermaidText(getLoopTitle(run, keys))}`,
          ...inner.map((e) => formatMessage(e, id, depth() + 1)),
          `${INDENT.repeat(depth())}end`,
        ],
        events: run.length,
        participants: inner.flatMap((e) => [e.from, e.to]),
        depthChange: 0,
      }
      i = end
      continue
    }
    yield {
      lines: [formatMessage(item.event, id, depth())],
      events: 1,
      participants: [item.event.from, item.event.to],
      depthChange: 0,
    }
    i++
  }
  if (inRect) yield { lines: [`${INDENT}end`], events: 0, participants: [], depthChange: -1 }
}

function getItemParticipants(item: Item): string[] {
  return item.kind === 'message' ? [item.event.from, item.event.to] : item.over
}

function formatHeader(
  doc: TraceDocument,
  participants: string[],
  id: (s: string) => string,
): string[] {
  // Comment text loses `%`, braces and line breaks so it can never become a directive.
  const scenario = String(doc.scenario)
    .replace(/[^\w .,()=+-]/g, '_')
    .slice(0, 80)
  const lines = [
    'sequenceDiagram',
    `${INDENT}%% dual-lb-trace, scenario ${scenario}, seed ${Number(doc.seed)}`,
    `${INDENT}autonumber`,
  ]
  for (const p of participants) {
    const name = id(p)
    const display = getParticipantKind(p) === 'other' ? p : getDisplayName(p)
    lines.push(
      display === name
        ? `${INDENT}participant ${name}`
        : `${INDENT}participant ${name} as ${escapeMermaidText(display)}`,
    )
  }
  return lines
}

function getLength(lines: string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0)
}

/**
 * A Mermaid `sequenceDiagram` of the trace: seed display names, `->>` for calls and self
 * messages, `-->>` for replies, phase notes, recurring heartbeats and health checks folded into
 * `loop` blocks; at most `maxChars` characters, ending in a note when it had to be cut.
 */
export function exportMermaid(doc: TraceDocument, opts: MermaidOptions = {}): string {
  const maxChars = opts.maxChars ?? MERMAID_MAX_CHARS
  const id = makeIdMapper()
  const items = dropEmptyPhases(selectItems(doc, opts))
  const everyone = [...new Set(items.flatMap(getItemParticipants))].sort(compareParticipants)
  // Every item is one event of the trace, whether drawn alone or folded into a loop.
  const total = items.length
  const header = getLength(formatHeader(doc, everyone, id))
  const units: Unit[] = []
  let length = header
  let cut = false
  for (const unit of generateUnits(items, opts, id)) {
    units.push(unit)
    length += getLength(unit.lines)
    if (length > maxChars + 1) {
      cut = true
      break
    }
  }

  const compose = (count: number, truncated: boolean): string => {
    const kept = units.slice(0, count)
    const body = kept.flatMap((u) => u.lines)
    const depth = kept.reduce((sum, u) => sum + u.depthChange, 0)
    for (let d = depth; d > 0; d--) body.push(`${INDENT}end`)
    const used = new Set(kept.flatMap((u) => u.participants))
    if (truncated) {
      const shown = kept.reduce((sum, u) => sum + u.events, 0)
      const lastT = getLastShownTime(items, shown)
      const text =
        `Diagram truncated at ${maxChars} characters: ${shown} of ${total} events shown` +
        `${lastT === null ? '' : ` (up to t = ${lastT} ms)`}. Export one task (task option)` +
        ' or a time window (fromMs, toMs) to see the rest.'
      const note = formatNote([...used], text, id, 1, everyone.length > 0 ? everyone : ['LB1'])
      body.push(note.line)
      for (const p of note.participants) used.add(p)
    }
    const participants = [...used].sort(compareParticipants)
    return [...formatHeader(doc, participants, id), ...body].join('\n')
  }

  if (!cut) return compose(units.length, false)
  // Estimate how many units fit with room for the note, then back off until the text fits.
  let count = 0
  length = header + 600
  while (count < units.length && length + getLength(units[count].lines) <= maxChars) {
    length += getLength(units[count].lines)
    count++
  }
  let out = compose(count, true)
  while (out.length > maxChars && count > 0) out = compose(--count, true)
  return out
}

// Time of the last event drawn when the first `shown` items made it into the diagram.
function getLastShownTime(items: Item[], shown: number): number | null {
  const item = items[shown - 1]
  if (item === undefined) return null
  return item.kind === 'message' ? item.event.t : item.t
}

/**
 * An `https://mermaid.live/edit#pako:…` link that opens `code` in the Mermaid live editor:
 * the editor's state JSON, zlib-deflated, in base64url (what its `pako` serde decodes).
 */
export function mermaidLiveUrl(code: string): string {
  const state = JSON.stringify({ code, mermaid: JSON.stringify({ theme: 'default' }) })
  return `https://mermaid.live/edit#pako:${encodeBase64Url(deflateZlib(encodeUtf8(state)))}`
}
