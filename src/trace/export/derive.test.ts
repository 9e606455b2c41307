// Trace read-back (task and VM histories, load steps) and participant ids on the fixtures.
// Test-only: reads hand-written fixtures, never the engine.

import { describe, expect, it } from 'vitest'
import { deriveLoadSteps, deriveTasks, deriveVms, getTasksOfMessage } from './derive'
import { makeMixedTrace, makeScenarioBTrace, makeTraceBuilder } from './fixtures'
import { compareParticipants, getDisplayName, getParticipantKind, getZoneOf } from './participants'

describe('getTasksOfMessage', () => {
  it('finds the task field and tasks named in the label or command', () => {
    const doc = makeTraceBuilder()
      .msg(0, 'LB1', 'L1', 'Update Task Meta', {
        command: { name: 'HSET', args: ['Task_Meta_102', 'Status', 'QUEUED'] },
      })
      .msg(1, 'L2_Z1', 'LB1', 'Return Task List (Task_103, Task_1030)', { task: 'Task_101' })
      .build()

    const found = doc.events.map((e) => (e.type === 'message' ? getTasksOfMessage(e) : []))

    expect(found).toEqual([['Task_102'], ['Task_101', 'Task_103', 'Task_1030']])
  })
})

describe('deriveTasks', () => {
  it('records each queue and run span with its LB and VM', () => {
    const task = deriveTasks(makeScenarioBTrace())[0]

    expect(task.spans.map((s) => [s.state, s.startMs, s.endMs, s.lb, s.vm, s.next])).toEqual([
      ['QUEUED', 505, 508, 'LB1', '', 'RUNNING'],
      ['RUNNING', 508, 24000, 'LB1', 'VM_5', 'QUEUED'],
      ['QUEUED', 24000, 24005, 'LB1', '', 'RUNNING'],
      ['RUNNING', 24005, 26005, 'LB1', 'VM_6', 'FINISHED'],
    ])
    expect([task.attempts, task.status, task.endMs, task.type]).toEqual([
      2,
      'FINISHED',
      26005,
      'Reel',
    ])
  })

  it('takes a task type from a list workload in the config when the trace omits it', () => {
    const doc = makeTraceBuilder()
      .msg(0, 'Dispatcher', 'LB1', 'Submit Task Payload', { task: 'Task_102' })
      .build({
        config: {
          workload: {
            kind: 'list',
            tasks: [
              { atMs: 50, type: 'Reel', lengthMi: 1 },
              { atMs: 0, type: 'Image', lengthMi: 1 },
            ],
          },
        },
      })

    // Ids follow arrival order: Task_101 is the Image at 0 ms, Task_102 the Reel at 50 ms.
    expect(deriveTasks(doc)[0].type).toBe('Reel')
  })
})

describe('deriveVms', () => {
  it('takes a VM without state events as ALIVE from time 0', () => {
    const doc = makeTraceBuilder().msg(5, 'LB1', 'VM_7', 'Query Real-Time Stats').build()

    expect(deriveVms(doc)).toEqual([
      { vm: 'VM_7', zone: 1, spans: [{ state: 'ALIVE', startMs: 0, endMs: null }] },
    ])
  })

  it('follows a VM through crash, death, restart and rejoin', () => {
    const vm5 = deriveVms(makeScenarioBTrace()).find((v) => v.vm === 'VM_5')

    expect(vm5?.spans.map((s) => `${s.state}@${s.startMs}`)).toEqual([
      'ALIVE@0',
      'CRASHED@13000',
      'DEAD@24000',
      'RESTARTING@24001',
      'ALIVE@54001',
    ])
  })
})

describe('deriveLoadSteps', () => {
  it('keeps counts consistent with the task spans at every step', () => {
    const steps = deriveLoadSteps(makeMixedTrace())

    for (const step of steps) {
      expect(step.running).toBeGreaterThanOrEqual(0)
      expect(step.queued).toBeGreaterThanOrEqual(0)
    }
    const last = steps.at(-1)
    expect([last?.running, last?.queued, last?.finished, last?.quarantined]).toEqual([0, 1, 3, 1])
    expect(steps.map((s) => s.t)).toEqual([...new Set(steps.map((s) => s.t))].sort((a, b) => a - b))
  })
})

describe('participants', () => {
  it.each([
    ['Dispatcher', 'dispatcher', null, 'Global Dispatcher'],
    ['LB2', 'lb', 2, 'Load Balancer 2'],
    ['L1', 'l1', null, 'Redis L1 (Global)'],
    ['L2_Z3', 'l2', 3, 'Redis L2 (Zone 3)'],
    ['VM_100', 'vm', 1, 'VM_100'],
    ['VM_101', 'vm', 2, 'VM_101'],
    ['Task_101', 'task', null, 'Task_101'],
    ['LB_1', 'other', null, 'LB_1'],
  ])('reads %s as kind %s in zone %s, shown as %s', (id, kind, zone, name) => {
    expect([getParticipantKind(id), getZoneOf(id), getDisplayName(id)]).toEqual([kind, zone, name])
  })

  it('orders participants as the seed diagrams do', () => {
    const ids = ['VM_101', 'L2_Z1', 'LB2', 'VM_5', 'L1', 'Dispatcher', 'LB1', 'L2_Z2']

    expect(ids.sort(compareParticipants)).toEqual([
      'Dispatcher',
      'LB1',
      'LB2',
      'L1',
      'L2_Z1',
      'L2_Z2',
      'VM_5',
      'VM_101',
    ])
  })
})
