// `window.__simTest` (test mode only, `?test=1`): lets end-to-end tests jump simulated time and
// read the trace instead of sleeping on wall time.

import type { ScenarioDocument } from '../src/model/scenario'
import type { Frame } from '../src/protocol/messages'
import type { BuiltinScenarioId } from '../src/scenarios/builtins'
import type { TraceDocument, TraceEvent } from '../src/trace/types'
import { changeSpeed, loadDocument, loadScenario } from './controller'
import { useSimStore } from './store/simStore'
import { getSimClient } from './worker/simClient'

export interface SimTestApi {
  /** Resolves once the first frame is on screen. */
  ready(): Promise<void>
  load(id: BuiltinScenarioId, seed?: number): Promise<void>
  /** Loads any scenario document, as the Import button does. */
  loadDocument(doc: ScenarioDocument, seed?: number): Promise<void>
  /** Sets the speed factor (0.1–1000) as the slider does. */
  setSpeed(factor: number): void
  play(): Promise<void>
  pause(): Promise<void>
  /** Pauses, then shows the state at simulated time `simTimeMs`; resolves with that time. */
  stepTo(simTimeMs: number): Promise<number>
  /** Pauses, then moves the playhead to trace event `seq`. */
  seekSeq(seq: number): Promise<number>
  /** Injects a fault as a click would (any target, to exercise error replies). */
  fault(target: string, action: 'crash' | 'restart', atMs?: number): Promise<void>
  getTrace(): Promise<TraceDocument>
  getFrame(): Frame | null
  getEvents(): readonly TraceEvent[]
}

declare global {
  interface Window {
    __simTest?: SimTestApi
  }
}

function whenReady(): Promise<void> {
  if (useSimStore.getState().frame) return Promise.resolve()
  return new Promise((resolve) => {
    const stop = useSimStore.subscribe((s) => {
      if (!s.frame) return
      stop()
      resolve()
    })
  })
}

/** Installs `window.__simTest`. */
export function installTestApi(): void {
  window.__simTest = {
    ready: whenReady,
    load: (id, seed) => loadScenario(id, seed),
    loadDocument: (doc, seed) => loadDocument(doc, seed),
    setSpeed: (factor) => changeSpeed(factor),
    play: async () => {
      await getSimClient().play()
    },
    pause: async () => {
      await getSimClient().pause()
    },
    stepTo: async (simTimeMs) => {
      await getSimClient().pause()
      const frame = await getSimClient().seek(simTimeMs)
      return frame.simTimeMs
    },
    seekSeq: async (seq) => {
      const frame = await getSimClient().seekSeq(seq)
      return frame.playheadSeq
    },
    fault: async (target, action, atMs) => {
      await getSimClient().fault(target, action, atMs)
    },
    getTrace: () => getSimClient().getTrace(),
    getFrame: () => useSimStore.getState().frame,
    getEvents: () => useSimStore.getState().events,
  }
}
