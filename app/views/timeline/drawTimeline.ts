import { type Selection, select } from 'd3'
import {
  getRowDescription,
  type SequenceModel,
  type SequenceRow,
} from '../../../src/trace/toSequenceRows'
import { PHASES } from '../../../src/trace/types'
import {
  CHAR_WIDTH,
  fitText,
  GUTTER_WIDTH,
  HEADER_HEIGHT,
  ROW_HEIGHT,
  type TimelineColumns,
} from './timelineLayout'

/** What drawTimelineRows needs: the rows in view and how to place them. */
export interface TimelineRowsModel {
  seq: SequenceModel
  /** Rows shown (indexes into seq.rows), in order; positions first…last−1 are drawn. */
  indices: readonly number[]
  first: number
  last: number
  columns: TimelineColumns
  playheadSeq: number
  /** List position that takes Tab focus (roving tabindex), −1 for the first drawn. */
  focusPos: number
  /** Prefix of the arrowhead marker ids (unique per instance). */
  markerId: string
}

interface RowDatum {
  pos: number
  row: SequenceRow
  /** The phase changes here (from the row shown before): its name is written at the edge. */
  phaseStarts: boolean
}

type RowNode = SVGGElement & { __row?: SequenceRow; __columns?: TimelineColumns }
type G = Selection<SVGGElement, unknown, null, undefined>

const BLOCK = 'seq-timeline'
const LABEL_Y = 11
const ARROW_Y = 19

/** The participant boxes along the top, one per column. */
export function drawTimelineHeader(svg: SVGSVGElement, columns: TimelineColumns): void {
  const root = select(svg).attr('width', columns.width).attr('height', HEADER_HEIGHT)
  const boxWidth = columns.columnWidth - 8

  root
    .selectAll<SVGTextElement, string>(`text.${BLOCK}__gutter-head`)
    .data(['#  time (s)'])
    .join('text')
    .attr('class', `${BLOCK}__gutter-head`)
    .attr('x', 8)
    .attr('y', HEADER_HEIGHT / 2 + 4)
    .text((d) => d)

  const boxes = root
    .selectAll<SVGGElement, string>(`g.${BLOCK}__participant`)
    .data(columns.keys, (d) => d)
    .join((enter) => {
      const g = enter.append('g').attr('class', `${BLOCK}__participant`)
      g.append('title')
      g.append('rect')
        .attr('rx', 4)
        .attr('height', HEADER_HEIGHT - 10)
        .attr('y', 5)
      g.append('text')
        .attr('y', HEADER_HEIGHT / 2 + 4)
        .attr('text-anchor', 'middle')
      return g
    })
  boxes.attr('transform', (_, i) => `translate(${columns.x[i]},0)`)
  boxes.attr('data-kind', (d) => getParticipantClass(d))
  boxes.select('title').text((_, i) => columns.titles[i])
  boxes
    .select('rect')
    .attr('x', -boxWidth / 2)
    .attr('width', boxWidth)
  boxes.select('text').text((d) => fitText(d, boxWidth - 6))
}

function getParticipantClass(key: string): string {
  if (key === 'Dispatcher') return 'dispatcher'
  if (key === 'L1' || key.startsWith('L2_')) return 'cache'
  if (key.startsWith('LB')) return 'lb'
  return 'vm'
}

