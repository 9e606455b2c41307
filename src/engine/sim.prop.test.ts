import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseScenario, type ScenarioDocument } from '../model/scenario'
import { POLICY_NAMES } from '../policies'
import { getEvents } from '../testing/runScenario'
import { checkRun } from './invariants'
import { createSimulation, isRunComplete, isStranded, runUntil } from './sim'

const SEED = 20261203
const HORIZON_MS = 20_000_000

const faultArb = (zones: number, vms: number) =>
  fc.record({
    atMs: fc.integer({ min: 0, max: 90_000 }),
    target: fc.oneof(
      fc
        .integer({ min: 1, max: zones })
        .chain((z) => fc.integer({ min: 1, max: vms }).map((i) => `VM_${(z - 1) * 100 + i}`)),
      fc.integer({ min: 1, max: zones }).map((z) => `LB${z}`),
    ),
    restart: fc.boolean(),
  })

const scenarioArb: fc.Arbitrary<ScenarioDocument> = fc
  .record({
    zones: fc.integer({ min: 1, max: 3 }),
    vms: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ zones, vms }) =>
    fc.record({
      format: fc.constant('dual-lb-scenario' as const),
      version: fc.constant(1 as const),
      seed: fc.integer({ min: 0, max: 1000 }),
      policy: fc.constantFrom(...POLICY_NAMES),
      topology: fc.constant({ zones, vmsPerZone: vms }),
      workload: fc.oneof(
        fc.record({
          kind: fc.constant('poisson' as const),
          ratePerSecond: fc.double({ min: 0.2, max: 4, noNaN: true }),
          durationMs: fc.integer({ min: 1000, max: 60_000 }),
        }),
        fc.record({
          kind: fc.constant('list' as const),
          tasks: fc.array(
            fc.record({
              atMs: fc.integer({ min: 0, max: 60_000 }),
              type: fc.constantFrom('Text' as const, 'Image' as const, 'Reel' as const),
              lengthMi: fc.integer({ min: 1000, max: 1_000_000 }),
            }),
            { maxLength: 30 },
          ),
        }),
      ),
      faults: fc.array(faultArb(zones, vms), { maxLength: 8 }).map((fs) =>
        fs.map((f) => ({
          atMs: f.atMs,
          target: f.target,
          action:
            f.restart && f.target.startsWith('LB') ? ('restart' as const) : ('crash' as const),
        })),
      ),
      trace: fc.record({
        detail: fc.constantFrom('full' as const, 'messages' as const, 'state' as const),
      }),
    }),
  )

function run(doc: ScenarioDocument) {
  const sim = createSimulation(parseScenario(doc))
  runUntil(sim, HORIZON_MS)
  return sim
}

describe('simulation invariants under random faults', () => {
  it(`keep every SPEC §7 invariant (seed ${SEED})`, () => {
    let complete = 0
    fc.assert(
      fc.property(scenarioArb, (doc) => {
        const sim = run(doc)

        const violations = checkRun(sim)
        const c = sim.world.counters

        expect(violations).toEqual([])
        expect(c.duplicates).toBe(0)
        if (isRunComplete(sim)) complete++
        if (isRunComplete(sim) && !isStranded(sim))
          expect(c.finished + c.quarantined).toBe(c.submitted)
        for (const task of sim.world.tasks) {
          if (task.state === 'QUARANTINED') expect(task.reason).not.toBe('')
          if (task.state === 'FINISHED')
            expect(task.finishMs).toBeGreaterThanOrEqual(task.arrivalMs)
        }
      }),
      { seed: SEED, numRuns: 200 },
    )
    // The loss check only applies to runs that reached their end; most must, or it proves little.
    expect(complete).toBeGreaterThan(150)
  })

  it(`survive crashes during restarts and takeovers (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 0, max: 3 }),
        (first, gap, seed) => {
          // VM_5 crashes, then again while it restarts (detection ≤ 13 s + 30 s boot); LB1
          // crashes and LB2 crashes around the moment it takes zone 1 over.
          const doc: ScenarioDocument = {
            format: 'dual-lb-scenario',
            version: 1,
            seed,
            topology: { zones: 2, vmsPerZone: 6 },
            workload: { kind: 'poisson', ratePerSecond: 2, durationMs: 60_000 },
            faults: [
              { atMs: first, target: 'VM_5', action: 'crash' },
              { atMs: first + 13_000 + (gap % 30_000), target: 'VM_5', action: 'crash' },
              { atMs: first + 1000, target: 'LB1', action: 'crash' },
              { atMs: first + 6000 + (gap % 8000), target: 'LB2', action: 'crash' },
              { atMs: first + 70_000, target: 'LB2', action: 'restart' },
            ],
          }

          const sim = run(doc)

          expect(checkRun(sim)).toEqual([])
          const c = sim.world.counters
          expect(c.finished + c.quarantined).toBe(c.submitted)
        },
      ),
      { seed: SEED, numRuns: 60 },
    )
  })
})

describe('determinism', () => {
  it(`gives byte-identical traces for the same seed (seed ${SEED})`, () => {
    fc.assert(
      fc.property(scenarioArb, (doc) => {
        const a = JSON.stringify(getEvents(run(doc)))
        const b = JSON.stringify(getEvents(run(doc)))

        expect(a).toBe(b)
      }),
      { seed: SEED, numRuns: 25 },
    )
  })

  it('gives different traces for different seeds', () => {
    const doc: ScenarioDocument = {
      format: 'dual-lb-scenario',
      version: 1,
      topology: { zones: 2, vmsPerZone: 4 },
      workload: { kind: 'poisson', ratePerSecond: 1, durationMs: 20_000 },
    }

    const traces = new Set(
      [1, 2, 3].map((seed) => JSON.stringify(getEvents(run({ ...doc, seed })))),
    )

    expect(traces.size).toBe(3)
  })
})
