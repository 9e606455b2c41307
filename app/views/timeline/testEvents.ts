import type { TraceEvent } from '../../../src/trace/types'

/** Test builder: scenario A's messages in the seed's order, then a crash of VM_5. */
export function makeScenarioEvents(): TraceEvent[] {
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

/** Test builder: `count` heartbeat messages from 16 VMs, one per ms, with a phase note first. */
export function makeHeartbeats(count: number): TraceEvent[] {
  const events: TraceEvent[] = [
    { seq: 1, t: 0, type: 'note', over: ['LB1'], text: 'Normal Operation' },
  ]
  for (let seq = 2; seq <= count; seq++) {
    const from = `VM_${(seq % 16) + 1}`
    events.push({
      seq,
      t: seq,
      type: 'message',
      from,
      to: 'L2_Z1',
      label: 'Send Heartbeat',
      kind: 'call',
    })
  }
  return events
}
