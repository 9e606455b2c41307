// The timeline rows as a display list: plain draw ops with semantic colour roles, no DOM. The
// canvas painter shows them on screen and the SVG painter writes the same ops for export.

import type { SequenceModel, SequenceRow } from '../../../src/trace/toSequenceRows'
import { PHASES } from '../../../src/trace/types'
import {
  type ArrowHead,
  type ColorRole,
  type DisplayList,
  type DrawOp,
  FONTS,
  type FontRole,
  type PaintStyle,
  type TextKind,
  type TextOp,
} from './drawOps'
import {
  CHAR_WIDTH,
  fitText,
  GUTTER_NUM_X,
  GUTTER_TIME_X,
  GUTTER_WIDTH,
  ROW_HEIGHT,
  STRIPE_WIDTH,
  type TimelineColumns,
} from './timelineLayout'

/** What the display list needs: the rows in view and how to place them. */
export interface TimelineRowsModel {
  seq: SequenceModel
  /** Rows shown (indexes into seq.rows), in order; positions first…last−1 are drawn. */
  indices: readonly number[]
  first: number
  last: number
  columns: TimelineColumns
  playheadSeq: number
  /**
   * The part of the diagram in view (a wide diagram scrolled sideways). A row drawn wholly outside
   * it gets a pointer at the view's edge naming what happens there. Absent: no pointers (export).
   */
  view?: { left: number; width: number }
}

// `knockout`: the text sits on a box of its row's background, hiding the lines that cross it
// (a box is far cheaper on canvas than stroking the glyphs with a halo).
const TEXT_STYLES: Record<TextKind, { font: FontRole; fill: ColorRole; knockout: boolean }> = {
  num: { font: 'semibold', fill: 'fg', knockout: false },
  time: { font: 'regular', fill: 'muted', knockout: false },
  label: { font: 'regular', fill: 'fg', knockout: true },
  'note-text': { font: 'regular', fill: 'fg', knockout: false },
  'phase-note-text': { font: 'bold', fill: 'fg', knockout: false },
  state: { font: 'regular', fill: 'state', knockout: true },
  'task-state': { font: 'italic', fill: 'muted', knockout: true },
  fault: { font: 'bold', fill: 'fault', knockout: true },
  'phase-name': { font: 'caption', fill: 'fg', knockout: true },
  offscreen: { font: 'italic', fill: 'muted', knockout: true },
}
/** Estimated glyph width (px) of each font role, for knockout boxes without measuring text. */
const GLYPH_WIDTHS: Record<FontRole, number> = {
  regular: CHAR_WIDTH,
  semibold: 6.8,
  bold: 7,
  italic: CHAR_WIDTH,
  caption: 6.4,
}

export const FUTURE_OPACITY = 0.45
const TEXT_Y = 17
const LABEL_Y = 13
const ARROW_Y = 19

/** Where a row's ops go: its top in the list, its band colour (under knockouts), the model. */
interface RowPlace {
  ops: DrawOp[]
  top: number
  band: ColorRole | null
  m: TimelineRowsModel
}

/**
 * The draw ops of rows first…last−1: phase bands, lifelines, the gutter (all numbers, then all
 * times, so a canvas switches fonts twice), each row's arrow, note or mark, then the playhead's
 * outline on top.
 */
export function getTimelineDisplayList(m: TimelineRowsModel): DisplayList {
  const { width } = m.columns
  const height = (m.last - m.first) * ROW_HEIGHT
  const ops: DrawOp[] = []
  const rows: SequenceRow[] = []
  for (let pos = m.first; pos < m.last; pos++) rows.push(m.seq.rows[m.indices[pos]])
  const dimmed = (row: SequenceRow) => (row.seq > m.playheadSeq ? FUTURE_OPACITY : undefined)

  rows.forEach((row, i) => {
    pushBand(ops, row, i * ROW_HEIGHT, width, dimmed(row))
  })
  for (const x of m.columns.x) {
    ops.push({ type: 'line', x1: x, y1: 0, x2: x, y2: height, stroke: 'lifeline', dash: [3, 3] })
  }
  pushGutter(ops, rows, dimmed)
  rows.forEach((row, i) => {
    const start = ops.length
    const place = { ops, top: i * ROW_HEIGHT, band: getBandFill(row), m }
    pushRow(place, row)
    if (m.view) pushOffscreenPointer(place, row, m.view)
    if (isPhaseStart(m, m.first + i, row)) pushPhaseName(place, row)
    const opacity = dimmed(row)
    if (opacity !== undefined) for (let k = start; k < ops.length; k++) ops[k].opacity = opacity
  })
  const playhead = rows.findIndex((row) => row.seq === m.playheadSeq)
  if (playhead >= 0) pushPlayhead(ops, playhead * ROW_HEIGHT, width)
  return { width, height, ops }
}

