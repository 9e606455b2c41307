import { describe, expect, it, vi } from 'vitest'
import type { TraceEvent } from '../../../src/trace/types'
import { getAnchor } from './drawTopology'
import { makeFakeCanvas } from './fakeContext'
import {
  createFlightLayer,
  FLIGHT_MS,
  type FlightClock,
  getEaseInOut,
  MAX_FLIGHTS,
  MAX_NEW_FLIGHTS,
  readFlightColors,
} from './flightLayer'
import { computeTopologyLayout, type TopologyLayout } from './topologyLayout'

const layout = computeTopologyLayout(
  { zones: [{ zone: 1, vmIds: ['VM_1', 'VM_2'] }], lbs: [{ id: 'LB1', homeZone: 1 }] },
  800,
  600,
)
const colors = { call: '#0000ff', reply: '#888888' }

function message(
  seq: number,
  from: string,
  to: string,
  kind: 'call' | 'reply' | 'self' = 'call',
): TraceEvent {
  return { seq, t: seq, type: 'message', from, to, label: 'm', kind }
}

function anchor(id: string, on: TopologyLayout = layout): [number, number] {
  const point = getAnchor(on, id)
  if (!point) throw new Error(`no anchor for [${id}]`)
  return point
}

/** A layer on a recording canvas, driven by a fake clock and a frame queue of one. */
function setUp(ratio = 1) {
  const { canvas, ops } = makeFakeCanvas()
  let t = 1000
  let pending: (() => void) | null = null
  const clock: FlightClock = {
    now: () => t,
    requestFrame: vi.fn((tick: () => void) => {
      pending = tick
      return 7
    }),
    cancelFrame: vi.fn(() => {
      pending = null
    }),
    pixelRatio: () => ratio,
  }
  const layer = createFlightLayer(canvas, clock)
  layer.setColors(colors)
  /** Moves the clock on by `ms` and runs the frame asked for, if any. */
  const advance = (ms: number) => {
    t += ms
    const tick = pending
    pending = null
    ops.length = 0
    tick?.()
  }
  const getArcs = () =>
    ops
      .filter((op) => op.startsWith('arc('))
      .map((op) => op.slice(4, -1).split(',').slice(0, 2).map(Number))
  return { canvas, ops, clock, layer, advance, getArcs, isLooping: () => pending !== null }
}

