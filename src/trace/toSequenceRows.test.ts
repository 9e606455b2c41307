import { describe, expect, it } from 'vitest'
import {
  filterSequenceRows,
  getParticipantRank,
  getRowDescription,
  toSequenceRows,
} from './toSequenceRows'
import type { TraceEvent } from './types'

/** Scenario A's messages in the seed's order, preceded by VM_5's registration. */
function makeScenarioA(): TraceEvent[] {
  let seq = 0
  const at = (t: number) => ({ seq: ++seq, t })
  const msg = (
    t: number,
    from: string,
    to: string,
    label: string,
    kind: 'call' | 'reply' | 'self' = 'call',
  ): TraceEvent => ({ ...at(t), type: 'message', from, to, label, kind, task: 'Task_101' })
  return [
    { ...at(0), type: 'message', from: 'VM_5', to: 'L2_Z1', label: 'Register VM_5', kind: 'call' },
    { ...at(1000), type: 'note', over: ['Dispatcher', 'LB1'], text: 'Submission Phase' },
    msg(1000, 'Dispatcher', 'LB1', 'Submit Task Payload'),
    msg(1005, 'LB1', 'L1', 'Update Task Meta (Status: QUEUED)'),
    { ...at(1005), type: 'note', over: ['LB1', 'VM_5'], text: 'Scheduling Phase (SBDLB)' },
    msg(1005, 'LB1', 'LB1', 'Retrieve Active VMs from Local Registry', 'self'),
    msg(1006, 'LB1', 'VM_5', 'Query Real-Time Stats (MIPS, RAM, BW)'),
    msg(1007, 'VM_5', 'LB1', 'Return Current Resource Usage', 'reply'),
    { ...at(1007), type: 'note', over: ['LB1'], text: 'SBDLB for Task_101: VM_5 wins' },
    { ...at(1008), type: 'state', entity: 'Task_101', from: 'QUEUED', to: 'RUNNING' },
    { ...at(2000), type: 'fault', target: 'VM_5', action: 'crash' },
    { ...at(2000), type: 'state', entity: 'VM_5', from: 'ALIVE', to: 'CRASHED' },
  ]
}

describe('getParticipantRank', () => {
  it('orders Dispatcher, LBs, L1, L2s, then VMs by number', () => {
    const ids = ['VM_101', 'L2_Z2', 'VM_5', 'L1', 'LB2', 'Dispatcher', 'L2_Z1', 'LB1']

    const sorted = [...ids].sort((a, b) => getParticipantRank(a).rank - getParticipantRank(b).rank)

    expect(sorted).toEqual(['Dispatcher', 'LB1', 'LB2', 'L1', 'L2_Z1', 'L2_Z2', 'VM_5', 'VM_101'])
  })
})

