import { describe, expect, it } from 'vitest'
import { filterSequenceRows, toSequenceRows } from '../../../src/trace/toSequenceRows'
import type { TraceEvent } from '../../../src/trace/types'
import {
  type DrawOp,
  getArrowHeadPath,
  type LineOp,
  type PathOp,
  type RectOp,
  type TextOp,
} from './drawOps'
import { makeHeartbeats, makeScenarioEvents } from './testEvents'
import {
  FUTURE_OPACITY,
  getTimelineDisplayList,
  type TimelineRowsModel,
} from './timelineDisplayList'
import {
  computeTimelineColumns,
  GUTTER_DIGIT_WIDTH,
  GUTTER_NUM_X,
  GUTTER_TIME_X,
  GUTTER_WIDTH,
  ROW_HEIGHT,
  STRIPE_WIDTH,
} from './timelineLayout'

// Scenario A's rows (see testEvents): 3 call, 5 phase note, 6 self, 8 reply, 9 note over LB1,
// 10 a task's state, 11 fault, 12 VM_5's state. Columns at 1000 px: Dispatcher, LB1, L1, L2_Z1,
// VM_5, 170 px apart from x = 126 + 85.
function makeModel(
  overrides: Partial<TimelineRowsModel> = {},
  events: TraceEvent[] = makeScenarioEvents(),
  width = 1000,
): TimelineRowsModel {
  const seq = toSequenceRows(events)
  const filtered = filterSequenceRows(seq, { task: null, participant: null })
  const columns = computeTimelineColumns(seq, null, width)
  const playheadSeq = events.at(-1)?.seq ?? 0
  const last = filtered.count
  return { seq, indices: filtered.indices, first: 0, last, columns, playheadSeq, ...overrides }
}

/** The ops of the row at list position `pos` alone (lifelines left out). */
function getRowOps(pos: number, overrides: Partial<TimelineRowsModel> = {}): DrawOp[] {
  const list = getTimelineDisplayList(makeModel({ first: pos, last: pos + 1, ...overrides }))
  return list.ops.filter((op) => !(op.type === 'line' && op.stroke === 'lifeline'))
}

function find<T extends DrawOp['type']>(ops: DrawOp[], type: T): Extract<DrawOp, { type: T }>[] {
  return ops.filter((op): op is Extract<DrawOp, { type: T }> => op.type === type)
}

function getTexts(ops: DrawOp[]): string[] {
  return find(ops, 'text').map((t) => t.text)
}

