// Test-only helpers for the app's component tests: a fake worker that records commands, frames
// made by the real engine, and a reset of every store.

import { cleanup } from '@testing-library/react'
import type { Frame, WorkerCommand, WorkerReply } from '../../src/protocol/messages'
import { type BuiltinScenarioId, getBuiltinScenario } from '../../src/scenarios/builtins'
import { resetController } from '../controller'
import { applyFrame, resetSimStore } from '../store/simStore'
import { resetUiStore } from '../store/uiStore'
import { createSimClient, setSimClient, type WorkerLike } from '../worker/simClient'
import { SimHost } from '../worker/simHost'

export interface FakeWorker extends WorkerLike {
  commands: WorkerCommand[]
  reply(reply: WorkerReply): void
}

export function makeFakeWorker(): FakeWorker {
  const worker: FakeWorker = {
    commands: [],
    onmessage: null,
    postMessage(cmd) {
      worker.commands.push(cmd)
    },
    terminate() {},
    reply(reply) {
      worker.onmessage?.({ data: reply } as MessageEvent<WorkerReply>)
    },
  }
  return worker
}

/** Installs a client on a fake worker whose frames apply synchronously. */
export function installFakeClient(): FakeWorker {
  const worker = makeFakeWorker()
  setSimClient(createSimClient({ createWorker: () => worker, requestFrame: (cb) => cb() }))
  return worker
}

/** The commands sent so far, without their seq. */
export function getSent(worker: FakeWorker): Record<string, unknown>[] {
  return worker.commands.map(({ seq: _seq, ...rest }) => rest)
}

/** A host with a built-in scenario at `timeMs`. */
export function makeHost(id: BuiltinScenarioId, timeMs = 0): SimHost {
  const host = new SimHost(() => 0)
  host.load(getBuiltinScenario(id), { label: getBuiltinScenario(id).name })
  if (timeMs > 0) host.seek(timeMs)
  return host
}

/** Puts the frame of scenario `id` at `timeMs` into simStore, with the whole trace. */
export function showFrame(id: BuiltinScenarioId, timeMs = 0, patch: Partial<Frame> = {}): Frame {
  const frame = { ...makeHost(id, timeMs).getFrame(), ...patch }
  applyFrame(frame, frame.newEvents)
  return frame
}

/** Unmounts everything and resets the stores and the client (call in afterEach). */
export function resetApp(): void {
  cleanup()
  setSimClient(null)
  resetController()
  resetSimStore()
  resetUiStore()
}
