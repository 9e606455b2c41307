import { describe, expect, it } from 'vitest'
import { createCache, dumpKeyspace } from '../cache'
import { parseScenario } from '../model/scenario'
import { type BuiltinScenarioId, getBuiltinScenario } from '../scenarios/builtins'
import { sliceTrace } from '../trace/store'
import type { Sim } from './context'
import { checkpoint, createSimulation, injectFault, runUntil } from './sim'
import {
  createBatchStrings,
  decodeEventBatch,
  encodeEventBatch,
  type FrameOptions,
  getFrame,
  getPhaseAt,
  getVmClockFields,
  replayCaches,
} from './view'

function makeSim(id: BuiltinScenarioId, overrides: Record<string, unknown> = {}): Sim {
  return createSimulation(parseScenario({ ...getBuiltinScenario(id), ...overrides }))
}

function makeOptions(overrides: Partial<FrameOptions> = {}): FrameOptions {
  return { playing: false, speed: 1, sinceIndex: 0, reset: false, horizonMs: 0, ...overrides }
}

function run(sim: Sim, toMs: number): void {
  runUntil(sim, toMs, { stopWhenComplete: false })
}

describe('getFrame', () => {
  it('lists every VM, LB and cache of the topology', () => {
    const sim = makeSim('A')

    const frame = getFrame(sim, makeOptions())

    expect(frame.vms).toHaveLength(16)
    expect(frame.lbs.map((lb) => lb.id)).toEqual(['LB1', 'LB2'])
    expect(frame.caches.map((c) => c.id)).toEqual(['L1', 'L2_Z1', 'L2_Z2'])
    expect(frame.zoneOwners).toEqual([
      { zone: 1, owner: 'LB1', epoch: 0 },
      { zone: 2, owner: 'LB2', epoch: 0 },
    ])
    expect(frame.zoneCount).toBe(2)
    expect(frame.timings.vmTimeoutMs).toBe(10000)
  })

  it('shows a running task on its VM with its held demand and its SBDLB candidates', () => {
    const sim = makeSim('A')
    run(sim, 1100)

    const frame = getFrame(sim, makeOptions())
    const vm5 = frame.vms.find((vm) => vm.id === 'VM_5')
    const task = frame.tasks.find((t) => t.id === 'Task_101')

    expect(vm5).toMatchObject({ zone: 1, state: 'ALIVE', detail: 'busy', tasks: ['Task_101'] })
    // Task_101 is 5,000 MI of Text (1,000–10,000): p = 4,000 / 9,000, held on 40,000 MIPS.
    expect(vm5?.mipsUse).toBeCloseTo(4000 / 9000, 6)
    expect(task).toMatchObject({ state: 'RUNNING', lb: 'LB1', vm: 'VM_5', attempts: 1 })
    expect(task?.decision?.[0]).toMatchObject({ vm: 'VM_5', availMips: 40000, score: 49192 })
  })

  it('derives the time since the last heartbeat from the heartbeat series', () => {
    const sim = makeSim('A')
    run(sim, 7300)

    const frame = getFrame(sim, makeOptions())

    // VMs heartbeat at 0, 5,000, 10,000…: at 7,300 the last one is 2,300 ms old.
    expect(frame.vms[0].sinceHeartbeatMs).toBe(2300)
    expect(frame.lbs[0].sinceHeartbeatMs).toBe(2300)
  })

  it('reports boot progress while a VM restarts', () => {
    const sim = makeSim('B')
    run(sim, 33000)

    const vm5 = getFrame(sim, makeOptions()).vms.find((vm) => vm.id === 'VM_5')

    // Restart triggered at 18,000; 15,000 ms of a 30,000 ms restart have passed.
    expect(vm5).toMatchObject({ state: 'RESTARTING', l2Status: 'RESTARTING', bootProgress: 0.5 })
    expect(vm5?.tasks).toEqual([])
  })

  it('shows zone 1 owned by LB2 after the takeover', () => {
    const sim = makeSim('C')
    run(sim, 30000)

    const frame = getFrame(sim, makeOptions())

    expect(frame.zoneOwners[0]).toEqual({ zone: 1, owner: 'LB2', epoch: 1 })
    expect(frame.lbs[0]).toMatchObject({ id: 'LB1', state: 'DEAD', l1Status: 'DEAD' })
    expect(frame.lbs[1].zones).toEqual([1, 2])
    expect(frame.faults).toEqual([
      expect.objectContaining({ target: 'LB1', action: 'crash', source: 'scenario' }),
    ])
  })

  it('sends the trace events from sinceIndex on', () => {
    const sim = makeSim('A')
    run(sim, 1100)

    const frame = getFrame(sim, makeOptions({ sinceIndex: 10 }))

    expect(frame.baseIndex).toBe(10)
    expect(frame.newEvents[0].seq).toBe(11)
    expect(frame.newEvents).toHaveLength(sim.trace.length - 10)
    expect(frame.playheadSeq).toBe(sim.trace.length)
  })

  it('sends the whole trace on reset', () => {
    const sim = makeSim('A')

    const frame = getFrame(sim, makeOptions({ sinceIndex: 5, reset: true }))

    expect(frame.baseIndex).toBe(0)
    expect(frame.newEvents).toHaveLength(sim.trace.length)
  })

  it('shows entity states as of a playhead inside the trace', () => {
    const sim = makeSim('B')
    run(sim, 18000)
    const dead = sliceTrace(sim.trace).find(
      (e) => e.type === 'state' && e.entity === 'VM_5' && e.to === 'DEAD',
    )

    const frame = getFrame(sim, makeOptions({ playheadSeq: (dead?.seq ?? 0) - 1 }))
    const vm5 = frame.vms.find((vm) => vm.id === 'VM_5')

    expect(vm5?.state).toBe('CRASHED')
    expect(frame.phase).toBe('Failure Detection')
  })

  it('keeps the newest tasks and any pinned one when capped', () => {
    const sim = makeSim('C')
    run(sim, 30000)

    const frame = getFrame(sim, makeOptions({ maxTasks: 2, pinnedTasks: ['Task_101'] }))

    expect(frame.tasks.map((t) => t.id)).toEqual(['Task_101', 'Task_103', 'Task_104'])
  })

  it('sends SBDLB candidates only for the newest and the pinned tasks when asked', () => {
    const sim = makeSim('C')
    run(sim, 30000)

    const frame = getFrame(sim, makeOptions({ recentDecisions: 1, pinnedTasks: ['Task_101'] }))

    const withDecision = frame.tasks.filter((t) => t.decision).map((t) => t.id)
    expect(withDecision).toEqual(['Task_101', 'Task_104'])
  })

  it('leaves the tasks out when asked and no task changed', () => {
    const sim = makeSim('A')
    run(sim, 3000)
    const since = sim.trace.length
    run(sim, 6000)

    const frame = getFrame(sim, makeOptions({ sinceIndex: since, omitUnchangedTasks: true }))

    expect(frame).toMatchObject({ tasks: [], tasksIncluded: false })
  })

  it('leaves the tasks out when asked even if tasks changed, but not in a reset frame', () => {
    const sim = makeSim('A')
    const since = sim.trace.length
    run(sim, 1100)

    const frame = getFrame(sim, makeOptions({ sinceIndex: since, omitTasks: true }))
    const reset = getFrame(sim, makeOptions({ sinceIndex: since, omitTasks: true, reset: true }))

    expect(frame).toMatchObject({ tasks: [], tasksIncluded: false })
    expect(reset.tasksIncluded).toBe(true)
    expect(reset.tasks.map((t) => t.id)).toContain('Task_101')
  })

  it('leaves the caches out when asked', () => {
    const sim = makeSim('A')

    const frame = getFrame(sim, makeOptions({ omitCaches: true }))

    expect(frame).toMatchObject({ caches: [], cachesIncluded: false })
  })

  it('caps a large keyspace to its first-created and newest keys', () => {
    const sim = makeSim('free')
    run(sim, 120000)

    const l1 = getFrame(sim, makeOptions({ maxKeysPerCache: 20 })).caches[0]

    expect(l1.totalKeys).toBeGreaterThan(20)
    expect(Object.keys(l1.keyspace)).toHaveLength(20)
    expect(l1.keyspace.System_Registry).toBeDefined()
  })

  it('counts only keys that exist for Redis (an emptied set is gone)', () => {
    const sim = makeSim('A')
    run(sim, 1100)

    const l1 = getFrame(sim, makeOptions()).caches[0]

    expect(l1.totalKeys).toBe(Object.keys(l1.keyspace).length)
    expect(l1.keyspace.Queued_LB1).toBeUndefined()
  })

  it('lists user faults with the scenario ones, by time', () => {
    const sim = makeSim('A')
    injectFault(sim, 'VM_5', 'crash', 500)

    const frame = getFrame(sim, makeOptions())

    expect(frame.faults).toEqual([{ atMs: 500, target: 'VM_5', action: 'crash', source: 'user' }])
  })
})

