/** Test helper: a 2D context that records every call and property write as text, in order. */
export interface FakeContext {
  ctx: CanvasRenderingContext2D
  ops: string[]
}

const METHODS = [
  'setTransform',
  'clearRect',
  'fillRect',
  'strokeRect',
  'fillText',
  'beginPath',
  'moveTo',
  'lineTo',
  'arc',
  'stroke',
  'fill',
] as const
const PROPS = [
  'fillStyle',
  'strokeStyle',
  'lineWidth',
  'globalAlpha',
  'font',
  'textAlign',
  'textBaseline',
] as const

const round = (v: unknown) => (typeof v === 'number' ? Number(v.toFixed(3)) : v)

export function makeFakeContext(canvas: HTMLCanvasElement): FakeContext {
  const ops: string[] = []
  const state: Record<string, unknown> = {}
  const ctx: Record<string, unknown> = { canvas }
  for (const name of METHODS) {
    ctx[name] = (...args: unknown[]) => {
      ops.push(`${name}(${args.map(round).join(',')})`)
    }
  }
  for (const name of PROPS) {
    Object.defineProperty(ctx, name, {
      get: () => state[name],
      set: (v: unknown) => {
        state[name] = v
        ops.push(`${name}=${round(v)}`)
      },
    })
  }
  return { ctx: ctx as unknown as CanvasRenderingContext2D, ops }
}

/** A canvas whose getContext('2d') returns a fresh recording context. */
export function makeFakeCanvas(): { canvas: HTMLCanvasElement; ops: string[] } {
  const canvas = document.createElement('canvas')
  const fake = makeFakeContext(canvas)
  canvas.getContext = (() => fake.ctx) as unknown as HTMLCanvasElement['getContext']
  return { canvas, ops: fake.ops }
}