describe('getTimelineDisplayList', () => {
  it('draws a call as a solid line from its origin dot to a filled arrowhead', () => {
    const ops = getRowOps(2) // seq 3: Dispatcher → LB1

    const [line] = find(ops, 'line') as LineOp[]

    expect(line).toMatchObject({ x1: 211, x2: 380, y1: 19, y2: 19, stroke: 'arrow' })
    expect(line.dash).toBeUndefined()
    expect(line.head).toEqual({ kind: 'filled', x: 380, y: 19, direction: 1 })
    expect(getTexts(ops)).toContain('Submit Task Payload')
  })

  it('draws a reply dashed, with an open arrowhead pointing back', () => {
    const ops = getRowOps(7) // seq 8: VM_5 → LB1

    const [line] = find(ops, 'line') as LineOp[]

    expect(line).toMatchObject({ x1: 891, x2: 382, stroke: 'reply', dash: [4, 3] })
    expect(line.head).toEqual({ kind: 'open', x: 382, y: 19, direction: -1 })
  })

  it('draws a self-message as a loop on its lifeline with the label beside it', () => {
    const ops = getRowOps(5) // seq 6: LB1 → LB1

    const [loop] = find(ops, 'path') as PathOp[]
    const label = find(ops, 'text').find((t) => t.kind === 'label')

    expect(loop.d).toBe('M381,8h18v11h-16')
    expect(loop.head).toEqual({ kind: 'filled', x: 383, y: 19, direction: -1 })
    expect(label).toMatchObject({ x: 405, anchor: 'start' })
    expect(label?.text).toBe('Retrieve Active VMs from Local Registry')
  })

  it('draws a note as a box spanning the columns of its participants', () => {
    const seq = toSequenceRows(makeScenarioEvents())
    const note = seq.rows[1] // "Submission Phase" over Dispatcher and LB1

    const ops = getRowOps(1)

    const [bg, box] = find(ops, 'rect').filter((r) => r.radius === 3) as RectOp[]
    expect(note.kind).toBe('phase')
    // 0.42 of a column either side of the outer lifelines (211 and 381).
    expect(box.x).toBeCloseTo(211 - 0.42 * 170)
    expect(box.x + box.width).toBeCloseTo(381 + 0.42 * 170)
    expect(bg).toMatchObject({ fill: 'bg', x: box.x, width: box.width })
    expect(box).toMatchObject({ fill: 'stripe-0', fillOpacity: 0.26, stroke: 'stripe-0' })
    expect(find(ops, 'text').at(-1)).toMatchObject({
      kind: 'phase-note-text',
      text: 'Submission Phase',
      anchor: 'middle',
    })
  })

  it('draws a plain note in the note colours and widens it to its text', () => {
    const ops = getRowOps(8) // seq 9: a note over LB1 alone

    const [box] = find(ops, 'rect').filter((r) => r.radius === 3)

    expect(box).toMatchObject({ fill: 'note-bg', stroke: 'note-border' })
    expect(box.width).toBeGreaterThan(170)
  })

  it('marks a fault with a cross, a red band and a bold label', () => {
    const ops = getRowOps(10) // seq 11: crash VM_5

    expect(find(ops, 'rect')[0]).toMatchObject({ fill: 'fault-band', width: 1000 })
    expect(find(ops, 'path')[0]).toMatchObject({ d: 'M886,8l10,10m0,-10l-10,10', stroke: 'fault' })
    expect(find(ops, 'text').at(-1)).toMatchObject({
      kind: 'fault',
      fill: 'fault',
      text: '⚡ Fault injected: crash VM_5',
    })
  })

  it('marks a state change with a diamond, and a task’s state as text in the gutter’s lee', () => {
    const vm = getRowOps(11)
    const task = getRowOps(9)

    expect(find(vm, 'path')[0]).toMatchObject({ d: 'M891,7l6,6l-6,6l-6,-6z', fill: 'state' })
    expect(find(task, 'path')).toEqual([])
    expect(find(task, 'text').at(-1)).toMatchObject({
      kind: 'task-state',
      x: GUTTER_WIDTH + 4,
      text: 'Task_101: QUEUED → RUNNING',
    })
  })

  it('sets a label on a knockout box of its row’s background, hiding the lifelines under it', () => {
    const ops = getRowOps(2) // seq 3, in the Submission Phase

    const i = ops.findIndex((op) => op.type === 'text' && op.kind === 'label')
    const [bg, band, label] = ops.slice(i - 2, i + 1) as [RectOp, RectOp, TextOp]

    // "Submit Task Payload": 19 glyphs of about 6.3 px, centred, 2 px spare on each side.
    expect(bg).toMatchObject({ fill: 'bg', y: 13 - 10, height: 13 })
    expect(bg.width).toBeCloseTo(19 * 6.3 + 4)
    expect(bg.x + bg.width / 2).toBeCloseTo(label.x)
    expect(band).toMatchObject({ fill: 'phase-0', x: bg.x, width: bg.width })
  })

  it('tints each row with its phase and draws the phase stripe at the left', () => {
    const ops = getRowOps(2)

    const [band, stripe] = find(ops, 'rect')

    expect(band).toMatchObject({ x: 0, y: 0, width: 1000, height: ROW_HEIGHT, fill: 'phase-0' })
    expect(stripe).toMatchObject({ x: 0, width: STRIPE_WIDTH, fill: 'stripe-0' })
  })

  it('outlines the playhead row and dims the rows after it', () => {
    const list = getTimelineDisplayList(makeModel({ playheadSeq: 5 }))

    const outline = list.ops.at(-1)
    const dimmed = new Set(
      find(list.ops, 'text')
        .filter((t) => t.kind === 'num' && t.opacity === FUTURE_OPACITY)
        .map((t) => t.text),
    )

    expect(outline).toMatchObject({ type: 'rect', stroke: 'playhead', y: 4 * ROW_HEIGHT + 0.75 })
    expect((outline as RectOp).fill).toBeUndefined()
    expect([...dimmed]).toEqual(['6', '7', '8', '9', '10', '11', '12'])
    expect(list.ops.filter((op) => op.opacity === undefined).length).toBeGreaterThan(20)
  })

  it('names the phase at the right edge of the first row shown in it', () => {
    const seq = toSequenceRows(makeScenarioEvents())
    const filtered = filterSequenceRows(seq, { task: 'Task_101', participant: null })

    const list = getTimelineDisplayList(
      makeModel({ indices: filtered.indices, last: filtered.count }),
    )

    const names = find(list.ops, 'text').filter((t) => t.kind === 'phase-name')
    expect(names.map((t) => [t.y, t.text, t.fill, t.anchor, t.x])).toEqual([
      [10, 'SUBMISSION PHASE', 'stripe-0', 'end', 994],
      [2 * ROW_HEIGHT + 10, 'SCHEDULING PHASE (SBDLB)', 'stripe-1', 'end', 994],
    ])
  })

  it('writes a 7-digit seq in full inside the gutter, right-aligned before the time', () => {
    const events: TraceEvent[] = [
      {
        seq: 1234567,
        t: 3_599_999,
        type: 'message',
        from: 'LB1',
        to: 'L1',
        label: 'x',
        kind: 'call',
      },
    ]

    const list = getTimelineDisplayList(makeModel({ playheadSeq: 1234567 }, events))

    const [num, time] = find(list.ops, 'text') as TextOp[]
    expect(num).toMatchObject({ text: '1234567', anchor: 'end', x: GUTTER_NUM_X, kind: 'num' })
    expect(time).toMatchObject({ text: '3599.999', anchor: 'start', x: GUTTER_TIME_X })
    // Seven of the widest digits fit between the phase stripe and the right edge of the number,
    // and the time (7 digits and a point at about 7 px each) ends before the first column.
    expect(GUTTER_NUM_X - 7 * GUTTER_DIGIT_WIDTH).toBeGreaterThanOrEqual(STRIPE_WIDTH + 2)
    expect(GUTTER_TIME_X + 8 * 7).toBeLessThanOrEqual(GUTTER_WIDTH)
  })

  it('draws a dashed lifeline per column, the height of the window', () => {
    const model = makeModel({ first: 2, last: 7 })

    const list = getTimelineDisplayList(model)

    const lifelines = find(list.ops, 'line').filter((l) => l.stroke === 'lifeline')
    expect(list.height).toBe(5 * ROW_HEIGHT)
    expect(lifelines.map((l) => [l.x1, l.y2, l.dash])).toEqual(
      model.columns.x.map((x) => [x, 5 * ROW_HEIGHT, [3, 3]]),
    )
  })

  it('names the VM in the label when VMs share a column', () => {
    const events = makeHeartbeats(40)
    const model = makeModel({ first: 2, last: 3 }, events, 600)

    const list = getTimelineDisplayList(model)

    expect(model.columns.collapse).toBe('zone')
    expect(getTexts(list.ops)).toContain('[VM_4] Send Heartbeat')
  })

  it('keeps labels whole when each VM has its column', () => {
    const model = makeModel({ first: 2, last: 3 }, makeHeartbeats(40), 2000)

    const list = getTimelineDisplayList(model)

    expect(model.columns.collapse).toBe('each')
    expect(getTexts(list.ops)).toContain('Send Heartbeat')
  })

  it('lays out rows from the top of the window', () => {
    const list = getTimelineDisplayList(makeModel({ first: 3, last: 5 }))

    const nums = find(list.ops, 'text').filter((t) => t.kind === 'num')

    expect(nums.map((t) => [t.text, t.y])).toEqual([
      ['4', 17],
      ['5', ROW_HEIGHT + 17],
    ])
  })
})

