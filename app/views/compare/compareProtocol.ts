// Messages between the comparison view and its workers: `run` a job, get a `result` or an
// `error` back with the same `seq`. Plain structured-clone-safe shapes.

import type { CompareJob, CompareResult } from '../../../src/experiments/compareJob'

/** Page → worker: run one job. */
export type CompareCommand = { type: 'run'; seq: number; job: CompareJob }

/** Worker → page: the job's result or why it failed; `seq` echoes the command's. */
export type CompareReply =
  | { type: 'result'; seq: number; result: CompareResult }
  | { type: 'error'; seq: number; message: string }

/** What the pool needs of a worker: a real Web Worker, or the in-page stand-in. */
export interface WorkerLike {
  postMessage(message: CompareCommand): void
  terminate(): void
  onmessage: ((event: MessageEvent<CompareReply>) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
}

/** Starts one worker. */
export type WorkerFactory = () => WorkerLike