describe('encodeEventBatch', () => {
  it('round-trips events through columns, sending each string once', () => {
    const sim = makeSim('C')
    run(sim, 30000)
    const all = sliceTrace(sim.trace)
    const half = Math.floor(all.length / 2)
    const table = createBatchStrings()
    const pageStrings: string[] = []

    const first = encodeEventBatch(all.slice(0, half), 0, table)
    const second = encodeEventBatch(all.slice(half), half, table)
    const decoded = [
      ...decodeEventBatch(first, pageStrings),
      ...decodeEventBatch(second, pageStrings),
    ]

    expect(decoded).toEqual(all)
    expect(second.strings.some((text) => first.strings.includes(text))).toBe(false)
  })

  it('refuses a batch whose strings do not follow the page’s', () => {
    const sim = makeSim('A')
    const table = createBatchStrings()
    encodeEventBatch(sliceTrace(sim.trace, 0, 5), 0, table)
    const second = encodeEventBatch(sliceTrace(sim.trace, 5), 5, table)

    expect(() => decodeEventBatch(second, [])).toThrow(/string/)
  })

  it('replaces the new events in a frame when asked', () => {
    const sim = makeSim('A')

    const frame = getFrame(sim, makeOptions({ batch: createBatchStrings() }))

    expect(frame.newEvents).toEqual([])
    expect(frame.eventBatch?.count).toBe(sim.trace.length)
  })
})

