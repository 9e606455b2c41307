// Trace adapters on a constructed trace: series, queue lengths, fault windows, rescue. Test-only.

import { describe, expect, it } from 'vitest'
import type { TraceEvent } from '../trace/types'
import { getFaultWindows, getMetricSeries, getTraceFacts } from './traceSeries'

type Input =
  | [number, 'state', string, string, string, string?]
  | [number, 'note', string]
  | [number, 'message', string, string, string]

// Builds a trace from compact rows: [t, 'state', entity, from, to, detail?], [t, 'note', text]
// or [t, 'message', from, to, task].
function makeTrace(rows: Input[]): TraceEvent[] {
  return rows.map((r, i): TraceEvent => {
    const base = { seq: i + 1, t: r[0] }
    if (r[1] === 'state') {
      const e: TraceEvent = { ...base, type: 'state', entity: r[2], from: r[3], to: r[4] }
      return r[5] ? { ...e, detail: r[5] } : e
    }
    if (r[1] === 'note') return { ...base, type: 'note', over: ['LB1'], text: r[2] }
    return {
      ...base,
      type: 'message',
      from: r[2],
      to: r[3],
      label: 'Submit',
      kind: 'call',
      task: r[4],
    }
  })
}

// Two VMs; Task_101 runs on VM_1 from 10 to 40. Task_102 starts on VM_2 at 20, VM_2 crashes at
// 30, is declared dead at 45 (the task is rescued), and the task reruns on VM_1 from 50 to 80.
const VM_CRASH_TRACE = makeTrace([
  [0, 'state', 'VM_1', 'BOOTING', 'ALIVE'],
  [0, 'state', 'VM_2', 'BOOTING', 'ALIVE'],
  [0, 'message', 'Dispatcher', 'LB1', 'Task_101'],
  [5, 'state', 'Task_101', 'SUBMITTED', 'QUEUED', 'accepted by LB1'],
  [5, 'state', 'Task_102', 'SUBMITTED', 'QUEUED', 'accepted by LB1'],
  [10, 'state', 'Task_101', 'QUEUED', 'RUNNING', 'on VM_1, attempt 1'],
  [20, 'state', 'Task_102', 'QUEUED', 'RUNNING', 'on VM_2, attempt 1'],
  [30, 'state', 'VM_2', 'ALIVE', 'CRASHED'],
  [40, 'state', 'Task_101', 'RUNNING', 'FINISHED', 'on VM_1'],
  [45, 'state', 'VM_2', 'CRASHED', 'DEAD'],
  [45, 'state', 'Task_102', 'RUNNING', 'QUEUED', 'rescued from VM_2'],
  [45, 'state', 'VM_2', 'DEAD', 'RESTARTING'],
  [50, 'state', 'Task_102', 'QUEUED', 'RUNNING', 'on VM_1, attempt 2'],
  [70, 'state', 'VM_2', 'RESTARTING', 'ALIVE'],
  [72, 'note', 'VM_2 added back to Available Pool'],
  [80, 'state', 'Task_102', 'RUNNING', 'FINISHED', 'on VM_1'],
])

describe('getTraceFacts', () => {
  it('integrates the queue length over time', () => {
    // Queued: 2 during [5, 10), 1 during [10, 20), 0, then 1 during [45, 50): area 25 over 100 ms.
    const facts = getTraceFacts(VM_CRASH_TRACE, 100)

    expect(facts.queueMean).toBeCloseTo(0.25, 12)
    expect(facts.queueMax).toBe(2)
  })

  it('measures rescue from the crash and the work lost with the VM', () => {
    const facts = getTraceFacts(VM_CRASH_TRACE, 100)

    // Crash at 30 → RUNNING again at 50; the lost attempt ran 20 → 30.
    expect(facts.rescueMs).toEqual([20])
    expect(facts.lostAttemptMs).toBe(10)
  })
})

describe('getFaultWindows', () => {
  it('spans a VM crash from the crash to its return to the pool', () => {
    expect(getFaultWindows(VM_CRASH_TRACE)).toEqual([
      { kind: 'vm', target: 'VM_2', startMs: 30, detectedMs: 45, endMs: 72 },
    ])
  })

  it('closes an LB window when a peer takes its zone over', () => {
    const trace = makeTrace([
      [10, 'state', 'LB1', 'ACTIVE', 'CRASHED'],
      [20, 'state', 'LB1', 'CRASHED', 'DEAD'],
      [20, 'note', 'Zone 1 Resources now managed by LB2'],
    ])

    expect(getFaultWindows(trace)).toEqual([
      { kind: 'lb', target: 'LB1', startMs: 10, detectedMs: 20, endMs: 20 },
    ])
  })

  it('leaves a window open while the crash is unresolved', () => {
    const trace = makeTrace([[10, 'state', 'VM_7', 'ALIVE', 'CRASHED']])

    expect(getFaultWindows(trace)[0]).toMatchObject({ detectedMs: null, endMs: null })
  })
})

describe('getMetricSeries', () => {
  const series = getMetricSeries(VM_CRASH_TRACE, { bins: 4, endMs: 100 })

  it('bins the run into equal bins', () => {
    expect(series.binMs).toBe(25)
    expect(series.times).toEqual([0, 25, 50, 75])
  })

  it('takes response percentiles per bin from arrival to FINISHED', () => {
    // Task_101: from its Dispatcher message at 0 to 40. Task_102 has no message: from 5 to 80.
    expect(series.responseP50).toEqual([null, 40, null, 75])
    expect(series.responseP99).toEqual([null, 40, null, 75])
  })

  it('gives throughput in tasks per simulated second', () => {
    // One task in a 25 ms bin = 40 per second.
    expect(series.throughput).toEqual([0, 40, 0, 40])
  })

  it('averages queued and running counts over each bin', () => {
    // Queued bin 0: 2 × 5 + 1 × 10 = 20 over 25; bin 1: 1 × 5 over 25.
    expect(series.queued.map((x) => Number(x.toFixed(6)))).toEqual([0.8, 0.2, 0, 0])
    // Running bin 1: 2 × 15 (25–40) + 1 × 5 (40–45) = 35 over 25.
    expect(series.running.map((x) => Number(x.toFixed(6)))).toEqual([0.8, 1.4, 1, 0.2])
  })

  it('marks a VM busy only while it is ALIVE with a task', () => {
    expect(series.vmIds).toEqual(['VM_1', 'VM_2'])
    // VM_1: 10–40 and 50–80. VM_2: 20–30, then crashed (no longer busy though its task is held).
    expect(series.utilisation[0].map((x) => Number(x.toFixed(6)))).toEqual([0.6, 0.6, 1, 0.2])
    expect(series.utilisation[1].map((x) => Number(x.toFixed(6)))).toEqual([0.2, 0.2, 0, 0])
  })

  it('carries the fault windows for shading', () => {
    expect(series.faults).toHaveLength(1)
  })

  it('copes with an empty trace', () => {
    const empty = getMetricSeries([], { bins: 3 })

    expect(empty.times).toHaveLength(3)
    expect(empty.vmIds).toEqual([])
  })
})
