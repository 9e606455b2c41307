import { afterEach, describe, expect, it, vi } from 'vitest'
import { filterSequenceRows, toSequenceRows } from '../../../src/trace/toSequenceRows'
import {
  drawTimelineHeader,
  drawTimelineRows,
  getDrawnDisplayList,
  type TimelineRowsFrame,
  type TimelineRowsView,
} from './drawTimeline'
import { makeRecordingContext, stubCanvas } from './testCanvas'
import { makeHeartbeats, makeScenarioEvents } from './testEvents'
import {
  computeTimelineColumns,
  fitText,
  getRowWindow,
  getWindowCapacity,
  ROW_HEIGHT,
} from './timelineLayout'
import { readTimelinePalette } from './timelinePalette'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const SVG_NS = 'http://www.w3.org/2000/svg'
const PALETTE = readTimelinePalette(document.documentElement)

function makeFrame(overrides: Partial<TimelineRowsFrame> = {}): TimelineRowsFrame {
  const seq = toSequenceRows(makeScenarioEvents())
  const filtered = filterSequenceRows(seq, { task: null, participant: null })
  return {
    seq,
    indices: filtered.indices,
    first: 0,
    last: 12,
    columns: computeTimelineColumns(seq, null, 1000),
    playheadSeq: 12,
    focusPos: -1,
    topPos: 0,
    left: 0,
    viewWidth: 1000,
    canvasRows: 14,
    capacity: 16,
    pixelRatio: 1,
    palette: PALETTE,
    ...overrides,
  }
}

function makeView(): TimelineRowsView {
  return {
    layer: document.createElement('div'),
    canvas: document.createElement('canvas'),
    slots: document.createElement('div'),
  }
}

function getSeqs(view: TimelineRowsView): string[] {
  return [...view.slots.querySelectorAll<HTMLElement>('[data-seq]')].map((s) => s.dataset.seq ?? '')
}

describe('drawTimelineRows', () => {
  it('gives each row of the window a named button and empties the other slots', () => {
    stubCanvas(null)
    const view = makeView()

    drawTimelineRows(view, makeFrame({ first: 2, last: 7, topPos: 2 }))

    const slots = [...view.slots.children] as HTMLElement[]
    expect(slots).toHaveLength(16)
    expect(getSeqs(view)).toEqual(['3', '4', '5', '6', '7'])
    const row = view.slots.querySelector<HTMLElement>('[data-seq="4"]')
    expect(row?.getAttribute('role')).toBe('button')
    expect(row?.getAttribute('aria-label')).toBe(
      '4. LB1 → L1: Update Task Meta (Status: QUEUED) at 1.005 s',
    )
    expect(row?.dataset).toMatchObject({ pos: '3', t: '1005', testid: 'timeline.row.4' })
    expect(row?.style.top).toBe(`${ROW_HEIGHT}px`)
    const empty = slots.filter((s) => !s.hasAttribute('data-seq'))
    expect(empty.every((s) => s.style.visibility === 'hidden' && !s.hasAttribute('role'))).toBe(
      true,
    )
  })

  it('gives Tab focus to the focused row, or to the first row in view', () => {
    stubCanvas(null)
    const view = makeView()
    const tabbable = () => view.slots.querySelector('[tabindex="0"]')?.getAttribute('data-seq')

    drawTimelineRows(view, makeFrame({ focusPos: -1, topPos: 4 }))
    const atTop = tabbable()
    drawTimelineRows(view, makeFrame({ focusPos: 7, topPos: 4 }))

    expect(atTop).toBe('5')
    expect(tabbable()).toBe('8')
    expect(view.slots.querySelectorAll('[tabindex="0"]')).toHaveLength(1)
  })

  it('slides the rows through a fixed pool of slots, the focus following its row', () => {
    stubCanvas(null)
    const view = makeView()
    document.body.append(view.slots)
    drawTimelineRows(view, makeFrame({ first: 0, last: 6 }))
    const slots = [...view.slots.children] as HTMLElement[]
    slots[4].focus() // seq 5

    drawTimelineRows(view, makeFrame({ first: 3, last: 9 }))

    expect([...view.slots.children]).toEqual(slots)
    expect(getSeqs(view)).toEqual(['4', '5', '6', '7', '8', '9'])
    expect(document.activeElement).toBe(slots[1])
    expect(slots[1].dataset.seq).toBe('5')
    view.slots.remove()
  })

  it('moves the layer to the window and the scroll offset; the slots stay put in it', () => {
    stubCanvas(null)
    const view = makeView()

    drawTimelineRows(view, makeFrame({ first: 3, last: 9, left: 40, viewWidth: 700 }))

    expect(view.layer.style.transform).toBe(`translate(40px,${3 * ROW_HEIGHT}px)`)
    expect(view.slots.style.width).toBe('700px')
    const tops = [...view.slots.children].map((s) => (s as HTMLElement).style.top)
    expect(tops.slice(0, 3)).toEqual(['0px', `${ROW_HEIGHT}px`, `${2 * ROW_HEIGHT}px`])
    expect(view.canvas.style.height).toBe(`${14 * ROW_HEIGHT}px`)
  })

  it('repaints only when something drawn changes', () => {
    const { ctx, calls } = makeRecordingContext()
    stubCanvas(ctx)
    const view = makeView()
    const frame = makeFrame()
    const paints = () => calls.filter((c) => c.name === 'setTransform').length

    drawTimelineRows(view, frame)
    drawTimelineRows(view, { ...frame, focusPos: 4 })
    const afterSame = paints()
    drawTimelineRows(view, { ...frame, playheadSeq: 5 })
    drawTimelineRows(view, { ...frame, playheadSeq: 5, first: 1 })
    drawTimelineRows(view, { ...frame, playheadSeq: 5, first: 1, palette: { ...PALETTE } })

    expect(afterSame).toBe(1)
    expect(paints()).toBe(4)
  })

  it('keeps the display list it painted, for export', () => {
    stubCanvas(null)
    const view = makeView()

    drawTimelineRows(view, makeFrame({ first: 2, last: 4 }))

    expect(getDrawnDisplayList(view.canvas)?.height).toBe(2 * ROW_HEIGHT)
  })
})

