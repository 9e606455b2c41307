import { select } from 'd3'
import type { SequenceRow } from '../../../src/trace/toSequenceRows'
import { setStyle } from '../../lib/dom'
import type { DisplayList } from './drawOps'
import { drawRowSlots, ensureRowSlots } from './drawRowSlots'
import { drawTimelineCanvas } from './paintTimelineCanvas'
import { getTimelineDisplayList, type TimelineRowsModel } from './timelineDisplayList'
import {
  fitText,
  GUTTER_NUM_X,
  GUTTER_TIME_X,
  HEADER_HEIGHT,
  ROW_HEIGHT,
  type TimelineColumns,
} from './timelineLayout'
import type { TimelinePalette } from './timelinePalette'

/** What drawTimelineRows needs: the rows in view, where the viewport is, and the theme. */
export interface TimelineRowsFrame extends TimelineRowsModel {
  /** List position that takes Tab focus (roving tabindex), −1 for the first in view. */
  focusPos: number
  /** The first list position in the viewport (the focus when `focusPos` is out of the window). */
  topPos: number
  /** Horizontal scroll offset and the width of the diagram in view (px). */
  left: number
  viewWidth: number
  /** Rows the canvas holds (the window's capacity with the overscan in use). */
  canvasRows: number
  /** Row slots: the window's capacity with the most overscan, so following or not keeps them. */
  capacity: number
  pixelRatio: number
  palette: TimelinePalette
}

/** The elements the rows are drawn into: a positioned layer holding the canvas and the slots. */
export interface TimelineRowsView {
  layer: HTMLElement
  canvas: HTMLCanvasElement
  slots: HTMLElement
}

// What the canvas shows, to skip repainting a frame that changed nothing drawn.
interface PaintKey {
  first: number
  last: number
  indices: readonly number[]
  rowBefore: SequenceRow | undefined
  rowFirst: SequenceRow | undefined
  rowLast: SequenceRow | undefined
  columns: TimelineColumns
  playheadSeq: number
  left: number
  viewWidth: number
  canvasRows: number
  pixelRatio: number
  palette: TimelinePalette
}

type PaintedCanvas = HTMLCanvasElement & { __painted?: PaintKey; __list?: DisplayList }

const BLOCK = 'seq-timeline'

/** The participant boxes along the top, one per column. */
export function drawTimelineHeader(svg: SVGSVGElement, columns: TimelineColumns): void {
  const root = select(svg).attr('width', columns.width).attr('height', HEADER_HEIGHT)
  const boxWidth = columns.columnWidth - 8

  // Over the gutter: "#" over the seq numbers' right edge, "time (s)" over the times.
  const gutterHeads = [
    { text: '#', x: GUTTER_NUM_X, anchor: 'end' },
    { text: 'time (s)', x: GUTTER_TIME_X, anchor: 'start' },
  ]
  root
    .selectAll<SVGTextElement, (typeof gutterHeads)[number]>(`text.${BLOCK}__gutter-head`)
    .data(gutterHeads)
    .join('text')
    .attr('class', `${BLOCK}__gutter-head`)
    .attr('x', (d) => d.x)
    .attr('y', HEADER_HEIGHT / 2 + 4)
    .attr('text-anchor', (d) => d.anchor)
    .text((d) => d.text)

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

/**
 * Rows first…last−1 onto the canvas (repainted only when the window, the rows, the playhead, the
 * columns, the scroll offset, the size or the theme changed) and into the row slots above it.
 */
export function drawTimelineRows(view: TimelineRowsView, f: TimelineRowsFrame): void {
  const canvas = view.canvas as PaintedCanvas
  const key = getPaintKey(f)
  if (!canvas.__painted || !isSameKey(canvas.__painted, key)) {
    const list = getTimelineDisplayList({ ...f, view: { left: f.left, width: f.viewWidth } })
    const height = f.canvasRows * ROW_HEIGHT
    const size = { left: f.left, width: f.viewWidth, height, pixelRatio: f.pixelRatio }
    drawTimelineCanvas(canvas, list, f.palette, size)
    canvas.__painted = key
    canvas.__list = list
  }
  // Only the layer moves (a composited transform): the canvas and the slots ride on it.
  setStyle(view.layer, 'transform', `translate(${f.left}px,${f.first * ROW_HEIGHT}px)`)
  setStyle(view.slots, 'width', `${f.viewWidth}px`)
  ensureRowSlots(view.slots, f.capacity)
  const inWindow = f.focusPos >= f.first && f.focusPos < f.last
  drawRowSlots(view.slots, { ...f, focusPos: inWindow ? f.focusPos : f.topPos })
}

/** The display list the canvas shows now (the rows in the window at full width), if any. */
export function getDrawnDisplayList(canvas: HTMLCanvasElement): DisplayList | null {
  return (canvas as PaintedCanvas).__list ?? null
}

function getPaintKey(f: TimelineRowsFrame): PaintKey {
  const rowAt = (pos: number) =>
    pos >= 0 && pos < f.indices.length ? f.seq.rows[f.indices[pos]] : undefined
  return {
    first: f.first,
    last: f.last,
    indices: f.indices,
    rowBefore: rowAt(f.first - 1),
    rowFirst: rowAt(f.first),
    rowLast: rowAt(f.last - 1),
    columns: f.columns,
    playheadSeq: f.playheadSeq,
    left: f.left,
    viewWidth: f.viewWidth,
    canvasRows: f.canvasRows,
    pixelRatio: f.pixelRatio,
    palette: f.palette,
  }
}

function isSameKey(a: PaintKey, b: PaintKey): boolean {
  for (const name of Object.keys(a) as (keyof PaintKey)[]) if (a[name] !== b[name]) return false
  return true
}
