import {
  type ArrowHead,
  type ColorRole,
  type DisplayList,
  type DrawOp,
  FONTS,
  type FontRole,
  getArrowHeadPath,
  type TextOp,
} from './drawOps'
import { getCanvasFont, getColor, type TimelinePalette } from './timelinePalette'

/** The part of the display list the canvas shows: `width` × `height` CSS px from x = `left`. */
export interface CanvasView {
  left: number
  width: number
  height: number
  pixelRatio: number
}

const NO_DASH: readonly number[] = []
// Canvases that gave no 2D context (jsdom, or one holding another kind): they never will, so
// they are not asked again (jsdom logs each time).
const noContext = new WeakSet<HTMLCanvasElement>()

/**
 * Sizes `canvas` to the view (its backing store in device pixels) and paints `list` on the
 * theme's background. Returns false when the browser gives no 2D context (as jsdom does).
 */
export function drawTimelineCanvas(
  canvas: HTMLCanvasElement,
  list: DisplayList,
  palette: TimelinePalette,
  view: CanvasView,
): boolean {
  const { left, width, height, pixelRatio } = view
  const pw = Math.max(1, Math.round(width * pixelRatio))
  const ph = Math.max(1, Math.round(height * pixelRatio))
  // Resizing reallocates and clears the backing store: only when the view's size changes.
  if (canvas.width !== pw) canvas.width = pw
  if (canvas.height !== ph) canvas.height = ph
  const cssWidth = `${width}px`
  const cssHeight = `${height}px`
  if (canvas.style.width !== cssWidth) canvas.style.width = cssWidth
  if (canvas.style.height !== cssHeight) canvas.style.height = cssHeight
  const ctx = noContext.has(canvas) ? null : canvas.getContext('2d', { alpha: false })
  if (!ctx) {
    noContext.add(canvas)
    return false
  }

  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, -left * pixelRatio, 0)
  ctx.globalAlpha = 1
  ctx.fillStyle = getColor(palette, 'bg')
  ctx.fillRect(left, 0, width, height)
  paintDisplayList(ctx, list, palette, { left, right: left + width })
  return true
}

/**
 * Executes the ops of `list` on `ctx`, colours resolved through `palette`, leaving out those
 * wholly outside the x range `clip` (a wide diagram scrolled sideways: text costs even off-canvas).
 */
export function paintDisplayList(
  ctx: CanvasRenderingContext2D,
  list: DisplayList,
  palette: TimelinePalette,
  clip: { left: number; right: number } = { left: -Infinity, right: Infinity },
): void {
  const pen = makePen(ctx, palette)
  ctx.lineJoin = 'round'
  for (const op of list.ops) {
    if (isOutside(op, clip.left, clip.right)) continue
    const opacity = op.opacity ?? 1
    switch (op.type) {
      case 'rect':
        if (!op.radius && !op.stroke && op.fill) {
          pen.fill(op.fill, opacity * (op.fillOpacity ?? 1))
          ctx.fillRect(op.x, op.y, op.width, op.height)
          break
        }
        ctx.beginPath()
        if (op.radius) ctx.roundRect(op.x, op.y, op.width, op.height, op.radius)
        else ctx.rect(op.x, op.y, op.width, op.height)
        paintShape(pen, op)
        break
      case 'line':
        ctx.beginPath()
        ctx.moveTo(op.x1, op.y1)
        ctx.lineTo(op.x2, op.y2)
        paintShape(pen, op)
        break
      case 'path':
        paintShape(pen, op, new Path2D(op.d))
        break
      case 'text':
        pen.text(op.font, op.anchor)
        pen.fill(op.fill, opacity)
        ctx.fillText(op.text, op.x, op.y)
        break
    }
  }
  pen.reset()
}

// Generous glyph width (px) for culling text without measuring it.
const MAX_GLYPH_WIDTH = 12

function isOutside(op: DrawOp, left: number, right: number): boolean {
  switch (op.type) {
    case 'rect':
      return op.x > right || op.x + op.width < left
    case 'line':
      return Math.min(op.x1, op.x2) > right || Math.max(op.x1, op.x2) < left
    case 'path':
      return false
    case 'text': {
      const width = op.text.length * MAX_GLYPH_WIDTH
      const start =
        op.anchor === 'start' ? op.x : op.anchor === 'end' ? op.x - width : op.x - width / 2
      return start > right || start + width < left
    }
  }
}

interface Pen {
  ctx: CanvasRenderingContext2D
  fill(role: ColorRole, alpha: number): void
  stroke(role: ColorRole, alpha: number, width: number, dash: readonly number[]): void
  text(font: FontRole, anchor: TextOp['anchor']): void
  /** Leaves the state a paint assumes at its start: opaque, no letter spacing. */
  reset(): void
}

// The canvas parses what its style setters get (colours, fonts): the pen sets each only when it
// changes, which matters at ~100 ops a frame. Letter spacing is 0 between paints, since setting
// it (even to the same value) makes the next text resolve its font again.
function makePen(ctx: CanvasRenderingContext2D, palette: TimelinePalette): Pen {
  let fill = ''
  let stroke = ''
  let alpha = -1
  let width = -1
  let dash: readonly number[] | null = null
  let font = ''
  let spacing = 0
  let align = ''
  const setAlpha = (value: number) => {
    if (value !== alpha) ctx.globalAlpha = alpha = value
  }
  return {
    ctx,
    fill(role, value) {
      const color = getColor(palette, role)
      if (color !== fill) ctx.fillStyle = fill = color
      setAlpha(value)
    },
    stroke(role, value, lineWidth, lineDash) {
      const color = getColor(palette, role)
      if (color !== stroke) ctx.strokeStyle = stroke = color
      if (lineWidth !== width) ctx.lineWidth = width = lineWidth
      if (lineDash !== dash) {
        ctx.setLineDash(lineDash as number[])
        dash = lineDash
      }
      setAlpha(value)
    },
    text(role, anchor) {
      const next = getCanvasFont(role, palette.fontFamily)
      if (next !== font) ctx.font = font = next
      const { letterSpacing } = FONTS[role]
      if (letterSpacing !== spacing) {
        ctx.letterSpacing = `${letterSpacing}px`
        spacing = letterSpacing
      }
      const textAlign = anchor === 'middle' ? 'center' : anchor === 'end' ? 'right' : 'left'
      if (textAlign !== align) ctx.textAlign = align = textAlign
    },
    reset() {
      setAlpha(1)
      if (spacing !== 0) ctx.letterSpacing = '0px'
    },
  }
}

function paintShape(pen: Pen, op: Exclude<DrawOp, TextOp>, path?: Path2D): void {
  const { ctx } = pen
  const opacity = op.opacity ?? 1
  if (op.fill) {
    pen.fill(op.fill, opacity * (op.fillOpacity ?? 1))
    if (path) ctx.fill(path)
    else ctx.fill()
  }
  if (op.stroke) {
    pen.stroke(op.stroke, opacity, op.strokeWidth ?? 1, op.dash ?? NO_DASH)
    if (path) ctx.stroke(path)
    else ctx.stroke()
  }
  if ((op.type === 'line' || op.type === 'path') && op.head && op.stroke) {
    paintHead(pen, op.head, op.stroke, opacity)
  }
}

function paintHead(pen: Pen, head: ArrowHead, role: ColorRole, opacity: number): void {
  const path = new Path2D(getArrowHeadPath(head))
  if (head.kind === 'filled') {
    pen.fill(role, opacity)
    pen.ctx.fill(path)
  } else {
    pen.stroke(role, opacity, 1.5, NO_DASH)
    pen.ctx.stroke(path)
  }
}
