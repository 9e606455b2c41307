import type { VmFrame } from '../../../src/protocol/messages'
import type { TopologyModel } from './drawTopology'
import { getHeartbeatFraction, getHeartbeatLevel } from './drawVmCards'
import type { Box, TopologyLayout } from './topologyLayout'
import { getStateGlyph } from './topologyText'

/** Canvas colours, read from the CSS variables of the current theme. */
export interface DenseColors {
  fg: string
  track: string
  mips: string
  hbOk: string
  hbWarn: string
  hbLate: string
  states: Record<string, { fill: string; ink: string }>
}

const STATES = ['ALIVE', 'BOOTING', 'CRASHED', 'DEAD', 'RESTARTING'] as const

/** The theme's colours as set on `el` (fallbacks when a variable is missing, as in jsdom). */
export function readDenseColors(el: Element): DenseColors {
  const style = getComputedStyle(el)
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  const states: DenseColors['states'] = {}
  for (const s of STATES) {
    const key = s.toLowerCase()
    states[s] = { fill: read(`--zm-${key}-bg`, '#e5e7eb'), ink: read(`--zm-${key}`, '#374151') }
  }
  return {
    fg: read('--zm-fg', '#1f2937'),
    track: read('--zm-bar-track', '#e5e7eb'),
    mips: read('--zm-bar-mips', '#3b82f6'),
    hbOk: read('--zm-hb-ok', '#22c55e'),
    hbWarn: read('--zm-hb-warn', '#f59e0b'),
    hbLate: read('--zm-hb-late', '#ef4444'),
    states,
  }
}

/**
 * What one cell shows, quantised to what is drawn: two equal looks paint the same pixels, so a
 * cell is repainted only when its look changes. Widths that grow with time are whole device px.
 */
export interface CellLook {
  state: string
  /** Width of the boot fill in device px; −1 when not booting or restarting. */
  bootPx: number
  /** Height of the MIPS fill in CSS px; 0 when none. */
  mipsPx: number
  /** Heartbeat-age edge: 0 none, 1 warn, 2 late. */
  hbLevel: number
  /** Width of that edge in device px. */
  hbPx: number
  /** Task dots (at most 3; none in cells too small for them). */
  dots: number
}

/** The look of `vm` in a cell of `size` CSS px at `pixelRatio`. */
export function getCellLook(
  vm: VmFrame,
  size: number,
  timeoutMs: number,
  pixelRatio: number,
): CellLook {
  const booting = vm.bootProgress >= 0
  const boot = Math.max(0, Math.min(1, vm.bootProgress))
  const bootPx = booting ? Math.round(size * boot * pixelRatio) : -1
  const mipsPx =
    !booting && vm.state === 'ALIVE' && vm.mipsUse > 0
      ? Math.max(1, Math.round(size * Math.min(1, vm.mipsUse)))
      : 0
  // Heartbeat age along the top edge; only the warning part is drawn, to keep it calm.
  let hbLevel = 0
  let hbPx = 0
  if (vm.state !== 'DEAD' && !booting) {
    const f = getHeartbeatFraction(vm, timeoutMs)
    const level = getHeartbeatLevel(f)
    if (level !== 'ok') {
      hbLevel = level === 'late' ? 2 : 1
      hbPx = Math.round(size * f * pixelRatio)
    }
  }
  const dots = size >= 14 ? Math.min(3, vm.tasks.length) : 0
  return { state: vm.state, bootPx, mipsPx, hbLevel, hbPx, dots }
}

export function isSameCellLook(a: CellLook, b: CellLook): boolean {
  return (
    a.state === b.state &&
    a.bootPx === b.bootPx &&
    a.mipsPx === b.mipsPx &&
    a.hbLevel === b.hbLevel &&
    a.hbPx === b.hbPx &&
    a.dots === b.dots
  )
}

/** What the canvas shows now, so the next frame repaints only the cells that changed. */
interface Painted {
  layout: TopologyLayout
  colors: DenseColors
  pixelRatio: number
  timeoutMs: number
  /** Per VM in frame order: its id, cell and look (none when it has no cell). */
  ids: string[]
  boxes: (Box | undefined)[]
  looks: (CellLook | null)[]
}