describe('drawTimelineHeader', () => {
  it('draws a participant box per column, in the seed order', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')

    drawTimelineHeader(svg, makeFrame().columns)

    const labels = [...svg.querySelectorAll('.seq-timeline__participant text')].map(
      (t) => t.textContent,
    )
    expect(labels).toEqual(['Dispatcher', 'LB1', 'L1', 'L2_Z1', 'VM_5'])
  })

  it('heads the gutter with the number and the time over their columns', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')

    drawTimelineHeader(svg, makeFrame().columns)

    const heads = [...svg.querySelectorAll('.seq-timeline__gutter-head')]
    expect(heads.map((t) => [t.textContent, t.getAttribute('text-anchor')])).toEqual([
      ['#', 'end'],
      ['time (s)', 'start'],
    ])
  })
})

describe('computeTimelineColumns', () => {
  it('gives each VM a column when they fit and collapses them by zone when not', () => {
    const model = toSequenceRows(makeHeartbeats(200))

    const wide = computeTimelineColumns(model, null, 2000)
    const narrow = computeTimelineColumns(model, null, 600)

    expect(wide.collapse).toBe('each')
    expect(wide.keys).toHaveLength(18)
    expect(narrow.collapse).toBe('zone')
    expect(narrow.keys).toEqual(['LB1', 'L2_Z1', 'VMs Z1'])
  })

  it('collapses every VM into one column when one per zone does not fit either', () => {
    const events = makeHeartbeats(40).map((e) =>
      e.type === 'message' ? { ...e, to: `L2_Z${(e.seq % 8) + 1}` } : e,
    )
    const model = toSequenceRows(events)

    const columns = computeTimelineColumns(model, null, 700)

    expect(columns.collapse).toBe('all')
    expect(columns.keys.at(-1)).toBe('VMs')
  })
})

describe('getRowWindow', () => {
  it('covers the viewport plus a few rows either side', () => {
    // Rows 100…117 are visible in 480 − 34 px; 6 rows of overscan on each side.
    expect(getRowWindow(100 * ROW_HEIGHT, 480, 100_000)).toEqual({ first: 94, last: 124 })
    expect(getRowWindow(0, 480, 5)).toEqual({ first: 0, last: 5 })
  })

  it('never holds more rows than the window capacity', () => {
    for (const overscan of [0, 1, 6]) {
      const capacity = getWindowCapacity(480, overscan)
      for (let top = 0; top < 3 * ROW_HEIGHT; top += 5) {
        const { first, last } = getRowWindow(1000 * ROW_HEIGHT + top, 480, 100_000, overscan)
        expect(last - first).toBeLessThanOrEqual(capacity)
      }
    }
  })
})

describe('fitText', () => {
  it('cuts long labels with an ellipsis', () => {
    expect(fitText('Update Task Meta (Status: QUEUED)', 64)).toBe('Update Ta…')
    expect(fitText('short', 64)).toBe('short')
  })
})
