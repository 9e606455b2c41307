// What the user's gestures do: each function updates uiStore and sends the worker a command.
// Components and keyboard shortcuts call these; none holds state of its own.

import type { ScenarioDocument } from '../src/model/scenario'
import { type BuiltinScenarioId, getBuiltinScenario } from '../src/scenarios/builtins'
import { getNextSpeed } from './lib/speed'
import { useSimStore } from './store/simStore'
import {
  selectEntity,
  selectTask,
  setGuided,
  setScenario,
  setSpeedValue,
  useUiStore,
} from './store/uiStore'
import { getSimClient } from './worker/simClient'

// The imported scenario, kept to re-run it with another seed.
let customDoc: ScenarioDocument | null = null

// Returns false when the worker refused the document (it then shows the error, keeps the run).
async function startRun(doc: ScenarioDocument, seed: number): Promise<boolean> {
  const client = getSimClient()
  const frame = await client.load(doc, { seed })
  if (!frame.reset) return false
  await client.setSpeed(useUiStore.getState().speed)
  if (useUiStore.getState().guided) await client.setGuided(true)
  return true
}

/** Loads a built-in scenario (its own seed unless one is given), paused at time 0. */
export async function loadScenario(id: BuiltinScenarioId, seed?: number): Promise<void> {
  const doc = getBuiltinScenario(id)
  const runSeed = seed ?? doc.seed ?? 1
  setScenario(id, runSeed)
  await startRun(doc, runSeed)
}

/**
 * Loads a scenario document (an imported file). The worker validates it; a bad one shows an
 * error and the current run stays.
 */
export async function loadDocument(doc: ScenarioDocument, seed?: number): Promise<void> {
  const runSeed = seed ?? doc.seed ?? 1
  if (!(await startRun(doc, runSeed))) return
  customDoc = doc
  setScenario('custom', runSeed, doc.name || 'Imported scenario')
}

/** Runs the current scenario again with `seed`. */
export function rerunWithSeed(seed: number): Promise<void> {
  const id = useUiStore.getState().scenarioId
  if (id === 'custom' && customDoc) return loadDocument(customDoc, seed)
  return loadScenario(id === 'custom' ? 'A' : id, seed)
}

export function isPlaying(): boolean {
  return useSimStore.getState().frame?.playing ?? false
}

export function play(): void {
  void getSimClient().play()
}

export function pause(): void {
  void getSimClient().pause()
}

export function togglePlay(): void {
  if (isPlaying()) pause()
  else play()
}

export function step(unit: 'event' | 'message' = 'message'): void {
  void getSimClient().step(unit)
}

export function back(unit: 'event' | 'message' = 'message'): void {
  void getSimClient().back(unit)
}

export function changeSpeed(factor: number): void {
  setSpeedValue(factor)
  void getSimClient().setSpeed(factor)
}

/** One preset faster (`dir` 1) or slower (−1). */
export function nudgeSpeed(dir: 1 | -1): void {
  changeSpeed(getNextSpeed(useUiStore.getState().speed, dir))
}

let seekInFlight = false
let nextSeek: number | null = null

/** Seeks to a simulated time; while one seek runs, only the latest request waits its turn. */
export function seekTo(timeMs: number): void {
  if (seekInFlight) {
    nextSeek = timeMs
    return
  }
  seekInFlight = true
  void getSimClient()
    .seek(timeMs)
    .finally(() => {
      seekInFlight = false
      const queued = nextSeek
      nextSeek = null
      if (queued !== null) seekTo(queued)
    })
}

/** Forgets a seek in flight (tests: the client it waited on is gone). */
export function resetController(): void {
  seekInFlight = false
  nextSeek = null
}

/** Moves the playhead to trace event `seq` (a timeline row, a history entry). */
export function seekToSeq(seq: number): void {
  void getSimClient().seekSeq(seq)
}

/** Guided mode on: the run starts again and pauses at every phase with a caption. */
export async function toggleGuided(): Promise<void> {
  const on = !useUiStore.getState().guided
  setGuided(on)
  const client = getSimClient()
  if (!on) {
    await client.setGuided(false)
    return
  }
  await rerunWithSeed(useUiStore.getState().seed)
  await client.play()
}

/**
 * A click (or Enter/Space) on a VM or LB: crashes it, or restarts an LB that is down. A VM that
 * is already down is left to its LB, which restarts it.
 */
export function activateEntity(id: string): void {
  selectEntity(id)
  const frame = useSimStore.getState().frame
  const lb = frame?.lbs.find((l) => l.id === id)
  const down = lb && (lb.state === 'CRASHED' || lb.state === 'DEAD')
  void getSimClient().fault(id, down ? 'restart' : 'crash')
}

/** Shows a task in the Why panel; the worker keeps it (and its SBDLB candidates) in frames. */
export function inspectTask(id: string | null): void {
  selectTask(id)
  void getSimClient().watch(id ? [id] : [])
}

/** Schedules a fault ahead ("crash VM_5 at 20 s"). */
export function scheduleFault(target: string, action: 'crash' | 'restart', atMs: number): void {
  void getSimClient().fault(target, action, atMs)
}
