import { describe, expect, it } from 'vitest'
import type { Frame } from '../../../src/protocol/messages'
import { drawDenseVms, getCellLook, readDenseColors } from './drawDenseVms'
import { getTopologyModel } from './drawTopology'
import { makeFakeCanvas } from './fakeContext'
import { layOut, makeFrame, makeVm, withVm } from './testFrames'
import type { TopologyLayout } from './topologyLayout'

const colors = readDenseColors(document.documentElement)

function setUp(frame = makeFrame(2, 50), layout = layOut(frame, 1000, 600)) {
  const { canvas, ops } = makeFakeCanvas()
  const draw = (next: Frame, opts: { layout?: TopologyLayout; colors?: typeof colors } = {}) => {
    ops.length = 0
    const model = getTopologyModel(next, opts.layout ?? layout)
    return drawDenseVms(canvas, model, opts.colors ?? colors, 1)
  }
  return { canvas, ops, layout, draw, first: draw(frame) }
}

/** The pixels a cell may touch at `ratio`, rounded out to device px. */
function getDeviceRect(layout: TopologyLayout, id: string, ratio = 1) {
  const box = layout.vms.get(id)
  if (!box) throw new Error(`no cell for [${id}]`)
  const x0 = Math.floor(box.x * ratio)
  const y0 = Math.floor(box.y * ratio)
  return {
    x0,
    y0,
    x1: Math.ceil((box.x + box.w) * ratio),
    y1: Math.ceil((box.y + box.h) * ratio),
  }
}

/** The ops that paint the cell at `x`,`y` in a full paint: from its background to the next. */
function getCellOps(ops: string[], x: number, y: number, s: number): string[] {
  const isBackground = (op: string) => /^fillRect\([^,]+,[^,]+,([^,]+),\1\)$/.test(op)
  const n = (v: number) => Number(v.toFixed(3))
  const start = ops.indexOf(`fillRect(${n(x)},${n(y)},${n(s)},${n(s)})`) - 1
  const end = ops.findIndex((op, i) => i > start + 1 && isBackground(op))
  return ops.slice(start, end < 0 ? ops.length : end - 1)
}