/** The rows first…last−1 of the shown list, their lifelines and bands, into `svg` (keyed by seq). */
export function drawTimelineRows(svg: SVGSVGElement, m: TimelineRowsModel): void {
  const { columns } = m
  const height = (m.last - m.first) * ROW_HEIGHT
  const root = select(svg).attr('width', columns.width).attr('height', Math.max(height, 1))

  const data: RowDatum[] = []
  for (let pos = m.first; pos < m.last; pos++) {
    const row = m.seq.rows[m.indices[pos]]
    const before = pos > 0 ? m.seq.rows[m.indices[pos - 1]].phase : -1
    data.push({
      pos,
      row,
      phaseStarts: row.phase >= 0 && row.phase !== before && row.kind !== 'phase',
    })
  }

  const rowsLayer = getLayer(root, 'rows')
  const focusPos = m.focusPos >= m.first && m.focusPos < m.last ? m.focusPos : m.first
  rowsLayer
    .selectAll<RowNode, RowDatum>(`g.${BLOCK}__row`)
    .data(data, (d) => String(d.row.seq))
    .join((enter) => enter.append('g').attr('role', 'button'))
    .attr('class', (d) => getRowClass(d.row, m.playheadSeq))
    .attr('transform', (d) => `translate(0,${(d.pos - m.first) * ROW_HEIGHT})`)
    .attr('tabindex', (d) => (d.pos === focusPos ? 0 : -1))
    .attr('data-pos', (d) => d.pos)
    .attr('data-seq', (d) => d.row.seq)
    .attr('data-t', (d) => d.row.t)
    .attr('data-testid', (d) => `timeline.row.${d.row.seq}`)
    .each(function (d) {
      const node = this as RowNode
      if (node.__row === d.row && node.__columns === columns) return
      node.__row = d.row
      node.__columns = columns
      node.setAttribute('aria-label', getRowDescription(m.seq, d.row))
      drawRow(select<SVGGElement, unknown>(node), d.row, m)
      if (d.phaseStarts) drawPhaseLabel(select<SVGGElement, unknown>(node), d.row, m)
    })
    .order()

  // Lifelines go under the rows but over the bands' tint, so draw them in their own layer first.
  getLayer(root, 'lifelines', true)
    .selectAll<SVGLineElement, string>('line')
    .data(columns.keys, (d) => d)
    .join('line')
    .attr('x1', (_, i) => columns.x[i])
    .attr('x2', (_, i) => columns.x[i])
    .attr('y1', 0)
    .attr('y2', height)
}

function getLayer(
  root: Selection<SVGSVGElement, unknown, null, undefined>,
  name: string,
  under = false,
): Selection<SVGGElement, unknown, null, undefined> {
  const found = root.select<SVGGElement>(`g.${BLOCK}__${name}`)
  if (!found.empty()) return found
  const layer = under
    ? root.insert<SVGGElement>('g', ':first-child')
    : root.append<SVGGElement>('g')
  return layer.attr('class', `${BLOCK}__${name}`)
}

function getRowClass(row: SequenceRow, playheadSeq: number): string {
  let cls = `${BLOCK}__row ${BLOCK}__row--${row.kind}`
  if (row.seq === playheadSeq) cls += ` ${BLOCK}__row--playhead`
  else if (row.seq > playheadSeq) cls += ` ${BLOCK}__row--future`
  return cls
}

function drawRow(g: G, row: SequenceRow, m: TimelineRowsModel): void {
  const { columns } = m
  g.selectAll('*').remove()

  const phaseClass = row.phase >= 0 ? ` ${BLOCK}__band--p${row.phase}` : ''
  g.append('rect')
    .attr('class', `${BLOCK}__band${phaseClass}`)
    .attr('width', columns.width)
    .attr('height', ROW_HEIGHT)
  if (row.phase >= 0) {
    g.append('rect')
      .attr('class', `${BLOCK}__stripe ${BLOCK}__stripe--p${row.phase}`)
      .attr('width', 4)
      .attr('height', ROW_HEIGHT)
      .append('title')
      .text(PHASES[row.phase])
  }
  g.append('text')
    .attr('class', `${BLOCK}__num`)
    .attr('x', 40)
    .attr('y', 17)
    .attr('text-anchor', 'end')
    .text(row.seq)
  g.append('text')
    .attr('class', `${BLOCK}__time`)
    .attr('x', 46)
    .attr('y', 17)
    .text((row.t / 1000).toFixed(3))

  switch (row.kind) {
    case 'call':
    case 'reply':
    case 'self':
      drawMessage(g, row, m)
      break
    case 'note':
    case 'phase':
      drawNote(g, row, m)
      break
    case 'state':
    case 'fault':
      drawMark(g, row, m)
      break
  }
}