const painted = new WeakMap<HTMLCanvasElement, Painted>()
const watched = new WeakSet<HTMLCanvasElement>()

/** A restored context starts blank and with default state: the next frame paints everything. */
function watchContextLoss(canvas: HTMLCanvasElement): void {
  if (watched.has(canvas)) return
  watched.add(canvas)
  canvas.addEventListener('contextrestored', () => painted.delete(canvas))
}

/** Sizes `canvas` to `pw` × `ph` device px shown as `w` × `h` CSS px; true when that cleared it. */
function fitCanvas(c: HTMLCanvasElement, pw: number, ph: number, w: number, h: number): boolean {
  const resized = c.width !== pw || c.height !== ph
  if (c.width !== pw) c.width = pw
  if (c.height !== ph) c.height = ph
  if (c.style.width !== `${w}px`) c.style.width = `${w}px`
  if (c.style.height !== `${h}px`) c.style.height = `${h}px`
  return resized
}

/**
 * Every VM as a small cell on `canvas` (dense mode). Shape as well as colour tells the state:
 * a cross when DEAD, a slash when CRASHED, an outline filling up while BOOTING or RESTARTING; a
 * glyph is added when cells are big enough. The top edge is the heartbeat age, the bottom fill
 * the MIPS in use. In `cards` mode the canvas is cleared. Repaints only the cells whose look
 * changed since the last call, or all of them after a layout, theme or size change. Returns the
 * number of cells painted.
 */
export function drawDenseVms(
  canvas: HTMLCanvasElement,
  model: TopologyModel,
  colors: DenseColors,
  pixelRatio = 1,
): number {
  const { layout } = model
  if (layout.mode !== 'dense') {
    painted.delete(canvas)
    // Cards mode: a 1 × 1 canvas is a cleared one (resizing clears), no context needed.
    fitCanvas(canvas, 1, 1, 0, 0)
    return 0
  }
  const { width: w, height: h } = layout
  const resized = fitCanvas(canvas, Math.round(w * pixelRatio), Math.round(h * pixelRatio), w, h)
  const ctx = canvas.getContext('2d')
  if (!ctx) return 0
  watchContextLoss(canvas)

  const last = painted.get(canvas)
  const full =
    resized ||
    !last ||
    last.layout !== layout ||
    last.colors !== colors ||
    last.pixelRatio !== pixelRatio ||
    last.timeoutMs !== model.vmTimeoutMs ||
    last.ids.length !== model.frame.vms.length
  return full
    ? paintAll(canvas, ctx, model, colors, pixelRatio)
    : paintChanged(canvas, ctx, last, model, colors)
}

/**
 * The context state every cell is drawn with. Set once per full paint and kept by the context
 * between frames (only a resize resets it, and that repaints everything): setting `font` costs a
 * style resolution, too much to do per frame.
 */
function setUp(ctx: CanvasRenderingContext2D, size: number, pixelRatio: number): void {
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.font = `600 ${Math.max(8, Math.round(size * 0.42))}px system-ui, sans-serif`
}

function paintAll(
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  model: TopologyModel,
  colors: DenseColors,
  pixelRatio: number,
): number {
  const { layout, frame, vmTimeoutMs } = model
  const size = layout.cell.w
  setUp(ctx, size, pixelRatio)
  ctx.clearRect(0, 0, layout.width, layout.height)

  const ids: string[] = []
  const boxes: (Box | undefined)[] = []
  const looks: (CellLook | null)[] = []
  for (const vm of frame.vms) {
    const box = layout.vms.get(vm.id)
    const look = box ? getCellLook(vm, size, vmTimeoutMs, pixelRatio) : null
    if (box && look) drawCell(ctx, look, box.x, box.y, size, pixelRatio, colors)
    ids.push(vm.id)
    boxes.push(box)
    looks.push(look)
  }
  painted.set(canvas, { layout, colors, pixelRatio, timeoutMs: vmTimeoutMs, ids, boxes, looks })
  return looks.filter(Boolean).length
}

