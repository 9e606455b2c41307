import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ColorRole, DisplayList, DrawOp } from './drawOps'
import { drawTimelineCanvas, paintDisplayList } from './paintTimelineCanvas'
import { FakePath2D, makeRecordingContext, stubCanvas } from './testCanvas'
import type { TimelinePalette } from './timelinePalette'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const PALETTE: TimelinePalette = {
  colors: new Map<ColorRole, string>([
    ['bg', '#000001'],
    ['arrow', '#000002'],
    ['reply', '#000003'],
    ['fg', '#000005'],
    ['stripe-1', '#000006'],
  ]),
  fontFamily: 'Test Sans',
}

function paint(ops: DrawOp[]) {
  vi.stubGlobal('Path2D', FakePath2D)
  const { ctx, calls } = makeRecordingContext()
  paintDisplayList(ctx, { width: 300, height: 26, ops }, PALETTE)
  return calls
}

describe('paintDisplayList', () => {
  it('strokes a reply dashed in its role’s colour and its open head solid', () => {
    const calls = paint([
      {
        type: 'line',
        x1: 200,
        y1: 19,
        x2: 21,
        y2: 19,
        stroke: 'reply',
        strokeWidth: 1.25,
        dash: [4, 3],
        head: { kind: 'open', x: 21, y: 19, direction: -1 },
      },
    ])

    const strokes = calls.filter((c) => c.name === 'stroke')
    expect(strokes.map((c) => [c.strokeStyle, c.lineWidth, c.dash])).toEqual([
      ['#000003', 1.25, [4, 3]],
      ['#000003', 1.5, []],
    ])
    expect((strokes[1].args[0] as FakePath2D).d).toBe('M29,15L21,19L29,23')
  })

  it('fills a call’s head and a path given as SVG path data', () => {
    const calls = paint([
      {
        type: 'path',
        d: 'M10,8h18v11h-16',
        stroke: 'arrow',
        head: { kind: 'filled', x: 12, y: 19, direction: -1 },
      },
    ])

    const fill = calls.filter((c) => c.name === 'fill')
    const stroke = calls.filter((c) => c.name === 'stroke')
    expect(fill.map((c) => [c.fillStyle, (c.args[0] as FakePath2D).d])).toEqual([
      ['#000002', 'M12,19L20,15L20,23Z'],
    ])
    expect(stroke.map((c) => (c.args[0] as FakePath2D).d)).toEqual(['M10,8h18v11h-16'])
  })

  it('mixes a tint by fill opacity and dims a whole op by its opacity', () => {
    const calls = paint([
      {
        type: 'rect',
        x: 0,
        y: 0,
        width: 50,
        height: 20,
        radius: 3,
        fill: 'stripe-1',
        fillOpacity: 0.5,
        stroke: 'stripe-1',
        opacity: 0.4,
      },
    ])

    expect(calls.find((c) => c.name === 'roundRect')?.args).toEqual([0, 0, 50, 20, 3])
    expect(calls.find((c) => c.name === 'fill')?.globalAlpha).toBeCloseTo(0.2)
    expect(calls.find((c) => c.name === 'stroke')?.globalAlpha).toBeCloseTo(0.4)
  })

  it('writes text anchored, in its colour, and sets the font only when it changes', () => {
    vi.stubGlobal('Path2D', FakePath2D)
    const { ctx, calls, fontSets } = makeRecordingContext()
    const label = {
      type: 'text',
      x: 100,
      y: 17,
      text: 'Submit',
      anchor: 'middle',
      kind: 'label',
      font: 'regular',
      fill: 'fg',
    } as const

    paintDisplayList(
      ctx,
      {
        width: 300,
        height: 26,
        ops: [label, { ...label, text: 'again' }, { ...label, font: 'bold' }],
      },
      PALETTE,
    )

    const texts = calls.filter((c) => c.name === 'fillText')
    expect(texts.map((c) => [c.args[0], c.fillStyle, c.font, c.textAlign])).toEqual([
      ['Submit', '#000005', '400 11px Test Sans', 'center'],
      ['again', '#000005', '400 11px Test Sans', 'center'],
      ['Submit', '#000005', '700 11px Test Sans', 'center'],
    ])
    expect(fontSets()).toBe(2)
    expect(calls.some((c) => c.name === 'strokeText')).toBe(false)
  })

  it('leaves out ops wholly outside the x range it paints', () => {
    vi.stubGlobal('Path2D', FakePath2D)
    const { ctx, calls } = makeRecordingContext()
    const text = {
      type: 'text',
      y: 17,
      anchor: 'start',
      kind: 'label',
      font: 'regular',
      fill: 'fg',
    } as const
    const ops: DrawOp[] = [
      { ...text, x: 900, text: 'right of the view' },
      { ...text, x: 10, text: 'left of the view' },
      { ...text, x: 300, anchor: 'end', text: 'ends in the view' },
      { type: 'rect', x: 0, y: 0, width: 2000, height: 26, fill: 'stripe-1' },
      { type: 'line', x1: 50, y1: 19, x2: 150, y2: 19, stroke: 'arrow' },
    ]

    paintDisplayList(ctx, { width: 2000, height: 26, ops }, PALETTE, { left: 250, right: 850 })

    expect(calls.filter((c) => c.name === 'fillText').map((c) => c.args[0])).toEqual([
      'ends in the view',
    ])
    expect(calls.filter((c) => c.name === 'fillRect')).toHaveLength(1)
    expect(calls.filter((c) => c.name === 'stroke')).toHaveLength(0)
  })
})

describe('drawTimelineCanvas', () => {
  const list: DisplayList = { width: 2000, height: 52, ops: [] }

  it('sizes the backing store in device pixels and paints the background of the view', () => {
    const { ctx, calls } = makeRecordingContext()
    stubCanvas(ctx)
    const canvas = document.createElement('canvas')

    const painted = drawTimelineCanvas(canvas, list, PALETTE, {
      left: 300,
      width: 800,
      height: 520,
      pixelRatio: 2,
    })

    expect(painted).toBe(true)
    expect([canvas.width, canvas.height]).toEqual([1600, 1040])
    expect([canvas.style.width, canvas.style.height]).toEqual(['800px', '520px'])
    // Scrolled 300 px sideways: the diagram's x = 300 lands on the canvas's left edge.
    expect(calls[0]).toMatchObject({ name: 'setTransform', args: [2, 0, 0, 2, -600, 0] })
    expect(calls[1]).toMatchObject({ name: 'fillRect', args: [300, 0, 800, 520] })
    expect(calls[1].fillStyle).toBe('#000001')
  })

  it('reports that nothing was painted when there is no 2D context', () => {
    stubCanvas(null)
    const canvas = document.createElement('canvas')

    const view = { left: 0, width: 100, height: 26, pixelRatio: 1 }

    expect(drawTimelineCanvas(canvas, list, PALETTE, view)).toBe(false)
    expect(canvas.style.width).toBe('100px')
  })
})