/** Each row's number, then each row's time: one font after the other. */
function pushGutter(
  ops: DrawOp[],
  rows: readonly SequenceRow[],
  dimmed: (row: SequenceRow) => number | undefined,
): void {
  rows.forEach((row, i) => {
    const num = makeText('num', GUTTER_NUM_X, i * ROW_HEIGHT + TEXT_Y, String(row.seq), 'end')
    ops.push({ ...num, opacity: dimmed(row) })
  })
  rows.forEach((row, i) => {
    const time = makeText('time', GUTTER_TIME_X, i * ROW_HEIGHT + TEXT_Y, (row.t / 1000).toFixed(3))
    ops.push({ ...time, opacity: dimmed(row) })
  })
}

function pushPlayhead(ops: DrawOp[], top: number, width: number): void {
  ops.push({
    type: 'rect',
    x: 0.75,
    y: top + 0.75,
    width: width - 1.5,
    height: ROW_HEIGHT - 1.5,
    stroke: 'playhead',
    strokeWidth: 1.5,
  })
}

/** The phase changes at `pos` (from the row shown before), so its name goes at the right edge. */
function isPhaseStart(m: TimelineRowsModel, pos: number, row: SequenceRow): boolean {
  const before = pos > 0 ? m.seq.rows[m.indices[pos - 1]].phase : -1
  return row.phase >= 0 && row.phase !== before && row.kind !== 'phase'
}

function getBandFill(row: SequenceRow): ColorRole | null {
  if (row.kind === 'fault') return 'fault-band'
  return row.phase >= 0 ? `phase-${row.phase}` : null
}

function makeText(
  kind: TextKind,
  x: number,
  y: number,
  text: string,
  anchor: TextOp['anchor'] = 'start',
): TextOp {
  const { font, fill } = TEXT_STYLES[kind]
  return { type: 'text', x, y, text, anchor, kind, font, fill }
}

/** A text of the row, on a knockout box of the row's background when its kind wants one. */
function pushText(place: RowPlace, text: TextOp): void {
  if (TEXT_STYLES[text.kind].knockout && text.text !== '') {
    const { size } = FONTS[text.font]
    const width = text.text.length * GLYPH_WIDTHS[text.font] + 4
    const x =
      text.anchor === 'start'
        ? text.x - 2
        : text.anchor === 'end'
          ? text.x + 2 - width
          : text.x - width / 2
    const box = { type: 'rect', x, y: text.y - size + 1, width, height: size + 2 } as const
    place.ops.push({ ...box, fill: 'bg' })
    if (place.band) place.ops.push({ ...box, fill: place.band })
  }
  place.ops.push(text)
}

function pushBand(
  ops: DrawOp[],
  row: SequenceRow,
  top: number,
  width: number,
  opacity: number | undefined,
): void {
  const fill = getBandFill(row)
  if (fill) ops.push({ type: 'rect', x: 0, y: top, width, height: ROW_HEIGHT, fill, opacity })
  if (row.phase < 0) return
  ops.push({
    type: 'rect',
    x: 0,
    y: top,
    width: STRIPE_WIDTH,
    height: ROW_HEIGHT,
    fill: `stripe-${row.phase}`,
    opacity,
  })
}

function pushRow(place: RowPlace, row: SequenceRow): void {
  switch (row.kind) {
    case 'call':
    case 'reply':
    case 'self':
      pushMessage(place, row)
      break
    case 'note':
    case 'phase':
      pushNote(place, row)
      break
    case 'state':
    case 'fault':
      pushMark(place, row)
      break
  }
}

