import { describe, expect, it } from 'vitest'
import { dumpKeyspace } from '../cache'
import { parseScenario } from '../model/scenario'
import { getBuiltinScenario } from '../scenarios/builtins'
import { sliceTrace } from '../trace/store'
import { checkpoint, createSimulation, injectFault, restore, runUntil } from './sim'

function makeFreeRun() {
  return createSimulation(parseScenario(getBuiltinScenario('free')))
}

describe('checkpoint and restore', () => {
  it('replays to a byte-identical trace and keyspace after restoring', () => {
    const sim = makeFreeRun()
    runUntil(sim, 25_000, { stopWhenComplete: false })
    const cp = checkpoint(sim)
    runUntil(sim, 70_000, { stopWhenComplete: false })
    const expectedTrace = JSON.stringify(sliceTrace(sim.trace))
    const expectedL1 = dumpKeyspace(sim.world.l1)

    restore(sim, cp)
    const atCheckpoint = sim.trace.length
    runUntil(sim, 70_000, { stopWhenComplete: false })

    expect(atCheckpoint).toBe(cp.traceLength)
    expect(JSON.stringify(sliceTrace(sim.trace))).toBe(expectedTrace)
    expect(dumpKeyspace(sim.world.l1)).toEqual(expectedL1)
  })

  it('leaves the checkpoint untouched by the run that follows', () => {
    const sim = makeFreeRun()
    runUntil(sim, 10_000, { stopWhenComplete: false })
    const cp = checkpoint(sim)
    const before = JSON.stringify(cp.world.counters)

    runUntil(sim, 50_000, { stopWhenComplete: false })

    expect(JSON.stringify(cp.world.counters)).toBe(before)
    expect(cp.world.now).toBe(10_000)
  })

  it('restores the state from before an injected fault', () => {
    const sim = makeFreeRun()
    runUntil(sim, 5_000, { stopWhenComplete: false })
    const cp = checkpoint(sim)
    injectFault(sim, 'VM_2', 'crash')
    runUntil(sim, 6_000, { stopWhenComplete: false })
    expect(sim.world.vms[1].state).toBe('CRASHED')

    restore(sim, cp)

    expect(sim.world.vms[1].state).toBe('ALIVE')
    expect(sim.world.now).toBe(5_000)
  })

  it('copies world, queue and trace length as structured-clone-safe data', () => {
    const sim = makeFreeRun()
    runUntil(sim, 3_000, { stopWhenComplete: false })

    const cp = checkpoint(sim)

    expect(() => structuredClone(cp)).not.toThrow()
    expect(cp.queue.size).toBe(sim.queue.size)
  })
})
