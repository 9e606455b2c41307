// Item-2 metric formulas on a constructed run with hand-computed expectations. Test-only.

import { describe, expect, it } from 'vitest'
import { COST_PER_CPU_SECOND_USD, computeRunMetrics, filterRunRecord } from './runMetrics'
import type { RunRecord, TaskOutcome } from './runRecord'

function makeTask(overrides: Partial<TaskOutcome>): TaskOutcome {
  return {
    id: 'Task_101',
    type: 'Text',
    lengthMi: 5000,
    pes: 1,
    arrivalMs: 0,
    firstStartMs: 0,
    startMs: 0,
    finishMs: 0,
    state: 'FINISHED',
    vm: 'VM_1',
    attempts: 1,
    rescues: 0,
    ...overrides,
  }
}

// Three finished tasks, one quarantined, one still queued; four VMs; a VM and an LB crash.
const RECORD: RunRecord = {
  endMs: 4100,
  tasks: [
    makeTask({ id: 'Task_101', arrivalMs: 0, startMs: 100, finishMs: 1100 }),
    makeTask({ id: 'Task_102', arrivalMs: 0, startMs: 300, finishMs: 2300 }),
    makeTask({ id: 'Task_103', arrivalMs: 1000, startMs: 1500, finishMs: 4000 }),
    makeTask({ id: 'Task_104', arrivalMs: 500, finishMs: 3000, state: 'QUARANTINED' }),
    makeTask({ id: 'Task_105', arrivalMs: 3500, startMs: -1, finishMs: -1, state: 'QUEUED' }),
  ],
  vms: [
    { id: 'VM_1', zone: 1, pes: 1, mips: 2500, busyMs: 2000 },
    { id: 'VM_2', zone: 1, pes: 2, mips: 10000, busyMs: 3000 },
    { id: 'VM_101', zone: 2, pes: 1, mips: 2500, busyMs: 1000 },
    { id: 'VM_102', zone: 2, pes: 4, mips: 40000, busyMs: 2000 },
  ],
  crashes: [
    { kind: 'vm', target: 'VM_2', crashedAt: 1000, detectedAt: 11000, recoveredAt: 45000 },
    { kind: 'lb', target: 'LB2', crashedAt: 2000, detectedAt: 14000, recoveredAt: 14000 },
    { kind: 'vm', target: 'VM_1', crashedAt: 3900, detectedAt: -1, recoveredAt: -1 },
  ],
  takeovers: [
    { zone: 2, from: 'LB2', to: 'LB1', crashedAt: 2000, atMs: 14000 },
    { zone: 2, from: 'LB1', to: 'LB2', crashedAt: -1, atMs: 30000 },
  ],
  rescued: 2,
  duplicates: 1,
  resubmitted: 0,
  stolen: 0,
}

const FACTS = {
  queueMean: 1.25,
  queueMax: 3,
  rescueMs: [12000, 16000],
  lostAttemptMs: 700,
  faults: [],
}

describe('computeRunMetrics', () => {
  const m = computeRunMetrics(RECORD, FACTS)

  it('counts outcomes', () => {
    expect(m).toMatchObject({
      submitted: 5,
      finished: 3,
      quarantined: 1,
      rescued: 2,
      lost: 1,
      duplicated: 1,
    })
  })

  it('measures wait, run and response from arrival over finished tasks', () => {
    // Waits 100, 300, 500; runs 1000, 2000, 2500; responses 1100, 2300, 3000.
    expect(m.waitMs.mean).toBeCloseTo(300, 9)
    expect(m.runMs.mean).toBeCloseTo(5500 / 3, 9)
    expect(m.responseMs).toMatchObject({ count: 3, p50: 2300, max: 3000 })
    expect(m.responseMs.mean).toBeCloseTo(6400 / 3, 9)
    // p95 rank 0.95 × 2 = 1.9: 2300 + 0.9 × 700.
    expect(m.responseMs.p95).toBeCloseTo(2930, 9)
  })

  it('takes makespan from the first arrival to the last finish', () => {
    expect(m.makespanMs).toBe(4000)
    // 3 tasks over 4 s.
    expect(m.throughputPerS).toBeCloseTo(0.75, 12)
  })

  it('measures utilisation over the makespan and its imbalance', () => {
    expect(m.utilisation.map((u) => u.utilisation)).toEqual([0.5, 0.75, 0.25, 0.5])
    expect(m.utilisationMean).toBeCloseTo(0.5, 12)
    // σ = √((0 + 0.0625 + 0.0625 + 0) / 4) = 0.1768; CV = σ / 0.5.
    expect(m.utilisationCv).toBeCloseTo(Math.sqrt(0.03125) / 0.5, 12)
    expect(m.utilisationMaxOverMean).toBeCloseTo(1.5, 12)
  })

  it('bills CPU seconds, lost attempts included, at $3', () => {
    // Runs 5,500 ms + 700 ms lost = 6.2 CPU s → $18.60.
    expect(m.cpuSeconds).toBeCloseTo(6.2, 12)
    expect(m.costUsd).toBeCloseTo(6.2 * COST_PER_CPU_SECOND_USD, 12)
  })

  it('reports detection, rescue, restore and takeover gap', () => {
    expect(m.detectionMs).toMatchObject({ count: 2, mean: 11000 })
    expect(m.rescueMs).toMatchObject({ count: 2, mean: 14000 })
    expect(m.restoreMs).toMatchObject({ count: 2, mean: 28000 })
    // The hand-back to a restarted LB has no crash and is not a gap.
    expect(m.takeoverGapMs).toMatchObject({ count: 1, mean: 12000 })
    expect([m.vmCrashes, m.lbCrashes]).toEqual([2, 1])
  })

  it('reads queue lengths from the trace facts, and 0 without them', () => {
    expect([m.queueMean, m.queueMax]).toEqual([1.25, 3])
    expect(computeRunMetrics(RECORD).queueMax).toBe(0)
  })

  it('is all zeros for a run without tasks', () => {
    const empty = computeRunMetrics({ ...RECORD, tasks: [], endMs: 0 })

    expect(empty).toMatchObject({ finished: 0, makespanMs: 0, throughputPerS: 0, cpuSeconds: 0 })
    expect(empty.utilisationMean).toBe(0)
  })
})

describe('filterRunRecord', () => {
  it('keeps only the chosen tasks', () => {
    const early = filterRunRecord(RECORD, (t) => t.arrivalMs < 1000)

    expect(computeRunMetrics(early).finished).toBe(2)
  })
})
