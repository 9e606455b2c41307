// The metrics on real runs of built-in scenarios B and C (engine to metrics). Test-only.

import { describe, expect, it } from 'vitest'
import { createSimulation, runToEnd } from '../engine/sim'
import { parseScenario } from '../model/scenario'
import { getBuiltinScenario } from '../scenarios/builtins'
import { sliceTrace } from '../trace/store'
import { measureSim } from './measure'
import { getFaultWindows } from './traceSeries'

function runBuiltin(id: 'B' | 'C', detail: 'full' | 'state') {
  const doc = { ...getBuiltinScenario(id), trace: { detail } }
  const sim = createSimulation(parseScenario(doc))
  runToEnd(sim)
  return sim
}

describe('measureSim on scenario B (VM_5 crashes under Task_101)', () => {
  it.each(['full', 'state'] as const)(
    'scores the recovery the same at trace detail %s',
    (detail) => {
      const m = measureSim(runBuiltin('B', detail))

      expect(m).toMatchObject({ submitted: 2, finished: 2, rescued: 1, lost: 0, duplicated: 0 })
      expect(m.vmCrashes).toBe(1)
      // SPEC §2: a crashed VM is declared dead 5–13 s after it crashes.
      expect(m.detectionMs.mean).toBeGreaterThanOrEqual(5000)
      expect(m.detectionMs.mean).toBeLessThanOrEqual(13000)
      // Rescue follows detection; capacity returns after the 30 s restart.
      expect(m.rescueMs.count).toBe(1)
      expect(m.rescueMs.mean).toBeGreaterThanOrEqual(m.detectionMs.mean)
      expect(m.restoreMs.mean).toBeGreaterThanOrEqual(m.detectionMs.mean + 30000)
      // The lost attempt's 7 s on VM_5 is billed as well as the two finished runs.
      expect(m.cpuSeconds).toBeGreaterThan((m.runMs.mean * 2) / 1000 + 6.9)
    },
  )

  it('shades one window from the crash to VM_5 back in the pool', () => {
    const sim = runBuiltin('B', 'state')
    const [w] = getFaultWindows(sliceTrace(sim.trace))

    expect(w).toMatchObject({ kind: 'vm', target: 'VM_5', startMs: 8000 })
    expect(w.detectedMs).toBe(sim.world.detections[0].detectedAt)
    expect(w.endMs).toBe(sim.world.detections[0].recoveredAt)
  })
})

describe('measureSim on scenario C (LB1 crashes)', () => {
  it('reports the takeover gap and loses no task', () => {
    const m = measureSim(runBuiltin('C', 'state'))

    expect(m).toMatchObject({ submitted: 4, finished: 4, lost: 0, lbCrashes: 1 })
    expect(m.takeoverGapMs.count).toBe(1)
    expect(m.takeoverGapMs.mean).toBeGreaterThan(10000)
  })
})
