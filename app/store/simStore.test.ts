import { afterEach, describe, expect, it } from 'vitest'
import { makeHost, resetApp } from '../testing/harness'
import { getEndIndex } from '../views/caches/cacheHistory'
import { applyFrame, useSimStore } from './simStore'

afterEach(resetApp)

describe('applyFrame', () => {
  it('keeps only the newest events past the limit, in order and gap-free', () => {
    const host = makeHost('B')
    const first = host.getFrame()
    applyFrame(first, first.newEvents, { max: 150, keep: 100 })
    host.seek(30000)

    const next = host.getFrame()
    applyFrame(next, next.newEvents, { max: 150, keep: 100 })

    const { events } = useSimStore.getState()
    expect(events).toHaveLength(100)
    expect(events[events.length - 1].seq).toBe(next.traceLength)
    expect(events.every((e, i) => i === 0 || e.seq === events[i - 1].seq + 1)).toBe(true)
    expect(getEndIndex(events, next.traceLength)).toBe(100)
  })

  it('cuts the events a seek back removed, counting from the first one held', () => {
    const host = makeHost('B')
    const first = host.getFrame()
    applyFrame(first, first.newEvents, { max: 150, keep: 100 })
    host.seek(60000)
    const far = host.getFrame()
    applyFrame(far, far.newEvents, { max: 150, keep: 100 })

    host.seek(50000)
    const back = host.getFrame()
    applyFrame(back, back.newEvents, { max: 150, keep: 100 })

    const { events, eventsVersion } = useSimStore.getState()
    expect(events[events.length - 1].seq).toBe(back.traceLength)
    expect(eventsVersion).toBe(3)
  })

  it('keeps the previous caches and tasks when a frame leaves them out', () => {
    const host = makeHost('A', 1100)
    const full = host.getFrame()
    applyFrame(full, full.newEvents)

    applyFrame({ ...full, caches: [], cachesIncluded: false, tasks: [], tasksIncluded: false }, [])

    expect(useSimStore.getState().frame).toMatchObject({ caches: full.caches, tasks: full.tasks })
  })

  it('keeps the frame’s new events for views that animate them, but not after a reset', () => {
    const host = makeHost('A')
    const first = host.getFrame()
    applyFrame(first, first.newEvents)
    host.seek(1100)
    const next = host.getFrame()

    applyFrame(next, next.newEvents)
    const kept = useSimStore.getState().frame?.newEvents

    expect(first.reset).toBe(true)
    expect(kept?.length).toBeGreaterThan(0)
    expect(kept).toEqual(next.newEvents)
    applyFrame(first, first.newEvents)
    expect(useSimStore.getState().frame?.newEvents).toEqual([])
  })
})
