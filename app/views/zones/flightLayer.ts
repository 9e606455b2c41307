import type { MessageEvent, TraceEvent } from '../../../src/trace/types'
import { getAnchor } from './drawTopology'
import type { TopologyLayout } from './topologyLayout'

/** At most this many new dots per frame and alive at once: a hint of traffic, kept cheap. */
export const MAX_NEW_FLIGHTS = 12
export const MAX_FLIGHTS = 60
/** Wall-clock flight time of a dot, ms. */
export const FLIGHT_MS = 520
/** Dot radius, CSS px. */
export const FLIGHT_RADIUS = 3.5

/** Dot colours, read from the CSS variables of the current theme. */
export interface FlightColors {
  call: string
  reply: string
}

/** What moves the dots along: the wall clock and the frame scheduler, injectable for tests. */
export interface FlightClock {
  /** Wall time, ms. */
  now(): number
  requestFrame(tick: () => void): number
  cancelFrame(handle: number): void
  /** Device px per CSS px. */
  pixelRatio(): number
}

/** Dots in flight on one canvas, painted by a frame loop that runs only while any are alive. */
export interface FlightLayer {
  /**
   * Starts a dot per message of `events` (self-messages and ids not drawn skipped; an even
   * sample when there are many) and returns how many started. Dots flying on another layout
   * are dropped.
   */
  add(layout: TopologyLayout, events: readonly TraceEvent[]): number
  setColors(colors: FlightColors): void
  /** Drops every dot, blanks the canvas and stops the loop (reduced motion, a reset, unmount). */
  clear(): void
  /** Dots alive now. */
  count(): number
}

interface Flight {
  x0: number
  y0: number
  x1: number
  y1: number
  startMs: number
  reply: boolean
}

const FALLBACK_COLORS: FlightColors = { call: '#2563eb', reply: '#64748b' }

/** The theme's dot colours as set on `el` (fallbacks when a variable is missing, as in jsdom). */
export function readFlightColors(el: Element): FlightColors {
  const style = getComputedStyle(el)
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return {
    call: read('--zm-flight', FALLBACK_COLORS.call),
    reply: read('--zm-muted', FALLBACK_COLORS.reply),
  }
}

// CSS `ease-in-out`, cubic-bezier(0.42, 0, 0.58, 1), as the compositor ran it before: x(s) in
// polynomial form; y(s) = 3s² − 2s³ because y1 = 0 and y2 = 1.
const CX = 3 * 0.42
const BX = 3 * (0.58 - 0.42) - CX
const AX = 1 - CX - BX

/** Eased progress for linear progress `p` in [0, 1]. */
export function getEaseInOut(p: number): number {
  // x'(s) ≥ 0.87 on [0, 1], so a few Newton steps from s = p reach float precision.
  let s = p
  for (let i = 0; i < 6; i++) {
    const x = ((AX * s + BX) * s + CX) * s - p
    s -= x / ((3 * AX * s + 2 * BX) * s + CX)
  }
  s = Math.max(0, Math.min(1, s))
  return s * s * (3 - 2 * s)
}

/** The messages worth a dot: no self-messages, and an even sample of at most `room`. */
function sampleMessages(events: readonly TraceEvent[], room: number): MessageEvent[] {
  const messages: MessageEvent[] = []
  for (const e of events) if (e.type === 'message' && e.kind !== 'self') messages.push(e)
  if (messages.length <= room) return messages
  const sample: MessageEvent[] = []
  const step = messages.length / room
  for (let i = 0; sample.length < room; i += step) sample.push(messages[Math.floor(i)])
  return sample
}

const defaultClock: FlightClock = {
  now: () => performance.now(),
  requestFrame: (tick) => requestAnimationFrame(tick),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
  pixelRatio: () => window.devicePixelRatio || 1,
}

/**
 * A layer of dots flying from sender to receiver on `canvas`, one frame loop for all of them:
 * each tick blanks the canvas and draws every live dot at its eased position. The loop runs
 * only while dots are alive. The canvas carries `data-flights`, the number alive, written when
 * dots start and when they land (not per tick). Without a 2D context the dots are still
 * counted and land on time; nothing is painted.
 */
export function createFlightLayer(
  canvas: HTMLCanvasElement,
  clock: Partial<FlightClock> = {},
): FlightLayer {
  const { now, requestFrame, cancelFrame, pixelRatio } = { ...defaultClock, ...clock }
  const flights: Flight[] = []
  let layout: TopologyLayout | null = null
  let colors = FALLBACK_COLORS
  let ctx: CanvasRenderingContext2D | null = null
  let painted = false
  let frame: number | null = null
  let written = -1

  const writeCount = () => {
    if (written === flights.length) return
    written = flights.length
    canvas.dataset.flights = String(written)
  }

  // In place: this runs every frame while dots fly.
  const dropLanded = (t: number) => {
    let kept = 0
    for (const f of flights) if (t - f.startMs < FLIGHT_MS) flights[kept++] = f
    flights.length = kept
  }

  const paint = (t: number) => {
    ctx ??= canvas.getContext('2d')
    if (!ctx || !layout) return
    const ratio = pixelRatio()
    const pw = Math.round(layout.width * ratio)
    const ph = Math.round(layout.height * ratio)
    if (canvas.width !== pw) canvas.width = pw
    if (canvas.height !== ph) canvas.height = ph
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
    ctx.clearRect(0, 0, layout.width, layout.height)
    let fill = ''
    for (const f of flights) {
      const e = getEaseInOut(Math.min(1, (t - f.startMs) / FLIGHT_MS))
      const color = f.reply ? colors.reply : colors.call
      if (color !== fill) ctx.fillStyle = fill = color
      ctx.globalAlpha = 0.9 - 0.3 * e
      ctx.beginPath()
      ctx.arc(f.x0 + (f.x1 - f.x0) * e, f.y0 + (f.y1 - f.y0) * e, FLIGHT_RADIUS, 0, 2 * Math.PI)
      ctx.fill()
    }
    ctx.globalAlpha = 1
    painted = flights.length > 0
  }

  const tick = () => {
    frame = null
    const t = now()
    dropLanded(t)
    writeCount()
    paint(t)
    if (flights.length > 0) frame = requestFrame(tick)
  }

  const clear = () => {
    if (frame !== null) cancelFrame(frame)
    frame = null
    flights.length = 0
    writeCount()
    if (ctx && painted) {
      ctx.setTransform(1, 0, 0, 1, 0, 0)
      ctx.clearRect(0, 0, canvas.width, canvas.height)
    }
    painted = false
  }

  const add = (next: TopologyLayout, events: readonly TraceEvent[]) => {
    const t = now()
    if (next !== layout) flights.length = 0
    layout = next
    dropLanded(t)
    const room = Math.min(MAX_NEW_FLIGHTS, MAX_FLIGHTS - flights.length)
    let started = 0
    if (room > 0) {
      for (const e of sampleMessages(events, room)) {
        const from = getAnchor(next, e.from)
        const to = getAnchor(next, e.to)
        if (!from || !to) continue
        const reply = e.kind === 'reply'
        flights.push({ x0: from[0], y0: from[1], x1: to[0], y1: to[1], startMs: t, reply })
        started++
      }
    }
    writeCount()
    // A tick also blanks what an earlier layout left, so one is due whenever anything was shown.
    if (frame === null && (flights.length > 0 || painted)) frame = requestFrame(tick)
    return started
  }

  writeCount()
  return {
    add,
    setColors: (next) => {
      colors = next
    },
    clear,
    count: () => flights.length,
  }
}
