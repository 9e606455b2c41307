// Draw ops: what the timeline's display list is made of, and what its painters (canvas on screen,
// SVG for export) execute. Colours are semantic roles, resolved by the painters per theme.

/**
 * A colour by meaning; each is the CSS custom property `--seq-<role>` of timeline.css, so the
 * theme decides the colour.
 */
export type ColorRole =
  | 'bg'
  | 'fg'
  | 'muted'
  | 'lifeline'
  | 'arrow'
  | 'reply'
  | 'note-bg'
  | 'note-border'
  | 'fault'
  | 'fault-band'
  | 'state'
  | 'playhead'
  | `phase-${number}`
  | `stripe-${number}`

/** What a text is (the SVG class `seq-timeline__<kind>`); it picks the font. */
export type TextKind =
  | 'num'
  | 'time'
  | 'label'
  | 'note-text'
  | 'phase-note-text'
  | 'state'
  | 'task-state'
  | 'fault'
  | 'phase-name'
  | 'offscreen'

export type FontRole = 'regular' | 'semibold' | 'bold' | 'italic' | 'caption'

/** Font of each font role (px; the label font is 11 px, phase names are small capitals). */
export const FONTS: Record<
  FontRole,
  { size: number; weight: number; style: 'normal' | 'italic'; letterSpacing: number }
> = {
  regular: { size: 11, weight: 400, style: 'normal', letterSpacing: 0 },
  semibold: { size: 11, weight: 600, style: 'normal', letterSpacing: 0 },
  bold: { size: 11, weight: 700, style: 'normal', letterSpacing: 0 },
  italic: { size: 11, weight: 400, style: 'italic', letterSpacing: 0 },
  caption: { size: 9, weight: 700, style: 'normal', letterSpacing: 0.36 },
}

/** An arrowhead whose tip is at (x, y), pointing right (1) or left (−1). */
export interface ArrowHead {
  kind: 'filled' | 'open'
  x: number
  y: number
  direction: 1 | -1
}

export interface PaintStyle {
  fill?: ColorRole
  fillOpacity?: number
  stroke?: ColorRole
  strokeWidth?: number
  /** Dash pattern (px on, px off); solid when absent. */
  dash?: readonly number[]
  /** Opacity of the whole op (future rows are dimmed). */
  opacity?: number
  /** Drawn on screen only (a pointer to content scrolled out of view), left out of exports. */
  screenOnly?: boolean
}

export interface RectOp extends PaintStyle {
  type: 'rect'
  x: number
  y: number
  width: number
  height: number
  radius?: number
}

export interface LineOp extends PaintStyle {
  type: 'line'
  x1: number
  y1: number
  x2: number
  y2: number
  head?: ArrowHead
}

export interface PathOp extends PaintStyle {
  type: 'path'
  /** SVG path data. */
  d: string
  head?: ArrowHead
}

export interface TextOp {
  type: 'text'
  x: number
  y: number
  text: string
  anchor: 'start' | 'middle' | 'end'
  kind: TextKind
  font: FontRole
  fill: ColorRole
  opacity?: number
  screenOnly?: boolean
}

export type DrawOp = RectOp | LineOp | PathOp | TextOp

/** Ops in paint order, in a box `width` × `height` whose top is the top of row `first`. */
export interface DisplayList {
  width: number
  height: number
  ops: DrawOp[]
}

const HEAD_LENGTH = 8
const HEAD_HALF = 4

/** The path of an arrowhead: a closed triangle (filled) or an open chevron (stroked). */
export function getArrowHeadPath(head: ArrowHead): string {
  const base = head.x - head.direction * HEAD_LENGTH
  const top = `${base},${head.y - HEAD_HALF}`
  const bottom = `${base},${head.y + HEAD_HALF}`
  return head.kind === 'filled'
    ? `M${head.x},${head.y}L${top}L${bottom}Z`
    : `M${top}L${head.x},${head.y}L${bottom}`
}