describe('pointers to rows scrolled out of view', () => {
  const pointers = (ops: DrawOp[]) => find(ops, 'text').filter((t) => t.kind === 'offscreen')

  it('points from the view’s left edge to a row drawn wholly left of it', () => {
    // Seq 3, Dispatcher (x 211) → LB1 (x 381), with the view on x 500…900.
    const ops = getRowOps(2, { view: { left: 500, width: 400 } })
    const [pointer] = pointers(ops)

    expect(pointer).toMatchObject({ x: 506, anchor: 'start', screenOnly: true })
    expect(pointer.text).toMatch(/^‹ Dispatcher → LB1: /)
    // On a knockout box, which is screen-only too.
    const boxes = find(ops, 'rect').filter((r) => r.screenOnly)
    expect(boxes.length).toBeGreaterThan(0)
  })

  it('points from the right edge to a row drawn wholly right of it', () => {
    // Seq 12, VM_5's state change on its lifeline at x 891; the view shows 0…500.
    const [pointer] = pointers(getRowOps(11, { view: { left: 0, width: 500 } }))

    expect(pointer).toMatchObject({ x: 494, anchor: 'end', screenOnly: true })
    expect(pointer.text).toMatch(/^VM_5: .* ›$/)
  })

  it('adds none for a row in view, a row partly in view, or without a view', () => {
    const view = { left: 300, width: 400 }
    // VM_5 (891) is out of 300…700 but Dispatcher → LB1 (211…381) reaches into it.
    expect(pointers(getRowOps(2, { view }))).toHaveLength(0)
    expect(pointers(getRowOps(11, { view: { left: 0, width: 1000 } }))).toHaveLength(0)
    expect(pointers(getRowOps(11))).toHaveLength(0)
  })
})

describe('getArrowHeadPath', () => {
  it('closes a filled head and leaves an open one as a chevron', () => {
    expect(getArrowHeadPath({ kind: 'filled', x: 100, y: 19, direction: 1 })).toBe(
      'M100,19L92,15L92,23Z',
    )
    expect(getArrowHeadPath({ kind: 'open', x: 100, y: 19, direction: -1 })).toBe(
      'M108,15L100,19L108,23',
    )
  })
})
