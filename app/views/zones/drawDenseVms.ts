import type { VmFrame } from '../../../src/protocol/messages'
import { getHeartbeatFraction, getHeartbeatLevel, type TopologyModel } from './drawTopology'
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
 * Every VM as a small cell on `canvas` (dense mode). Shape as well as colour tells the state:
 * a cross when DEAD, a slash when CRASHED, an outline filling up while BOOTING or RESTARTING; a
 * glyph is added when cells are big enough. The top edge is the heartbeat age, the bottom fill
 * the MIPS in use. In `cards` mode the canvas is cleared.
 */
export function drawDenseVms(
  canvas: HTMLCanvasElement,
  model: TopologyModel,
  colors: DenseColors,
  pixelRatio = 1,
): void {
  const { layout } = model
  if (layout.mode !== 'dense') {
    // Cards mode: a 1 × 1 canvas is a cleared one (resizing clears), no context needed.
    if (canvas.width !== 1) canvas.width = 1
    if (canvas.height !== 1) canvas.height = 1
    canvas.style.width = '0px'
    canvas.style.height = '0px'
    return
  }
  const { width: w, height: h } = layout
  const pw = Math.round(w * pixelRatio)
  const ph = Math.round(h * pixelRatio)
  if (canvas.width !== pw) canvas.width = pw
  if (canvas.height !== ph) canvas.height = ph
  canvas.style.width = `${w}px`
  canvas.style.height = `${h}px`
  const ctx = canvas.getContext('2d')
  if (!ctx) return
  ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0)
  ctx.clearRect(0, 0, w, h)

  const size = layout.cell.w
  ctx.textAlign = 'center'
  ctx.textBaseline = 'middle'
  ctx.font = `600 ${Math.max(8, Math.round(size * 0.42))}px system-ui, sans-serif`
  for (const vm of model.frame.vms) {
    const box = layout.vms.get(vm.id)
    if (box) drawCell(ctx, vm, box.x, box.y, size, model, colors)
  }
}

function drawCell(
  ctx: CanvasRenderingContext2D,
  vm: VmFrame,
  x: number,
  y: number,
  s: number,
  model: TopologyModel,
  colors: DenseColors,
): void {
  const c = colors.states[vm.state] ?? colors.states.ALIVE
  const booting = vm.bootProgress >= 0

  ctx.fillStyle = booting ? colors.track : c.fill
  ctx.fillRect(x, y, s, s)
  if (booting) {
    ctx.fillStyle = c.fill
    ctx.fillRect(x, y, s * Math.max(0, Math.min(1, vm.bootProgress)), s)
    ctx.strokeStyle = c.ink
    ctx.lineWidth = 1
    ctx.strokeRect(x + 0.5, y + 0.5, s - 1, s - 1)
  } else if (vm.state === 'ALIVE' && vm.mipsUse > 0) {
    const used = Math.max(1, Math.round(s * Math.min(1, vm.mipsUse)))
    ctx.fillStyle = colors.mips
    ctx.globalAlpha = 0.6
    ctx.fillRect(x, y + s - used, s, used)
    ctx.globalAlpha = 1
  }

  if (vm.state === 'DEAD' || vm.state === 'CRASHED') {
    const inset = Math.max(1.5, s * 0.2)
    ctx.strokeStyle = c.ink
    ctx.lineWidth = Math.max(1, s / 10)
    ctx.beginPath()
    ctx.moveTo(x + inset, y + s - inset)
    ctx.lineTo(x + s - inset, y + inset)
    if (vm.state === 'DEAD') {
      ctx.moveTo(x + inset, y + inset)
      ctx.lineTo(x + s - inset, y + s - inset)
    }
    ctx.stroke()
  } else if (s >= 16) {
    ctx.fillStyle = c.ink
    ctx.fillText(getStateGlyph(vm.state), x + s / 2, y + s / 2 + 1)
  }

  // Heartbeat age along the top edge; only the warning part is coloured to keep it calm.
  const f = getHeartbeatFraction(vm, model.vmTimeoutMs)
  const level = getHeartbeatLevel(f)
  if (vm.state !== 'DEAD' && !booting && level !== 'ok') {
    ctx.fillStyle = level === 'late' ? colors.hbLate : colors.hbWarn
    ctx.fillRect(x, y, s * f, Math.max(2, s / 8))
  }
  if (s >= 14 && vm.tasks.length > 0) {
    ctx.fillStyle = colors.fg
    const dot = Math.max(1.5, s / 14)
    for (let i = 0; i < Math.min(3, vm.tasks.length); i++) {
      ctx.beginPath()
      ctx.arc(x + s - dot * 2 - i * dot * 3, y + dot * 2 + 2, dot, 0, Math.PI * 2)
      ctx.fill()
    }
  }
}