describe('createFlightLayer', () => {
  it('starts a dot per message between drawn participants, skipping self and unknown ids', () => {
    const { canvas, ops, layer, advance, getArcs } = setUp()

    const started = layer.add(layout, [
      message(1, 'LB1', 'VM_1'),
      message(2, 'VM_1', 'LB1', 'reply'),
      message(3, 'LB1', 'LB1', 'self'),
      message(4, 'LB1', 'VM_999'),
      message(5, 'VM_2', 'L2_Z1'),
    ])
    advance(0)

    expect(started).toBe(3)
    expect(canvas.dataset.flights).toBe('3')
    expect(getArcs()).toEqual([anchor('LB1'), anchor('VM_1'), anchor('VM_2')])
    expect(ops.filter((op) => op.startsWith('fillStyle='))).toEqual([
      'fillStyle=#0000ff',
      'fillStyle=#888888',
      'fillStyle=#0000ff',
    ])
  })

  it('takes an even sample of a dozen per frame and keeps at most 60 alive', () => {
    const { layer, advance, getArcs } = setUp()
    // 36 messages, a third from each of three senders: every third one is taken, 4 per sender.
    // 36 messages, 12 from each sender in turn: every third is taken, so 4 from each.
    const senders = ['VM_1', 'VM_2', 'LB1']
    const batch = Array.from({ length: 36 }, (_, i) =>
      message(i + 1, senders[Math.floor(i / 12)], 'L2_Z1'),
    )

    const first = layer.add(layout, batch)
    advance(0)
    const arcs = getArcs()
    const more = [1, 2, 3, 4, 5].map(() => layer.add(layout, batch))
    const alive = layer.count()
    advance(FLIGHT_MS)
    const afterLanding = layer.add(layout, batch)

    expect(first).toBe(MAX_NEW_FLIGHTS)
    expect(arcs).toEqual(senders.flatMap((s) => Array(4).fill(anchor(s))))
    expect(more).toEqual([12, 12, 12, 12, 0])
    expect(alive).toBe(MAX_FLIGHTS)
    expect(afterLanding).toBe(MAX_NEW_FLIGHTS)
  })

  it('moves a dot from sender to receiver, eased, fading from 0.9 to 0.6', () => {
    const { ops, layer, advance, getArcs } = setUp()
    const [x0, y0] = anchor('LB1')
    const [x1, y1] = anchor('VM_1')
    layer.add(layout, [message(1, 'LB1', 'VM_1')])

    advance(0)
    const start = { arcs: getArcs(), ops: [...ops] }
    advance(FLIGHT_MS / 4)
    const [quarter] = getArcs()
    advance(FLIGHT_MS / 4)
    const middle = { arcs: getArcs(), ops: [...ops] }
    advance(FLIGHT_MS / 2 - 1)
    const [[xEnd, yEnd]] = getArcs()

    expect(start.arcs).toEqual([[x0, y0]])
    expect(start.ops).toContain('globalAlpha=0.9')
    // A quarter of the time in, CSS ease-in-out has gone 12.9% of the way.
    expect((quarter[0] - x0) / (x1 - x0)).toBeCloseTo(0.129, 3)
    expect((quarter[1] - y0) / (y1 - y0)).toBeCloseTo(0.129, 3)
    // Halfway in time is halfway along (the curve is symmetric); opacity is halfway too.
    expect(middle.arcs[0][0]).toBeCloseTo((x0 + x1) / 2, 2)
    expect(middle.arcs[0][1]).toBeCloseTo((y0 + y1) / 2, 2)
    expect(middle.ops).toContain('globalAlpha=0.75')
    // 1 ms before landing the dot is (within a hundredth of a px) on the receiver.
    expect(xEnd).toBeCloseTo(x1, 2)
    expect(yEnd).toBeCloseTo(y1, 2)
  })

  it('stops the loop once every dot has landed, writing data-flights only on changes', () => {
    const { canvas, ops, clock, layer, advance, isLooping } = setUp()
    const observer = new MutationObserver(() => {})
    observer.observe(canvas, {
      attributes: true,
      attributeOldValue: true,
      attributeFilter: ['data-flights'],
    })
    layer.add(layout, [message(1, 'LB1', 'VM_1')])

    for (let i = 0; i < 5; i++) advance(100)
    const requestsInFlight = vi.mocked(clock.requestFrame).mock.calls.length
    advance(100)
    const landingOps = [...ops]
    advance(100)

    const writes = observer.takeRecords().map((r) => r.oldValue)
    observer.disconnect()
    expect(requestsInFlight).toBe(6)
    expect(isLooping()).toBe(false)
    expect(clock.requestFrame).toHaveBeenCalledTimes(6)
    expect(landingOps).toContain(`clearRect(0,0,${layout.width},${layout.height})`)
    expect(landingOps.some((op) => op.startsWith('arc('))).toBe(false)
    expect(layer.count()).toBe(0)
    expect(canvas.dataset.flights).toBe('0')
    // '0' → '1' when the dot starts, '1' → '0' when it lands: two writes in seven frames.
    expect(writes).toEqual(['0', '1'])
  })

  it('clear drops every dot, blanks the canvas and stops the loop', () => {
    const { canvas, ops, clock, layer, advance, isLooping } = setUp(2)
    layer.add(layout, [message(1, 'LB1', 'VM_1'), message(2, 'VM_1', 'LB1', 'reply')])
    advance(0)
    ops.length = 0

    layer.clear()

    expect(clock.cancelFrame).toHaveBeenCalledWith(7)
    expect(isLooping()).toBe(false)
    expect(layer.count()).toBe(0)
    expect(canvas.dataset.flights).toBe('0')
    expect(ops).toEqual([
      'setTransform(1,0,0,1,0,0)',
      `clearRect(0,0,${layout.width * 2},${layout.height * 2})`,
    ])
  })

  it('sizes the canvas in device px and draws in CSS px', () => {
    const { canvas, ops, layer, advance } = setUp(2)
    layer.add(layout, [message(1, 'LB1', 'VM_1')])

    advance(0)

    expect([canvas.width, canvas.height]).toEqual([layout.width * 2, layout.height * 2])
    expect(ops.slice(0, 2)).toEqual([
      'setTransform(2,0,0,2,0,0)',
      `clearRect(0,0,${layout.width},${layout.height})`,
    ])
  })

  it('drops the dots of an earlier layout and blanks what they left', () => {
    const { layer, advance, getArcs, ops, isLooping } = setUp()
    const wider = computeTopologyLayout(
      { zones: [{ zone: 1, vmIds: ['VM_1', 'VM_2'] }], lbs: [{ id: 'LB1', homeZone: 1 }] },
      1000,
      600,
    )
    layer.add(layout, [message(1, 'LB1', 'VM_1')])
    advance(0)

    layer.add(wider, [])
    advance(16)

    expect(layer.count()).toBe(0)
    expect(getArcs()).toEqual([])
    expect(ops).toContain(`clearRect(0,0,${wider.width},${wider.height})`)
    expect(isLooping()).toBe(false)
  })

  it('counts and lands dots without a 2D context, painting nothing', () => {
    const { canvas, layer, advance, isLooping } = setUp()
    canvas.getContext = (() => null) as unknown as HTMLCanvasElement['getContext']

    layer.add(layout, [message(1, 'LB1', 'VM_1')])
    advance(0)
    const flying = canvas.dataset.flights
    advance(FLIGHT_MS)
    layer.clear()

    expect(flying).toBe('1')
    expect(canvas.dataset.flights).toBe('0')
    expect(isLooping()).toBe(false)
  })
})

describe('getEaseInOut', () => {
  /** CSS cubic-bezier(0.42, 0, 0.58, 1) solved by bisection, as a reference. */
  function cssEaseInOut(p: number): number {
    const bezier = (s: number, a: number, b: number) =>
      3 * (1 - s) ** 2 * s * a + 3 * (1 - s) * s ** 2 * b + s ** 3
    let lo = 0
    let hi = 1
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2
      if (bezier(mid, 0.42, 0.58) < p) lo = mid
      else hi = mid
    }
    return bezier((lo + hi) / 2, 0, 1)
  }

  it.each([0, 0.1, 0.25, 0.5, 0.7, 0.9, 0.999, 1])('matches CSS ease-in-out at %s', (p) => {
    expect(getEaseInOut(p)).toBeCloseTo(cssEaseInOut(p), 9)
  })
})

describe('readFlightColors', () => {
  it('falls back to the light theme colours when the variables are missing', () => {
    expect(readFlightColors(document.createElement('canvas'))).toEqual({
      call: '#2563eb',
      reply: '#64748b',
    })
  })
})