/** The phase's name at the right edge of the first row shown in it. */
function pushPhaseName(place: RowPlace, row: SequenceRow): void {
  const name = PHASES[row.phase].toUpperCase()
  const text = makeText('phase-name', place.m.columns.width - 6, place.top + 10, name, 'end')
  pushText(place, { ...text, fill: `stripe-${row.phase}` })
}

function getX(m: TimelineRowsModel, p: number): number {
  const col = p >= 0 ? m.columns.colOf[p] : -1
  return col >= 0 ? m.columns.x[col] : GUTTER_WIDTH + 12
}

/** A label that names the VM when VMs share a column (otherwise the arrow's end says it). */
function getMessageLabel(m: TimelineRowsModel, row: SequenceRow): string {
  if (m.columns.collapse === 'each') return row.label
  const ends = [row.from, row.to].filter((p) => m.seq.participants[p]?.kind === 'vm')
  const ids = [...new Set(ends.map((p) => m.seq.participants[p].id))]
  return ids.length > 0 ? `[${ids.join('→')}] ${row.label}` : row.label
}

/** Text centred on `mid`, kept inside the diagram. */
function makeCenteredText(kind: TextKind, text: string, mid: number, y: number, width: number) {
  const shown = fitText(text, width - GUTTER_WIDTH - 8)
  const half = (shown.length * CHAR_WIDTH) / 2
  const x = Math.min(Math.max(mid, GUTTER_WIDTH + 4 + half), width - 4 - half)
  return makeText(kind, x, y, shown, 'middle')
}

function pushMessage(place: RowPlace, row: SequenceRow): void {
  const { ops, top, m } = place
  const { width } = m.columns
  const x1 = getX(m, row.from)
  const x2 = getX(m, row.to)
  const label = getMessageLabel(m, row)
  const paint: PaintStyle = row.dashed
    ? { stroke: 'reply', strokeWidth: 1.25, dash: [4, 3] }
    : { stroke: 'arrow', strokeWidth: 1.25 }
  const kind = row.dashed ? 'open' : 'filled'

  if (row.kind === 'self' || x1 === x2) {
    const head: ArrowHead = { kind, x: x1 + 2, y: top + ARROW_Y, direction: -1 }
    ops.push({ type: 'path', d: `M${x1},${top + 8}h18v11h-16`, ...paint, head })
    const room = width - x1 - 30
    pushText(
      place,
      room >= 120
        ? makeText('label', x1 + 24, top + TEXT_Y, fitText(label, room))
        : makeText('label', x1 - 6, top + TEXT_Y, fitText(label, x1 - GUTTER_WIDTH - 10), 'end'),
    )
    return
  }

  const direction = x2 > x1 ? 1 : -1
  const tip = x2 - direction
  const y = top + ARROW_Y
  const head: ArrowHead = { kind, x: tip, y, direction }
  ops.push({ type: 'line', x1, y1: y, x2: tip, y2: y, ...paint, head })
  ops.push({ type: 'path', d: getDotPath(x1, y, 2), fill: 'arrow' })
  pushText(place, makeCenteredText('label', label, (x1 + x2) / 2, top + LABEL_Y, width))
}

/** The columns a row is drawn over, as [leftmost, rightmost] x; null for a row without one. */
function getRowSpan(m: TimelineRowsModel, row: SequenceRow): [number, number] | null {
  const ps = row.kind === 'note' || row.kind === 'phase' ? row.over : [row.from, row.to]
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const p of ps) {
    const col = p >= 0 ? m.columns.colOf[p] : -1
    if (col < 0) continue
    lo = Math.min(lo, m.columns.x[col])
    hi = Math.max(hi, m.columns.x[col])
  }
  if (lo > hi) return null
  // A self-message's loop and a mark's diamond reach a little right of the lifeline.
  return [lo - 10, hi + (row.kind === 'self' ? 24 : 10)]
}

/** What a row says, with the columns it happens on, for a pointer at the edge of the view. */
function describeRow(m: TimelineRowsModel, row: SequenceRow): string {
  const name = (p: number) => m.columns.labels[m.columns.colOf[p]] ?? '?'
  switch (row.kind) {
    case 'call':
    case 'reply':
      return `${name(row.from)} → ${name(row.to)}: ${getMessageLabel(m, row)}`
    case 'self':
    case 'state':
    case 'fault':
      return `${name(row.from)}: ${row.kind === 'self' ? getMessageLabel(m, row) : row.label}`
    default:
      return row.label
  }
}

