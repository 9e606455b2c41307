import { describe, expect, it } from 'vitest'
import { getFrameWork, getTopLevelTasks, type TraceEvent } from './traceEvents'

const PID = 1
const MAIN = 10
const WORKER = 20

function task(ms: number, durMs: number, tid = MAIN): TraceEvent {
  return { name: 'RunTask', ph: 'X', ts: ms * 1000, dur: durMs * 1000, tid, pid: PID }
}

function fire(ms: number): TraceEvent {
  return { name: 'FireAnimationFrame', ph: 'X', ts: ms * 1000, dur: 1000, tid: MAIN, pid: PID }
}

const threadNames: TraceEvent[] = [
  { name: 'thread_name', ph: 'M', ts: 0, tid: MAIN, pid: PID, args: { name: 'CrRendererMain' } },
  { name: 'thread_name', ph: 'M', ts: 0, tid: WORKER, pid: PID, args: { name: 'DedicatedWorker' } },
]

describe('getTopLevelTasks', () => {
  it('drops a task nested in another', () => {
    const outer = task(0, 10)
    const inner = { ...task(2, 3), name: 'ThreadControllerImpl::RunTask' }
    expect(getTopLevelTasks([inner, outer, task(12, 1)]).map((t) => t.ts)).toEqual([0, 12_000])
  })
})

describe('getFrameWork', () => {
  it('sums the main-thread tasks from one animation-frame task to the next', () => {
    const events = [
      ...threadNames,
      // Frame 1: a 4 ms rendering task, then a 3 ms message and a 2 ms timer.
      task(0, 4),
      fire(1),
      task(6, 3),
      task(10, 2),
      // A busy worker does not count.
      task(5, 12, WORKER),
      // Frame 2: a 20 ms rendering task, nothing else.
      task(16.7, 20),
      fire(17),
      // Frame 3 starts (and, having no successor, is not counted).
      task(40, 5),
      fire(41),
    ]
    expect(getFrameWork(events)).toEqual([9, 20])
  })

  it('sums CPU time instead of wall time on request', () => {
    const waited = (ms: number, durMs: number, cpuMs: number) => ({
      ...task(ms, durMs),
      tdur: cpuMs * 1000,
    })
    // Frame 1's 8 ms task ran for 5 ms and waited 3; a task without CPU time counts its wall time.
    const events = [
      ...threadNames,
      waited(0, 8, 5),
      fire(1),
      task(10, 2),
      task(16.7, 4),
      fire(17),
      task(33.4, 2),
      fire(34),
    ]
    expect(getFrameWork(events, 'cpu')).toEqual([7, 4])
    expect(getFrameWork(events)).toEqual([10, 4])
  })

  it('is empty without a main thread or without frames', () => {
    expect(getFrameWork([task(0, 5), fire(1)])).toEqual([])
    expect(getFrameWork([...threadNames, task(0, 5), task(10, 5)])).toEqual([])
  })
})
