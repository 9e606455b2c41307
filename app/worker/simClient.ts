// The main thread's proxy of the simulation worker: sends commands (each with a seq), merges the
// frames that arrive between two animation frames and applies one per frame to simStore.

import { decodeEventBatch, getVmClockFields } from '../../src/engine/view'
import type { ScenarioDocument } from '../../src/model/scenario'
import type { PolicyName } from '../../src/policies/types'
import type { Frame, VmFrame, WorkerCommand, WorkerReply } from '../../src/protocol/messages'
import type { TraceDocument, TraceEvent } from '../../src/trace/types'
import { applyFrame, showError, useSimStore } from '../store/simStore'

/** What the client needs of a Worker (a fake in tests). */
export interface WorkerLike {
  postMessage(cmd: WorkerCommand): void
  onmessage: ((e: MessageEvent<WorkerReply>) => void) | null
  terminate(): void
}

export interface SimClientOptions {
  createWorker: () => WorkerLike
  /** Schedules the apply step; requestAnimationFrame by default. */
  requestFrame?: (cb: () => void) => void
}

/** A command without its seq (the client numbers them). */
type Command = WorkerCommand extends infer C
  ? C extends { seq: number }
    ? Omit<C, 'seq'>
    : never
  : never

interface Waiter {
  seq: number
  resolve: (frame: Frame) => void
  reject: (err: Error) => void
}

export interface SimClient {
  load(scenario: ScenarioDocument, opts?: { seed?: number; policy?: PolicyName }): Promise<Frame>
  play(): Promise<Frame>
  pause(): Promise<Frame>
  step(unit?: 'event' | 'message'): Promise<Frame>
  back(unit?: 'event' | 'message'): Promise<Frame>
  seek(timeMs: number): Promise<Frame>
  seekSeq(traceSeq: number): Promise<Frame>
  setSpeed(factor: number): Promise<Frame>
  setGuided(on: boolean): Promise<Frame>
  /** Tasks shown in detail: frames keep them with their SBDLB candidates. */
  watch(tasks: string[]): Promise<Frame>
  fault(target: string, action: 'crash' | 'restart', atMs?: number): Promise<Frame>
  getTrace(): Promise<TraceDocument>
  dispose(): void
}

function defaultRequestFrame(cb: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => cb())
  else setTimeout(cb, 16)
}