describe('toSequenceRows', () => {
  it('makes one row per event with participants by first appearance', () => {
    const model = toSequenceRows(makeScenarioA())

    expect(model.rowCount).toBe(12)
    expect(model.participants.map((p) => p.id)).toEqual([
      'VM_5',
      'L2_Z1',
      'Dispatcher',
      'LB1',
      'L1',
    ])
    expect(model.participants[0]).toMatchObject({ kind: 'vm', zone: 1 })
  })

  it('marks replies dashed and self-messages as self', () => {
    const { rows } = toSequenceRows(makeScenarioA())

    expect(rows[5]).toMatchObject({ kind: 'self', dashed: false })
    expect(rows[7]).toMatchObject({
      kind: 'reply',
      dashed: true,
      label: 'Return Current Resource Usage',
    })
  })

  it('carries the latest phase note onto the following rows', () => {
    const { rows } = toSequenceRows(makeScenarioA())

    // Row 0 precedes any phase; rows 1–3 are Submission (0), rows 4 on are Scheduling (1).
    expect(rows.map((r) => r.phase)).toEqual([-1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1])
    expect(rows[1].kind).toBe('phase')
    expect(rows[8].kind).toBe('note')
  })

  it('spans a note from its leftmost to its rightmost participant by rank', () => {
    const model = toSequenceRows(makeScenarioA())
    const note = model.rows[4]

    expect(model.participants[note.from].id).toBe('LB1')
    expect(model.participants[note.to].id).toBe('VM_5')
  })

  it('ties task states and notes naming a task to that task', () => {
    const { rows } = toSequenceRows(makeScenarioA())

    expect(rows[8].task).toBe('Task_101')
    expect(rows[9]).toMatchObject({ kind: 'state', from: -1, task: 'Task_101' })
    expect(rows[10]).toMatchObject({ kind: 'fault', label: 'Fault injected: crash VM_5' })
  })

  it('gives the same model whether built at once or event by event', () => {
    const events = makeScenarioA()
    let model = toSequenceRows([])
    for (let n = 1; n <= events.length; n++) model = toSequenceRows(events.slice(0, n), model)

    const whole = toSequenceRows(events)

    expect(model.rows.slice(0, model.rowCount)).toEqual(whole.rows)
    expect(model.participants).toEqual(whole.participants)
  })

  it('keeps an earlier model valid when two extensions branch from it', () => {
    const events = makeScenarioA()
    const prefix = toSequenceRows(events.slice(0, 6))
    const longer = toSequenceRows(events, prefix)

    const other = toSequenceRows([...events.slice(0, 6), events[10]], prefix)

    expect(prefix.rowCount).toBe(6)
    expect(longer.rows[6].label).toBe('Query Real-Time Stats (MIPS, RAM, BW)')
    expect(other.rows[6].kind).toBe('fault')
    expect(other.rowCount).toBe(7)
  })

  it('keeps its rows when the oldest events are dropped, projecting only the new ones', () => {
    const events = makeScenarioA()
    const before = toSequenceRows(events.slice(0, 8))

    const after = toSequenceRows(events.slice(3), before)

    expect(after.rowCount).toBe(events.length - 3)
    expect(after.rows.slice(0, after.rowCount)).toEqual(toSequenceRows(events).rows.slice(3))
    // Rows already projected are reused, phases included (a fresh build could not know them).
    expect(after.rows[0]).toBe(before.rows[3])
    expect(after.rows[2].phase).toBe(1)
    expect(before.rowCount).toBe(8)
    expect(filterSequenceRows(after, { task: null, participant: 'VM_5' }).count).toBe(5)
  })

  it('starts again when the events no longer extend the previous model', () => {
    const events = makeScenarioA()
    const full = toSequenceRows(events)

    const truncated = toSequenceRows(events.slice(0, 3), full)

    expect(truncated.rowCount).toBe(3)
    expect(truncated.participants.map((p) => p.id)).toEqual(['VM_5', 'L2_Z1', 'Dispatcher', 'LB1'])
  })

  it('starts again for another run whose seq numbers match', () => {
    const first = toSequenceRows(makeScenarioA().slice(0, 4))
    const other = makeScenarioA().map((e) =>
      e.type === 'message' ? { ...e, label: `${e.label}!` } : e,
    )

    const model = toSequenceRows(other, first)

    expect(model.rows[2].label).toBe('Submit Task Payload!')
  })

  it('handles a hundred thousand events in one pass', () => {
    const events: TraceEvent[] = []
    for (let i = 1; i <= 100_000; i++) {
      const vm = `VM_${(i % 16) + 1}`
      events.push({
        seq: i,
        t: i,
        type: 'message',
        from: vm,
        to: 'L2_Z1',
        label: 'Send Heartbeat',
        kind: 'call',
      })
    }

    const model = toSequenceRows(events)

    expect(model.rowCount).toBe(100_000)
    expect(model.participantCount).toBe(17)
  })
})

describe('filterSequenceRows', () => {
  it('keeps only the rows of a task', () => {
    const model = toSequenceRows(makeScenarioA())

    const shown = filterSequenceRows(model, { task: 'Task_101', participant: null })

    expect(shown.indices.map((i) => model.rows[i].seq)).toEqual([3, 4, 6, 7, 8, 9, 10])
  })

  it('keeps only the rows touching a participant', () => {
    const model = toSequenceRows(makeScenarioA())

    const shown = filterSequenceRows(model, { task: null, participant: 'VM_5' })

    expect(shown.indices.map((i) => model.rows[i].seq)).toEqual([1, 5, 7, 8, 11, 12])
  })

  it('scans only new rows when extended with the same filter', () => {
    const events = makeScenarioA()
    const filter = { task: null, participant: 'LB1' }
    const first = toSequenceRows(events.slice(0, 5))
    const before = filterSequenceRows(first, filter)

    const after = filterSequenceRows(toSequenceRows(events, first), filter, before)

    expect(before.count).toBe(4)
    expect(after.indices.slice(0, after.count)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('scans again when the model was rebuilt for another run', () => {
    const filter = { task: null, participant: 'LB1' }
    const before = filterSequenceRows(toSequenceRows(makeScenarioA()), filter)
    const other = toSequenceRows(makeScenarioA().filter((e) => e.type !== 'note'))

    const after = filterSequenceRows(other, filter, before)

    expect(after.indices.map((i) => other.rows[i].seq)).toEqual([3, 4, 6, 7, 8])
  })

  it('shows nothing for a participant that never appears', () => {
    const model = toSequenceRows(makeScenarioA())

    expect(filterSequenceRows(model, { task: null, participant: 'LB9' }).count).toBe(0)
  })
})

describe('getRowDescription', () => {
  it('reads a message with its number, ends and time', () => {
    const model = toSequenceRows(makeScenarioA())

    expect(getRowDescription(model, model.rows[3])).toBe(
      '4. LB1 → L1: Update Task Meta (Status: QUEUED) at 1.005 s',
    )
    expect(getRowDescription(model, model.rows[4])).toBe(
      '5. Note over LB1, VM_5: Scheduling Phase (SBDLB) at 1.005 s',
    )
  })
})