/** The phase's name at the right edge of the first row shown in it. */
function drawPhaseLabel(g: G, row: SequenceRow, m: TimelineRowsModel): void {
  g.append('text')
    .attr('class', `${BLOCK}__phase-name`)
    .attr('x', m.columns.width - 6)
    .attr('y', 10)
    .attr('text-anchor', 'end')
    .style('--stripe', `var(--seq-stripe-${row.phase})`)
    .text(PHASES[row.phase])
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
function appendCenteredLabel(
  g: G,
  text: string,
  mid: number,
  y: number,
  width: number,
  className: string,
): void {
  const room = width - GUTTER_WIDTH - 8
  const shown = fitText(text, room)
  const half = (shown.length * CHAR_WIDTH) / 2
  const x = Math.min(Math.max(mid, GUTTER_WIDTH + 4 + half), width - 4 - half)
  g.append('text')
    .attr('class', className)
    .attr('x', x)
    .attr('y', y)
    .attr('text-anchor', 'middle')
    .text(shown)
}

function drawMessage(g: G, row: SequenceRow, m: TimelineRowsModel): void {
  const x1 = getX(m, row.from)
  const x2 = getX(m, row.to)
  const label = getMessageLabel(m, row)
  const marker = `url(#${m.markerId}-${row.dashed ? 'reply' : 'call'})`
  const lineClass = `${BLOCK}__arrow${row.dashed ? ` ${BLOCK}__arrow--reply` : ''}`

  if (row.kind === 'self' || x1 === x2) {
    g.append('path')
      .attr('class', `${lineClass} ${BLOCK}__arrow--self`)
      .attr('d', `M${x1},8 h18 v11 h-15`)
      .attr('marker-end', marker)
    const room = m.columns.width - x1 - 30
    if (room >= 120) {
      g.append('text')
        .attr('class', `${BLOCK}__label`)
        .attr('x', x1 + 24)
        .attr('y', 17)
        .text(fitText(label, room))
    } else {
      g.append('text')
        .attr('class', `${BLOCK}__label`)
        .attr('x', x1 - 6)
        .attr('y', 17)
        .attr('text-anchor', 'end')
        .text(fitText(label, x1 - GUTTER_WIDTH - 10))
    }
    return
  }

  const dir = x2 > x1 ? 1 : -1
  g.append('line')
    .attr('class', lineClass)
    .attr('x1', x1)
    .attr('x2', x2 - dir * 2)
    .attr('y1', ARROW_Y)
    .attr('y2', ARROW_Y)
    .attr('marker-end', marker)
  g.append('circle')
    .attr('class', `${BLOCK}__origin`)
    .attr('cx', x1)
    .attr('cy', ARROW_Y)
    .attr('r', 2)
  appendCenteredLabel(g, label, (x1 + x2) / 2, LABEL_Y + 2, m.columns.width, `${BLOCK}__label`)
}

function drawNote(g: G, row: SequenceRow, m: TimelineRowsModel): void {
  const xs = row.over.map((p) => getX(m, p))
  const half = m.columns.columnWidth * 0.42
  const lo = Math.min(...xs) - half
  const hi = Math.max(...xs) + half
  const textWidth = Math.min(row.label.length * CHAR_WIDTH + 16, m.columns.width - GUTTER_WIDTH - 8)
  const width = Math.max(hi - lo, textWidth)
  const x = Math.min(
    Math.max((lo + hi) / 2 - width / 2, GUTTER_WIDTH + 2),
    m.columns.width - width - 2,
  )
  const cls = row.kind === 'phase' ? `${BLOCK}__note ${BLOCK}__note--phase` : `${BLOCK}__note`

  const note = g
    .append('rect')
    .attr('class', cls)
    .attr('x', x)
    .attr('y', 3)
    .attr('width', width)
    .attr('height', ROW_HEIGHT - 6)
    .attr('rx', 3)
  if (row.kind === 'phase') note.style('--stripe', `var(--seq-stripe-${row.phase})`)
  appendCenteredLabel(g, row.label, x + width / 2, 17, m.columns.width, `${BLOCK}__note-text`)
}

function drawMark(g: G, row: SequenceRow, m: TimelineRowsModel): void {
  const isFault = row.kind === 'fault'
  const cls = isFault ? `${BLOCK}__fault` : `${BLOCK}__state`
  if (row.from < 0) {
    g.append('text')
      .attr('class', `${cls} ${BLOCK}__state--task`)
      .attr('x', GUTTER_WIDTH + 4)
      .attr('y', 17)
      .text(fitText(row.label, m.columns.width - GUTTER_WIDTH - 8))
    return
  }

  const x = getX(m, row.from)
  const mark = isFault ? `M${x - 5},8 l10,10 m0,-10 l-10,10` : `M${x},7 l6,6 l-6,6 l-6,-6 z`
  g.append('path').attr('class', `${cls}-mark`).attr('d', mark)
  const room = m.columns.width - x - 14
  const atLeft = room < 140 && x - GUTTER_WIDTH > room
  g.append('text')
    .attr('class', cls)
    .attr('x', atLeft ? x - 10 : x + 10)
    .attr('y', 17)
    .attr('text-anchor', atLeft ? 'end' : 'start')
    .text(fitText(isFault ? `⚡ ${row.label}` : row.label, atLeft ? x - GUTTER_WIDTH - 14 : room))
}