/** Starts a worker and returns the proxy that talks to it. */
export function createSimClient(options: SimClientOptions): SimClient {
  const worker = options.createWorker()
  const requestFrame = options.requestFrame ?? defaultRequestFrame
  let seq = 0
  let waiters: Waiter[] = []
  const traceWaiters = new Map<number, (doc: TraceDocument) => void>()
  // Frames received since the last apply, merged: the newest frame plus the trace delta.
  let pendingFrame: Frame | null = null
  let pendingSeq = 0
  let pendingBase = -1
  let pendingEvents: TraceEvent[] = []
  let applyScheduled = false

  function send(command: Command): number {
    seq++
    worker.postMessage({ ...command, seq } as WorkerCommand)
    return seq
  }

  // The waiter is registered before the command goes out, so even a synchronous reply settles it.
  function sendAndWait(command: Command): Promise<Frame> {
    const promise = new Promise<Frame>((resolve, reject) => {
      waiters.push({ seq: seq + 1, resolve, reject })
    })
    send(command)
    return promise
  }

  // The page's copy of the trace's string table (event batches send only new entries).
  let strings: string[] = []

  function decodeEvents(frame: Frame): Frame {
    const batch = frame.eventBatch
    if (!batch) return frame
    if (frame.reset) strings = []
    return { ...frame, newEvents: decodeEventBatch(batch, strings), eventBatch: undefined }
  }

  function mergeFrame(received: Frame, replySeq: number): void {
    const frame = decodeEvents(received)
    const previous = pendingFrame
    if (frame.reset || pendingBase < 0 || frame.baseIndex < pendingBase) {
      pendingBase = frame.reset ? 0 : frame.baseIndex
      pendingEvents = frame.newEvents
    } else {
      pendingEvents = pendingEvents.slice(0, frame.baseIndex - pendingBase).concat(frame.newEvents)
    }
    // A reset stays a reset until applied, whatever arrives after it; so do the newest caches.
    const reset = frame.reset || (previous?.reset ?? false)
    const carry = frame.cachesIncluded === false && previous && previous.cachesIncluded !== false
    const carryTasks = frame.tasksIncluded === false && previous && previous.tasksIncluded !== false
    const base = previous ?? useSimStore.getState().frame
    pendingFrame = {
      ...frame,
      reset,
      baseIndex: pendingBase,
      newEvents: [],
      caches: carry ? previous.caches : frame.caches,
      cachesIncluded: frame.cachesIncluded !== false || Boolean(carry),
      tasks: carryTasks ? previous.tasks : frame.tasks,
      tasksIncluded: frame.tasksIncluded !== false || Boolean(carryTasks),
      vms: frame.vmsChanged && base ? mergeVms(base.vms, frame) : frame.vms,
      vmsChanged: undefined,
    }
    pendingSeq = Math.max(pendingSeq, replySeq)
    if (!applyScheduled) {
      applyScheduled = true
      requestFrame(apply)
    }
  }

  function apply(): void {
    applyScheduled = false
    const frame = pendingFrame
    if (!frame) return
    const events = pendingEvents
    pendingFrame = null
    pendingBase = -1
    pendingEvents = []
    applyFrame(frame, events)
    const done = waiters.filter((w) => w.seq <= pendingSeq)
    waiters = waiters.filter((w) => w.seq > pendingSeq)
    for (const w of done) w.resolve(frame)
  }

  function rejectUpTo(n: number, message: string): void {
    const failed = waiters.filter((w) => w.seq <= n)
    waiters = waiters.filter((w) => w.seq > n)
    for (const w of failed) w.reject(new Error(message))
  }

  worker.onmessage = (e: MessageEvent<WorkerReply>) => {
    const reply = e.data
    switch (reply.type) {
      case 'frame':
        mergeFrame(reply.frame, reply.seq)
        break
      case 'error':
        showError({
          code: reply.code,
          message: reply.message,
          simTime: reply.simTime,
          seed: reply.seed,
        })
        // With no run loaded no frame follows the error, so nothing else would settle these.
        if (!useSimStore.getState().frame && !pendingFrame) rejectUpTo(reply.seq, reply.message)
        break
      case 'trace':
        traceWaiters.get(reply.seq)?.(reply.doc)
        traceWaiters.delete(reply.seq)
        break
      case 'events':
        break
    }
  }

  return {
    load: (scenario, opts = {}) =>
      sendAndWait({ type: 'load', scenario, seed: opts.seed, policy: opts.policy }),
    play: () => sendAndWait({ type: 'play' }),
    pause: () => sendAndWait({ type: 'pause' }),
    step: (unit = 'message') => sendAndWait({ type: 'step', unit }),
    back: (unit = 'message') => sendAndWait({ type: 'back', unit }),
    seek: (timeMs) => sendAndWait({ type: 'seek', timeMs }),
    seekSeq: (traceSeq) => sendAndWait({ type: 'seekSeq', traceSeq }),
    setSpeed: (factor) => sendAndWait({ type: 'speed', factor }),
    setGuided: (on) => sendAndWait({ type: 'guided', on }),
    watch: (tasks) => sendAndWait({ type: 'watch', tasks }),
    fault: (target, action, atMs) => sendAndWait({ type: 'fault', target, action, atMs }),
    getTrace: () => {
      const n = send({ type: 'getTrace' })
      return new Promise((resolve) => traceWaiters.set(n, resolve))
    },
    dispose: () => {
      worker.onmessage = null
      worker.terminate()
    },
  }
}

/**
 * The full VM list from the previous one and a frame that holds only the changed VMs; every VM's
 * clock-derived fields are brought to the frame's time.
 */
export function mergeVms(previous: readonly VmFrame[], frame: Frame): VmFrame[] {
  const out = previous.slice()
  frame.vmsChanged?.forEach((index, k) => {
    out[index] = frame.vms[k]
  })
  return out.map((vm) => ({ ...vm, ...getVmClockFields(vm, frame.simTimeMs, frame.timings) }))
}

/** The real worker (a module worker bundled by Vite). */
export function createSimWorker(): WorkerLike {
  return new Worker(new URL('./sim.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as WorkerLike
}

let current: SimClient | null = null

/** The app's client; components call its methods from event handlers. */
export function getSimClient(): SimClient {
  if (!current) throw new Error('[simClient] not started: call setSimClient() first')
  return current
}

export function setSimClient(client: SimClient | null): void {
  current?.dispose()
  current = client
}
