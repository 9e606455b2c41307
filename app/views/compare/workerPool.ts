// Runs comparison jobs over a few workers in parallel, in the page's order of results. Used by
// the comparison and experiment views; the worker factory is injected so tests need no Worker.

import {
  type CompareJob,
  type CompareResult,
  runCompareJob,
} from '../../../src/experiments/compareJob'
import type { CompareCommand, CompareReply, WorkerFactory, WorkerLike } from './compareProtocol'

/** A real module Web Worker running compare.worker.ts. */
export function createCompareWorker(): WorkerLike {
  return new Worker(new URL('./compare.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as WorkerLike
}

/** A stand-in that runs jobs on the page's thread, one macrotask later (no Worker available). */
export function createInlineWorker(): WorkerLike {
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    terminate: () => {},
    postMessage(command: CompareCommand) {
      setTimeout(() => {
        let reply: CompareReply
        try {
          reply = { type: 'result', seq: command.seq, result: runCompareJob(command.job) }
        } catch (err) {
          reply = { type: 'error', seq: command.seq, message: (err as Error).message }
        }
        worker.onmessage?.({ data: reply } as MessageEvent<CompareReply>)
      }, 0)
    },
  }
  return worker
}

/** Real workers where the browser has them, the inline stand-in otherwise. */
export const defaultWorkerFactory: WorkerFactory = () =>
  typeof Worker === 'undefined' ? createInlineWorker() : createCompareWorker()

/** How many workers to start: the cores the browser reports less one, 1 to 4. */
export function getPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2
  return Math.max(1, Math.min(4, cores - 1))
}

/**
 * Runs `jobs` over `size` workers; resolves with the results in job order. `onResult` hears each
 * one as it lands. The first error rejects and stops every worker.
 */
export function runJobsInPool(
  jobs: readonly CompareJob[],
  opts: {
    createWorker: WorkerFactory
    size: number
    onResult?: (done: number, total: number) => void
  },
): Promise<CompareResult[]> {
  return new Promise((resolve, reject) => {
    const results: CompareResult[] = new Array(jobs.length)
    const workers: WorkerLike[] = []
    let next = 0
    let done = 0
    let failed = false
    const stop = () => {
      for (const w of workers) w.terminate()
    }
    const feed = (w: WorkerLike) => {
      if (next >= jobs.length) return
      const seq = next++
      w.postMessage({ type: 'run', seq, job: jobs[seq] })
    }
    if (jobs.length === 0) {
      resolve([])
      return
    }
    for (let i = 0; i < Math.max(1, Math.min(opts.size, jobs.length)); i++) {
      const w = opts.createWorker()
      workers.push(w)
      w.onmessage = (event) => {
        const reply = event.data
        if (failed) return
        if (reply.type === 'error') {
          failed = true
          stop()
          reject(new Error(`[compare worker] job ${reply.seq} failed: ${reply.message}`))
          return
        }
        results[reply.seq] = reply.result
        done++
        opts.onResult?.(done, jobs.length)
        if (done === jobs.length) {
          stop()
          resolve(results)
        } else {
          feed(w)
        }
      }
      w.onerror = (event) => {
        if (failed) return
        failed = true
        stop()
        reject(new Error(`[compare worker] crashed: ${event.message}`))
      }
      feed(w)
    }
  })
}