/**
 * A row drawn wholly outside the view gets a muted pointer at the view's edge on that side
 * ("VMs Z9 → L2_Z9: Send Heartbeat ›"), so a scrolled diagram never shows a row as empty.
 */
function pushOffscreenPointer(
  place: RowPlace,
  row: SequenceRow,
  view: { left: number; width: number },
): void {
  const span = getRowSpan(place.m, row)
  if (!span) return
  // The gutter covers the diagram's left edge until the view scrolls past it.
  const lo = view.left + (view.left < GUTTER_WIDTH ? GUTTER_WIDTH : 0)
  const hi = view.left + view.width
  const right = span[0] > hi
  if (!right && span[1] >= lo) return
  const room = hi - lo - 12
  if (room < 60) return
  const text = fitText(describeRow(place.m, row), room - 2 * CHAR_WIDTH)
  const y = place.top + TEXT_Y
  const op = right
    ? makeText('offscreen', hi - 6, y, `${text} ›`, 'end')
    : makeText('offscreen', lo + 6, y, `‹ ${text}`)
  const start = place.ops.length
  pushText(place, op)
  for (let k = start; k < place.ops.length; k++) place.ops[k].screenOnly = true
}

function getDotPath(x: number, y: number, r: number): string {
  return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`
}

/** A note is a box over its participants' columns, widened to its text. */
function pushNote(place: RowPlace, row: SequenceRow): void {
  const { ops, top, m } = place
  const { width: diagramWidth, columnWidth } = m.columns
  const xs = row.over.map((p) => getX(m, p))
  const half = columnWidth * 0.42
  const lo = Math.min(...xs) - half
  const hi = Math.max(...xs) + half
  const textWidth = Math.min(row.label.length * CHAR_WIDTH + 16, diagramWidth - GUTTER_WIDTH - 8)
  const width = Math.max(hi - lo, textWidth)
  const x = Math.min(
    Math.max((lo + hi) / 2 - width / 2, GUTTER_WIDTH + 2),
    diagramWidth - width - 2,
  )
  const box = { type: 'rect', x, y: top + 3, width, height: ROW_HEIGHT - 6, radius: 3 } as const

  if (row.kind === 'phase') {
    // The phase's colour mixed into the background: the background, then the colour at 26 %.
    const stripe: ColorRole = `stripe-${row.phase}`
    ops.push({ ...box, fill: 'bg' })
    ops.push({ ...box, fill: stripe, fillOpacity: 0.26, stroke: stripe, strokeWidth: 1.5 })
  } else {
    ops.push({ ...box, fill: 'note-bg', stroke: 'note-border', strokeWidth: 1 })
  }
  const kind = row.kind === 'phase' ? 'phase-note-text' : 'note-text'
  pushText(place, makeCenteredText(kind, row.label, x + width / 2, top + TEXT_Y, diagramWidth))
}

/** A state change (diamond) or a fault (cross) on its participant's lifeline, or a task's text. */
function pushMark(place: RowPlace, row: SequenceRow): void {
  const { ops, top, m } = place
  const { width } = m.columns
  const isFault = row.kind === 'fault'
  if (row.from < 0) {
    const text = fitText(row.label, width - GUTTER_WIDTH - 8)
    pushText(place, makeText('task-state', GUTTER_WIDTH + 4, top + TEXT_Y, text))
    return
  }

  const x = getX(m, row.from)
  ops.push(
    isFault
      ? {
          type: 'path',
          d: `M${x - 5},${top + 8}l10,10m0,-10l-10,10`,
          stroke: 'fault',
          strokeWidth: 2.5,
        }
      : { type: 'path', d: `M${x},${top + 7}l6,6l-6,6l-6,-6z`, fill: 'state' },
  )
  const room = width - x - 14
  const atLeft = room < 140 && x - GUTTER_WIDTH > room
  const label = isFault ? `⚡ ${row.label}` : row.label
  const text = fitText(label, atLeft ? x - GUTTER_WIDTH - 14 : room)
  const kind = isFault ? 'fault' : 'state'
  pushText(
    place,
    makeText(kind, atLeft ? x - 10 : x + 10, top + TEXT_Y, text, atLeft ? 'end' : 'start'),
  )
}