function paintChanged(
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
  last: Painted,
  model: TopologyModel,
  colors: DenseColors,
): number {
  const { layout, frame, vmTimeoutMs } = model
  const { pixelRatio } = last
  const size = layout.cell.w
  let count = 0
  for (let i = 0; i < frame.vms.length; i++) {
    const vm = frame.vms[i]
    // Another VM at this index than the one painted: the set changed, start over.
    if (vm.id !== last.ids[i]) return paintAll(canvas, ctx, model, colors, pixelRatio)
    const box = last.boxes[i]
    const before = last.looks[i]
    if (!box || !before) continue
    const look = getCellLook(vm, size, vmTimeoutMs, pixelRatio)
    if (isSameCellLook(before, look)) continue
    clearCell(ctx, box.x, box.y, size, pixelRatio)
    drawCell(ctx, look, box.x, box.y, size, pixelRatio, colors)
    last.looks[i] = look
    count++
  }
  return count
}

/**
 * Clears the device pixels a cell can touch. Cells are at least 1 CSS px apart, so the rounded-out
 * rectangle never reaches a neighbour; clearing in device space avoids half-cleared edges.
 */
function clearCell(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  s: number,
  pixelRatio: number,
): void {
  const x0 = Math.floor(x * pixelRatio)
  const y0 = Math.floor(y * pixelRatio)
  const x1 = Math.ceil((x + s) * pixelRatio)
  const y1 = Math.ceil((y + s) * pixelRatio)
  ctx.setTransform(1, 0, 0, 1, 0, 0)
  ctx.clearRect(x0, y0, x1 - x0, y1 - y0)
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
}

function drawCell(
  ctx: CanvasRenderingContext2D,
  look: CellLook,
  x: number,
  y: number,
  s: number,
  pixelRatio: number,
  colors: DenseColors,
): void {
  const { state } = look
  const c = colors.states[state] ?? colors.states.ALIVE
  const booting = look.bootPx >= 0

  ctx.fillStyle = booting ? colors.track : c.fill
  ctx.fillRect(x, y, s, s)
  if (booting) {
    ctx.fillStyle = c.fill
    ctx.fillRect(x, y, look.bootPx / pixelRatio, s)
    ctx.strokeStyle = c.ink
    ctx.lineWidth = 1
    ctx.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1)
  } else if (look.mipsPx > 0) {
    ctx.fillStyle = colors.mips
    ctx.globalAlpha = 0.6
    ctx.fillRect(x, y + s - look.mipsPx, s, look.mipsPx)
    ctx.globalAlpha = 1
  }

  if (state === 'DEAD' || state === 'CRASHED') {
    const inset = Math.max(1.5, s * 0.2)
    ctx.strokeStyle = c.ink
    ctx.lineWidth = Math.max(1, s / 10)
    ctx.beginPath()
    ctx.moveTo(x + inset, y + s - inset)
    ctx.lineTo(x + s - inset, y + inset)
    if (state === 'DEAD') {
      ctx.moveTo(x + inset, y + inset)
      ctx.lineTo(x + s - inset, y + s - inset)
    }
    ctx.stroke()
  } else if (s >= 16) {
    ctx.fillStyle = c.ink
    ctx.fillText(getStateGlyph(state), x + s / 2, y + s / 2 + 1)
  }

  if (look.hbLevel > 0) {
    ctx.fillStyle = look.hbLevel === 2 ? colors.hbLate : colors.hbWarn
    ctx.fillRect(x, y, look.hbPx / pixelRatio, Math.max(2, s / 8))
  }
  if (look.dots > 0) {
    ctx.fillStyle = colors.fg
    const dot = Math.max(1.5, s / 14)
    for (let i = 0; i < look.dots; i++) {
      ctx.beginPath()
      ctx.arc(x + s - dot * 2 - i * dot * 3, y + dot * 2 + 2, dot, 0, Math.PI * 2)
      ctx.fill()
    }
  }
}