describe('getVmClockFields', () => {
  it.each([0, 4999, 5000, 7300, 8000, 9000, 18000, 33000, 48000, 50001])(
    'derives the same heartbeat age and boot progress as the frame at %i ms',
    (t) => {
      const sim = makeSim('B')
      run(sim, t)
      const frame = getFrame(sim, makeOptions())

      const derived = frame.vms.map((vm) => getVmClockFields(vm, t, frame.timings))

      expect(derived).toEqual(
        frame.vms.map((vm) => ({
          sinceHeartbeatMs: vm.sinceHeartbeatMs,
          bootProgress: vm.bootProgress,
        })),
      )
    },
  )
})

describe('replayCaches', () => {
  it.each(['A', 'B', 'C', 'D', 'free'] as const)(
    'rebuilds scenario %s caches from the trace alone',
    (id) => {
      const sim = makeSim(id)
      run(sim, 90000)
      const empty = [createCache('L1'), createCache('L2_Z1'), createCache('L2_Z2')]

      const replayed = replayCaches(sim.trace, empty, 0, sim.trace.length)

      expect(replayed.map(dumpKeyspace)).toEqual([sim.world.l1, ...sim.world.l2].map(dumpKeyspace))
    },
  )

  it('rebuilds the caches at a trace index from a checkpoint', () => {
    const sim = makeSim('B')
    run(sim, 10000)
    const cp = checkpoint(sim)
    run(sim, 18000)
    const at = sim.trace.length

    run(sim, 60000)
    const replayed = replayCaches(sim.trace, [cp.world.l1, ...cp.world.l2], cp.traceLength, at)
    const fresh = makeSim('B')
    run(fresh, 18000)

    expect(replayed.map(dumpKeyspace)).toEqual(
      [fresh.world.l1, ...fresh.world.l2].map(dumpKeyspace),
    )
  })
})

describe('getPhaseAt', () => {
  it('returns the latest phase note before the playhead', () => {
    const sim = makeSim('A')
    run(sim, 1600)

    expect(getPhaseAt(sim.trace, 1)).toBe('Normal Operation')
    expect(getPhaseAt(sim.trace, sim.trace.length)).toBe('Completion Phase')
  })
})
