import { vi } from 'vitest'

/** One call on the fake context, with the paint state it was made in. */
export interface CanvasCall {
  name: string
  args: unknown[]
  fillStyle: string
  strokeStyle: string
  globalAlpha: number
  lineWidth: number
  dash: number[]
  font: string
  textAlign: string
}

/** Test builder: a 2D context that records what is drawn (jsdom has none). */
export function makeRecordingContext(): {
  ctx: CanvasRenderingContext2D
  calls: CanvasCall[]
  /** How many times `font` was set (each set parses it). */
  fontSets: () => number
} {
  const calls: CanvasCall[] = []
  let fontSets = 0
  let font = ''
  const state = {
    fillStyle: '',
    strokeStyle: '',
    globalAlpha: 1,
    lineWidth: 1,
    dash: [] as number[],
    textAlign: 'start',
    letterSpacing: '0px',
    lineJoin: 'miter',
  }
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push({ name, args, ...state, dash: [...state.dash], font })
    }
  const methods = [
    'setTransform',
    'fillRect',
    'beginPath',
    'rect',
    'roundRect',
    'moveTo',
    'lineTo',
    'fill',
    'stroke',
    'fillText',
    'strokeText',
  ]
  const ctx: Record<string, unknown> = state
  for (const name of methods) ctx[name] = record(name)
  ctx.setLineDash = (dash: number[]) => {
    state.dash = [...dash]
  }
  Object.defineProperty(ctx, 'font', {
    get: () => font,
    set: (value: string) => {
      font = value
      fontSets++
    },
  })
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls, fontSets: () => fontSets }
}

/** Path2D for jsdom: keeps the path data it was made from. */
export class FakePath2D {
  constructor(readonly d?: string) {}
}

/** Makes every canvas's getContext return `ctx` (or null) and stubs Path2D; undo with restoreAllMocks. */
export function stubCanvas(ctx: CanvasRenderingContext2D | null): void {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never)
  vi.stubGlobal('Path2D', FakePath2D)
}
