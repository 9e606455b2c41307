// Property tests over random pools for every policy (fast-check, fixed seeds): range, determinism,
// explain-neutrality, JSON-safe state, and SBDLB's threshold, demand and best-score rules.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getPolicy, POLICY_NAMES } from './index'
import { makeContext, makeRandom, makeTask, makeVm, type TestVm } from './policyBuilders'
import { createSbdlb, getSbdlbScore, getSbdlbSkip } from './sbdlb'
import type { PolicyName, PolicyState, SbdlbParams } from './types'

/** A VM with random totals, part of each held, 0–6 tasks; `gap` spaces the numbers apart. */
const vmArb = fc.record({
  gap: fc.integer({ min: 1, max: 4 }),
  pes: fc.integer({ min: 1, max: 4 }),
  mips: fc.integer({ min: 1, max: 20_000 }),
  ramMb: fc.integer({ min: 1, max: 16_384 }),
  bwMbps: fc.integer({ min: 1, max: 2_000 }),
  freeMips: fc.double({ min: 0, max: 1, noNaN: true }),
  freeRam: fc.double({ min: 0, max: 1, noNaN: true }),
  freeBw: fc.double({ min: 0, max: 1, noNaN: true }),
  activeTasks: fc.integer({ min: 0, max: 6 }),
})

/** A pool ordered by strictly rising VM number, as the engine passes it. */
const poolArb = fc.array(vmArb, { maxLength: 24 }).map((rows) => {
  let num = 0
  return rows.map((row) => {
    num += row.gap
    return makeVm({
      num,
      pes: row.pes,
      mips: row.mips,
      ramMb: row.ramMb,
      bwMbps: row.bwMbps,
      availMips: Math.floor(row.mips * row.freeMips),
      availRamMb: Math.floor(row.ramMb * row.freeRam),
      availBwMbps: Math.floor(row.bwMbps * row.freeBw),
      activeTasks: row.activeTasks,
    })
  })
})

const pArb = fc.double({ min: 0, max: 1, noNaN: true })
const nameArb = fc.constantFrom(...POLICY_NAMES)

/**
 * A small stand-in for the engine: `steps` tasks, each added to its VM (a task and some demand
 * held), and every third step the busiest VM finishing one task. Returns choices and final state.
 */
function simulate(name: PolicyName, pool: TestVm[], seed: number, steps: number, state = {}) {
  const vms = pool.map((vm) => ({ ...vm }))
  const ctx = makeContext({ random: makeRandom(seed), state: structuredClone(state) })
  const policy = getPolicy(name)
  const choices: number[] = []
  for (let step = 0; step < steps; step++) {
    const { chosen } = policy.choose(makeTask({ p: (step % 5) / 10 }), vms, ctx)
    choices.push(chosen)
    if (chosen !== -1) {
      vms[chosen].activeTasks++
      vms[chosen].availMips -= Math.min(vms[chosen].availMips, vms[chosen].mips / 10)
    }
    const busiest = vms.reduce(
      (b, vm, i) => (b === -1 || vm.activeTasks > vms[b].activeTasks ? i : b),
      -1,
    )
    if (step % 3 === 2 && busiest !== -1 && vms[busiest].activeTasks > 0) vms[busiest].activeTasks--
  }
  return { choices, state: ctx.state }
}

describe('every policy (property, seed 20250805)', () => {
  it('returns −1 or an index into the pool, and explains every VM when asked', () => {
    fc.assert(
      fc.property(nameArb, poolArb, pArb, fc.integer(), (name, vms, p, seed) => {
        const ctx = makeContext({ random: makeRandom(seed), explain: true })

        const decision = getPolicy(name).choose(makeTask({ p }), vms, ctx)

        expect(
          decision.chosen === -1 || (decision.chosen >= 0 && decision.chosen < vms.length),
        ).toBe(true)
        expect(Number.isInteger(decision.chosen)).toBe(true)
        expect(decision.candidates?.map((c) => c.vm)).toEqual(vms.map((vm) => vm.id))
      }),
      { seed: 20250805, numRuns: 500 },
    )
  })

  it('returns −1 on a non-empty pool only when it may hold tasks back (SBDLB, throttled)', () => {
    fc.assert(
      fc.property(nameArb, poolArb, pArb, fc.integer(), (name, vms, p, seed) => {
        fc.pre(vms.length > 0 && name !== 'sbdlb' && name !== 'throttled')

        const ctx = makeContext({ random: makeRandom(seed) })

        expect(getPolicy(name).choose(makeTask({ p }), vms, ctx).chosen).not.toBe(-1)
      }),
      { seed: 20250805, numRuns: 300 },
    )
  })

  it('chooses the same VM and leaves the same state with explain on or off', () => {
    fc.assert(
      fc.property(nameArb, poolArb, fc.integer(), (name, vms, seed) => {
        const plain = makeContext({ random: makeRandom(seed) })
        const explained = makeContext({ random: makeRandom(seed), explain: true })
        const policy = getPolicy(name)

        for (let step = 0; step < 5; step++) {
          const task = makeTask({ p: step / 5 })
          expect(policy.choose(task, vms, explained).chosen).toBe(
            policy.choose(task, vms, plain).chosen,
          )
        }
        expect(explained.state).toEqual(plain.state)
      }),
      { seed: 20250805, numRuns: 300 },
    )
  })

  it('makes the same choices from the same random stream', () => {
    fc.assert(
      fc.property(nameArb, poolArb, fc.integer(), (name, vms, seed) => {
        expect(simulate(name, vms, seed, 30)).toEqual(simulate(name, vms, seed, 30))
      }),
      { seed: 20250805, numRuns: 200 },
    )
  })

  it('keeps state that survives a JSON round trip', () => {
    fc.assert(
      fc.property(nameArb, poolArb, fc.integer(), (name, vms, seed) => {
        const { state } = simulate(name, vms, seed, 20)

        expect(JSON.parse(JSON.stringify(state)) as PolicyState).toEqual(state)
      }),
      { seed: 20250805, numRuns: 200 },
    )
  })
})

describe('sbdlb (property, seed 20250805)', () => {
  const paramsArb = fc.record({
    threshold: fc.integer({ min: 1, max: 6 }),
    weightMips: fc.integer({ min: 0, max: 3 }),
    weightRam: fc.integer({ min: 0, max: 3 }),
    weightBw: fc.integer({ min: 0, max: 3 }),
  })

  it('never picks a VM at the threshold or short of the demand, and picks the best score', () => {
    fc.assert(
      fc.property(poolArb, pArb, paramsArb, (vms, p, params: SbdlbParams) => {
        const { chosen } = createSbdlb(params).choose(makeTask({ p }), vms, makeContext())
        const eligible = vms.filter((vm) => getSbdlbSkip(vm, p, params.threshold) === undefined)

        if (chosen === -1) {
          expect(eligible).toEqual([])
          return
        }
        const vm = vms[chosen]
        expect(vm.activeTasks).toBeLessThan(params.threshold)
        expect(vm.availMips).toBeGreaterThanOrEqual(p * vm.mips)
        expect(vm.availRamMb).toBeGreaterThanOrEqual(p * vm.ramMb)
        expect(vm.availBwMbps).toBeGreaterThanOrEqual(p * vm.bwMbps)
        for (const other of eligible) {
          const [best, rival] = [getSbdlbScore(vm, params), getSbdlbScore(other, params)]
          expect(rival < best || (rival === best && other.num >= vm.num)).toBe(true)
        }
      }),
      { seed: 20250805, numRuns: 1_000 },
    )
  })
})
