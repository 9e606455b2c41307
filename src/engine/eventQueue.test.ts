import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEventQueue, peekTime, popEvent, pushEvent, type QueuedEvent } from './eventQueue'

const out = (): QueuedEvent => ({ time: 0, kind: 0, a: 0, b: 0, c: 0 })

describe('event queue', () => {
  it('pops events by time, then priority, then insertion order', () => {
    const q = createEventQueue(2)
    pushEvent(q, 10, 3, 1, 1)
    pushEvent(q, 5, 5, 1, 2)
    pushEvent(q, 10, 0, 1, 3)
    pushEvent(q, 10, 3, 1, 4)
    pushEvent(q, 5, 5, 1, 5)

    const order: number[] = []
    const e = out()
    while (popEvent(q, e)) order.push(e.a)

    expect(order).toEqual([2, 5, 3, 1, 4])
  })

  it('reports Infinity as the next time when empty', () => {
    const q = createEventQueue()

    expect(peekTime(q)).toBe(Number.POSITIVE_INFINITY)
    expect(popEvent(q, out())).toBe(false)
  })

  it('matches a sorted reference for any pushes (seed 7)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ t: fc.integer({ min: 0, max: 1e9 }), p: fc.integer({ min: 0, max: 7 }) }),
        ),
        (items) => {
          const q = createEventQueue(1)
          items.forEach((it, i) => {
            pushEvent(q, it.t, it.p, 1, i)
          })
          const expected = items
            .map((it, i) => ({ ...it, i }))
            .sort((x, y) => x.t - y.t || x.p - y.p || x.i - y.i)
            .map((x) => x.i)
          const got: number[] = []
          const e = out()
          while (popEvent(q, e)) got.push(e.a)
          expect(got).toEqual(expected)
        },
      ),
      { seed: 7 },
    )
  })
})
