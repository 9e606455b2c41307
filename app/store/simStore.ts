// What the worker last reported: the latest frame and the trace so far. Written only through the
// module-level actions below (simClient calls them once per animation frame).

import { create } from 'zustand'
import type { Frame } from '../../src/protocol/messages'
import type { TraceEvent } from '../../src/trace/types'

export interface SimError {
  /** Grows with every error, so the same message twice still shows. */
  id: number
  code: string
  message: string
  simTime: number
  seed: number
}

export interface SimState {
  frame: Frame | null
  /**
   * The trace up to the engine's position, in order and gap-free: the newest MAX_EVENTS at most
   * (`events[0].seq` may exceed 1). One array, grown and cut in place (copying a million events
   * per frame would flood the collector): select `eventsVersion` to re-render when it changes.
   */
  events: TraceEvent[]
  /** Grows whenever `events` changes. */
  eventsVersion: number
  error: SimError | null
}

export const useSimStore = create<SimState>()(() => ({
  frame: null,
  events: [],
  eventsVersion: 0,
  error: null,
}))

let errorCount = 0
// The page keeps at most this many events (with the timeline's rows, ~150 MB); past it the oldest
// half goes. A cut costs a few ms (the timeline keeps its rows, see toSequenceRows); a larger
// window would mostly make the collector's work bigger. The export and the worker keep everything.
export const MAX_EVENTS = 500_000
const KEPT_AFTER_TRIM = 250_000

/**
 * Shows `frame` with its trace: the held events from `frame.baseIndex` on are replaced by
 * `newEvents` (everything when `frame.reset`). Caches left out of the frame stay as they were.
 * The stored frame keeps `newEvents` (not after a reset), so views can animate what just happened.
 */
export function applyFrame(
  frame: Frame,
  newEvents: readonly TraceEvent[],
  limits = { max: MAX_EVENTS, keep: KEPT_AFTER_TRIM },
): void {
  const state = useSimStore.getState()
  const events = frame.reset ? [] : state.events
  // Index in `events` of trace index `baseIndex` (events[0] may not be the first event).
  const cutAt = frame.baseIndex - (events.length > 0 ? events[0].seq - 1 : frame.baseIndex)
  const cut = !frame.reset && cutAt < events.length
  if (cut) events.length = Math.max(0, cutAt)
  for (const e of newEvents) events.push(e)
  if (events.length > limits.max) events.splice(0, events.length - limits.keep)
  const changed = frame.reset || cut || newEvents.length > 0
  const caches = frame.cachesIncluded !== false ? frame.caches : (state.frame?.caches ?? [])
  const tasks = frame.tasksIncluded !== false ? frame.tasks : (state.frame?.tasks ?? [])
  useSimStore.setState({
    frame: {
      ...frame,
      caches,
      tasks,
      cachesIncluded: true,
      tasksIncluded: true,
      newEvents: frame.reset ? [] : [...newEvents],
    },
    events,
    eventsVersion: changed ? state.eventsVersion + 1 : state.eventsVersion,
  })
}

/** Shows an error; the last good frame stays. */
export function showError(error: Omit<SimError, 'id'>): void {
  errorCount++
  useSimStore.setState({ error: { ...error, id: errorCount } })
}

export function dismissError(): void {
  useSimStore.setState({ error: null })
}

/** Back to the initial state (tests). */
export function resetSimStore(): void {
  useSimStore.setState(useSimStore.getInitialState(), true)
}