describe('drawDenseVms', () => {
  it('paints every cell on the first frame and none when nothing shown changed', () => {
    const frame = makeFrame(2, 50)
    const { draw, first, layout } = setUp(frame)
    // Heartbeat ages move on, but stay under half the timeout: nothing drawn changes.
    const later = { ...frame, vms: frame.vms.map((vm) => ({ ...vm, sinceHeartbeatMs: 4000 })) }

    expect(layout.mode).toBe('dense')
    expect(first).toBe(100)
    expect(draw(later)).toBe(0)
  })

  it('repaints only the cell whose state changed, clearing just its pixels', () => {
    const frame = makeFrame(2, 50)
    const { draw, ops, layout } = setUp(frame)

    const painted = draw(withVm(frame, 'VM_5', { state: 'CRASHED' }))

    const r = getDeviceRect(layout, 'VM_5')
    expect(painted).toBe(1)
    expect(ops.filter((op) => op.startsWith('clearRect'))).toEqual([
      `clearRect(${r.x0},${r.y0},${r.x1 - r.x0},${r.y1 - r.y0})`,
    ])
    expect(ops).toContain('strokeStyle=#374151')
  })

  it('draws a changed cell exactly as a full paint of the same frame does', () => {
    const frame = makeFrame(2, 50)
    const next = withVm(frame, 'VM_5', { tasks: ['Task_1', 'Task_2'], mipsUse: 0.5 })
    const incremental = setUp(frame)
    incremental.draw(next)
    const full = setUp(next)
    const box = full.layout.vms.get('VM_5')
    if (!box) throw new Error('no cell for [VM_5]')

    const cell = getCellOps(full.ops, box.x, box.y, box.w)
    const redrawn = incremental.ops.slice(incremental.ops.indexOf(cell[0]))

    expect(cell.some((op) => op.startsWith('arc('))).toBe(true)
    expect(redrawn).toEqual(cell)
  })

  it('repaints every cell after a theme change', () => {
    const frame = makeFrame(2, 50)
    const { draw } = setUp(frame)

    expect(draw(frame, { colors: { ...colors, fg: '#ffffff' } })).toBe(100)
  })

  it('repaints every cell after a layout change, on a canvas of the new size', () => {
    const frame = makeFrame(2, 50)
    const { draw, canvas } = setUp(frame)
    const wider = layOut(frame, 1100, 600)

    expect(draw(frame, { layout: wider })).toBe(100)
    expect(canvas.width).toBe(1100)
  })

  it('repaints every cell when the pixel ratio changes', () => {
    const frame = makeFrame(2, 50)
    const { canvas, layout } = setUp(frame)

    const painted = drawDenseVms(canvas, getTopologyModel(frame, layout), colors, 2)

    expect(painted).toBe(100)
    expect(canvas.width).toBe(2000)
  })

  it('starts over when the frame holds other VMs than the ones painted', () => {
    const frame = makeFrame(2, 50)
    const { draw } = setUp(frame)
    const swapped = { ...frame, vms: [frame.vms[1], frame.vms[0], ...frame.vms.slice(2)] }

    expect(draw(swapped)).toBe(100)
  })

  it('repaints a crashed VM as its heartbeat edge grows a device pixel, not in between', () => {
    const frame = makeFrame(2, 50)
    const { draw, layout } = setUp(withVm(frame, 'VM_5', { state: 'CRASHED' }))
    const at = (ms: number) =>
      draw(withVm(frame, 'VM_5', { state: 'CRASHED', sinceHeartbeatMs: ms }))
    // One device px of edge is this many ms of heartbeat age (timeout 10 s); start on a whole px.
    const msPerPx = 10_000 / layout.cell.w
    const start = Math.round(layout.cell.w * 0.6) * msPerPx

    expect(at(5000)).toBe(0)
    expect(at(start)).toBe(1)
    expect(at(start + msPerPx * 0.2)).toBe(0)
    expect(at(start + msPerPx * 1.2)).toBe(1)
    expect(at(Number.POSITIVE_INFINITY)).toBe(1)
    expect(at(Number.POSITIVE_INFINITY)).toBe(0)
  })

  it('clears the canvas to 1 × 1 in cards mode', () => {
    const frame = makeFrame(2, 8)
    const { canvas, first, layout } = setUp(frame)

    expect(layout.mode).toBe('cards')
    expect(first).toBe(0)
    expect([canvas.width, canvas.height]).toEqual([1, 1])
  })
})

describe('getCellLook', () => {
  it.each([
    // [state, ms since heartbeat, edge level (0 none, 1 warn, 2 late), edge px of a 20 px cell]
    ['ALIVE', 0, 0, 0],
    ['ALIVE', 5000, 0, 0],
    ['ALIVE', 5100, 1, 10],
    ['ALIVE', 7520, 1, 15],
    ['CRASHED', 7560, 1, 15],
    ['CRASHED', 10_000, 2, 20],
    ['DEAD', Number.POSITIVE_INFINITY, 0, 0],
  ] as const)(
    'draws a %s VM %d ms after its heartbeat with edge level %d, %d px',
    (state, since, level, px) => {
      const look = getCellLook(makeVm({ state, sinceHeartbeatMs: since }), 20, 10_000, 1)

      expect([look.hbLevel, look.hbPx]).toEqual([level, px])
    },
  )

  it('counts the boot fill and the edge in device px', () => {
    const vm = makeVm({ state: 'RESTARTING', bootProgress: 0.33 })

    expect(getCellLook(vm, 20, 10_000, 1).bootPx).toBe(7)
    expect(getCellLook(vm, 20, 10_000, 2).bootPx).toBe(13)
  })

  it.each([
    [2, 50, 1],
    [2, 50, 1.25],
    [16, 64, 1],
    [16, 64, 2],
  ])('keeps the pixels of %d × %d cells at ratio %d apart', (zones, perZone, ratio) => {
    const frame = makeFrame(zones, perZone)
    const layout = layOut(frame, 1280, 700)
    const rects = frame.vms.map((vm) => getDeviceRect(layout, vm.id, ratio))

    const overlap = rects.some((a, i) =>
      rects.some((b, j) => i < j && a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1),
    )

    expect(layout.mode).toBe('dense')
    expect(overlap).toBe(false)
  })
})
