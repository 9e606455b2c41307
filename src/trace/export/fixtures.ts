// Test-only builders of hand-written traces shaped like the engine's (SPEC §6), until it lands.
// Imported by tests only; it must never be imported by the exporters themselves.

import type { CacheCommand, MessageKind, TraceDocument, TraceEvent } from '../types'

type Unsequenced<E> = E extends TraceEvent ? Omit<E, 'seq'> : never

/** A tiny trace writer: events get `seq` 1, 2, 3… in the order they are added. */
export interface TraceBuilder {
  msg(
    t: number,
    from: string,
    to: string,
    label: string,
    extra?: { kind?: MessageKind; task?: string; command?: CacheCommand },
  ): TraceBuilder
  state(t: number, entity: string, from: string, to: string, detail?: string): TraceBuilder
  note(t: number, over: string[], text: string): TraceBuilder
  fault(t: number, target: string, action: 'crash' | 'restart'): TraceBuilder
  /** Events added so far, in order. */
  events(): TraceEvent[]
  /** The finished document with the given overrides. */
  build(overrides?: Partial<TraceDocument>): TraceDocument
}

/** A fresh builder. */
export function makeTraceBuilder(): TraceBuilder {
  const events: TraceEvent[] = []
  const push = (event: Unsequenced<TraceEvent>): void => {
    events.push({ ...event, seq: events.length + 1 } as TraceEvent)
  }
  const builder: TraceBuilder = {
    msg(t, from, to, label, extra = {}) {
      const kind = extra.kind ?? (from === to ? 'self' : 'call')
      const event: Unsequenced<TraceEvent> = { type: 'message', t, from, to, label, kind }
      if (extra.task !== undefined) event.task = extra.task
      if (extra.command !== undefined) event.command = extra.command
      push(event)
      return builder
    },
    state(t, entity, from, to, detail) {
      push(
        detail === undefined
          ? { type: 'state', t, entity, from, to }
          : {
              type: 'state',
              t,
              entity,
              from,
              to,
              detail,
            },
      )
      return builder
    },
    note(t, over, text) {
      push({ type: 'note', t, over, text })
      return builder
    },
    fault(t, target, action) {
      push({ type: 'fault', t, target, action })
      return builder
    },
    events: () => events.slice(),
    build: (overrides = {}) => ({
      format: 'dual-lb-trace',
      version: 1,
      seed: 1,
      scenario: 'fixture',
      config: { format: 'dual-lb-scenario', version: 1 },
      events: events.slice(),
      ...overrides,
    }),
  }
  return builder
}

const hset = (...args: string[]): { command: CacheCommand } => ({ command: { name: 'HSET', args } })

/**
 * Appends seed diagram A for one task: submission, SBDLB scheduling, execution on `vm` and
 * completion after `runMs`. Returns the time of the completion notice.
 */
export function addNormalExecution(
  b: TraceBuilder,
  opts: { t: number; task: string; lb?: string; vm: string; runMs: number; type?: string },
): number {
  const { t, task, vm, runMs } = opts
  const lb = opts.lb ?? 'LB1'
  const zone = zoneOfLb(lb)
  const l2 = `L2_Z${zone}`
  const n = task.replace('Task_', '')
  const type = opts.type ?? 'Text'

  b.note(t, ['Dispatcher', lb], 'Submission Phase')
  b.msg(t, 'Dispatcher', lb, 'Submit Task Payload', { task })
  b.msg(t + 5, lb, 'L1', 'Update Task Meta (Status: QUEUED)', {
    task,
    ...hset(`Task_Meta_${n}`, 'Status', 'QUEUED'),
  })
  b.state(t + 5, task, 'NEW', 'QUEUED', `${type}, 5000 MI`)
  b.note(t + 5, [lb, vm], 'Scheduling Phase (SBDLB)')
  b.msg(t + 5, lb, lb, 'Retrieve Active VMs from Local Registry', { task })
  b.msg(t + 5, lb, vm, 'Query Real-Time Stats (MIPS, RAM, BW)', { task })
  b.msg(t + 6, vm, lb, 'Return Current Resource Usage', { task, kind: 'reply' })
  b.msg(t + 7, lb, lb, 'Calculate Score & Select Best VM', { task })
  b.note(t + 7, [lb, vm], 'Execution Phase')
  b.msg(t + 7, lb, vm, 'Send Task for Execution', { task })
  b.msg(t + 8, lb, l2, 'Update Task Mapping (Status: RUNNING)', {
    task,
    ...hset(vm, task, 'RUNNING'),
  })
  b.state(t + 8, task, 'QUEUED', 'RUNNING', `on ${vm}`)
  b.note(t + 8, [vm], 'Task Processing...')
  const done = t + 8 + runMs
  b.note(done, [vm, lb], 'Completion Phase')
  b.msg(done, vm, l2, 'Update Task Status (FINISHED)', { task, ...hset(vm, task, 'FINISHED') })
  b.state(done, task, 'RUNNING', 'FINISHED')
  b.msg(done + 1, vm, lb, 'Notify Completion', { task, kind: 'reply' })
  return done + 1
}

function zoneOfLb(lb: string): number {
  return Number(lb.replace('LB', ''))
}

/** Seed diagram A: Task_101 submitted at 1 s, run on VM_5 for 2 s. */
export function makeScenarioATrace(): TraceDocument {
  const b = makeTraceBuilder()
  b.state(0, 'VM_5', 'BOOTING', 'ALIVE')
  addNormalExecution(b, { t: 1000, task: 'Task_101', vm: 'VM_5', runMs: 2000 })
  return b.build({ scenario: 'A', seed: 42 })
}

/**
 * Seed diagram B: VM_5 (running Task_101) crashes at 13 s, LB1's 3 s health check sees its
 * heartbeat of 10 s go stale at 24 s, rescues Task_101 onto VM_6 and restarts VM_5 (ALIVE at 54 s).
 */
export function makeScenarioBTrace(): TraceDocument {
  const b = makeTraceBuilder()
  const heartbeat = (t: number, vm: string): void => {
    b.msg(t, vm, 'L2_Z1', 'Send Heartbeat', hset(vm, 'Last_Heartbeat', String(t)))
  }
  const check = (t: number, vms: string[]): void => {
    for (const vm of vms) {
      b.msg(t, 'LB1', 'L2_Z1', 'Check Last Heartbeat Timestamp', {
        command: { name: 'HGET', args: [vm, 'Last_Heartbeat'] },
      })
    }
  }
  // VM_6 heartbeats at 2 s, 7 s, 12 s… and VM_5 at 0 s, 5 s, 10 s until it crashes.
  const periodic = (from: number, to: number, checked: (t: number) => string[]): void => {
    for (let t = from; t <= to; t += 1000) {
      if (t % 5000 === 0 && t < 13000) heartbeat(t, 'VM_5')
      if (t % 5000 === 2000) heartbeat(t, 'VM_6')
      if (t % 3000 === 0 && t > 0) check(t, checked(t))
    }
  }

  b.state(0, 'VM_5', 'BOOTING', 'ALIVE')
  b.state(0, 'VM_6', 'BOOTING', 'ALIVE')
  b.note(0, ['VM_5', 'L2_Z1'], 'Normal Operation')
  heartbeat(0, 'VM_5')
  addRunningTask(b, { t: 500, task: 'Task_101', vm: 'VM_5' })
  periodic(1000, 12000, () => ['VM_5', 'VM_6'])

  b.fault(13000, 'VM_5', 'crash')
  b.state(13000, 'VM_5', 'ALIVE', 'CRASHED')
  b.note(13000, ['VM_5'], '💥 VM_5 CRASHES 💥')
  b.note(13000, ['LB1', 'L2_Z1'], 'Failure Detection')
  periodic(14000, 24000, () => ['VM_5', 'VM_6'])

  b.msg(24000, 'LB1', 'LB1', 'Detect Timeout (>10s)')
  b.msg(24000, 'LB1', 'L2_Z1', 'Mark VM Status as DEAD', hset('VM_5', 'Status', 'DEAD'))
  b.state(24000, 'VM_5', 'CRASHED', 'DEAD', 'last heartbeat at 10000 ms')
  b.note(24000, ['LB1', 'L2_Z1'], 'Task Rescue')
  b.msg(24000, 'LB1', 'L2_Z1', 'Retrieve All RUNNING Tasks on VM_5', {
    command: { name: 'HGETALL', args: ['VM_5'] },
  })
  b.msg(24000, 'L2_Z1', 'LB1', 'Return Task List (Task_101)', { kind: 'reply' })
  b.msg(24000, 'LB1', 'LB1', 'Move Task_101 to High Priority Queue', { task: 'Task_101' })
  b.state(24000, 'Task_101', 'RUNNING', 'QUEUED', 'rescued from VM_5')
  b.note(24000, ['LB1', 'VM_5'], 'Soft Recovery')
  b.msg(24000, 'LB1', 'VM_5', 'Trigger Restart Command')
  b.msg(
    24001,
    'LB1',
    'L2_Z1',
    'Update VM Status (RESTARTING)',
    hset('VM_5', 'Status', 'RESTARTING'),
  )
  b.state(24001, 'VM_5', 'DEAD', 'RESTARTING')
  b.note(24001, ['VM_5'], '⏳ Booting up (30s delay)...')
  rescheduleTask(b, { t: 24002, task: 'Task_101', vm: 'VM_6', runMs: 2000 })
  periodic(27000, 53000, () => ['VM_6'])

  b.msg(54001, 'VM_5', 'L2_Z1', 'Send First Heartbeat (Status: ALIVE)', {
    ...hset('VM_5', 'Last_Heartbeat', '54001', 'Status', 'ALIVE'),
  })
  b.state(54001, 'VM_5', 'RESTARTING', 'ALIVE')
  b.note(54001, ['LB1'], 'VM_5 added back to Available Pool')
  return b.build({ scenario: 'B', seed: 42 })
}

// Submission and scheduling of a task that is still running when the trace moves on.
function addRunningTask(b: TraceBuilder, opts: { t: number; task: string; vm: string }): void {
  const { t, task, vm } = opts
  const n = task.replace('Task_', '')
  b.note(t, ['Dispatcher', 'LB1'], 'Submission Phase')
  b.msg(t, 'Dispatcher', 'LB1', 'Submit Task Payload', { task })
  b.msg(t + 5, 'LB1', 'L1', 'Update Task Meta (Status: QUEUED)', {
    task,
    ...hset(`Task_Meta_${n}`, 'Status', 'QUEUED'),
  })
  b.state(t + 5, task, 'NEW', 'QUEUED', 'Reel, 900000 MI')
  b.note(t + 5, ['LB1', vm], 'Scheduling Phase (SBDLB)')
  b.msg(t + 5, 'LB1', 'LB1', 'Retrieve Active VMs from Local Registry', { task })
  b.msg(t + 5, 'LB1', vm, 'Query Real-Time Stats (MIPS, RAM, BW)', { task })
  b.msg(t + 6, vm, 'LB1', 'Return Current Resource Usage', { task, kind: 'reply' })
  b.msg(t + 7, 'LB1', 'LB1', 'Calculate Score & Select Best VM', { task })
  b.note(t + 7, ['LB1', vm], 'Execution Phase')
  b.msg(t + 7, 'LB1', vm, 'Send Task for Execution', { task })
  b.msg(t + 8, 'LB1', 'L2_Z1', 'Update Task Mapping (Status: RUNNING)', {
    task,
    ...hset(vm, task, 'RUNNING'),
  })
  b.state(t + 8, task, 'QUEUED', 'RUNNING', `on ${vm}`)
}

// Scheduling of an already queued task (a rescue) up to its completion.
function rescheduleTask(
  b: TraceBuilder,
  opts: { t: number; task: string; vm: string; runMs: number },
): void {
  const { t, task, vm, runMs } = opts
  b.msg(t, 'LB1', 'LB1', 'Retrieve Active VMs from Local Registry', { task })
  b.msg(t, 'LB1', vm, 'Query Real-Time Stats (MIPS, RAM, BW)', { task })
  b.msg(t + 1, vm, 'LB1', 'Return Current Resource Usage', { task, kind: 'reply' })
  b.msg(t + 2, 'LB1', 'LB1', 'Calculate Score & Select Best VM', { task })
  b.msg(t + 2, 'LB1', vm, 'Send Task for Execution', { task })
  b.msg(t + 3, 'LB1', 'L2_Z1', 'Update Task Mapping (Status: RUNNING)', {
    task,
    ...hset(vm, task, 'RUNNING'),
  })
  b.state(t + 3, task, 'QUEUED', 'RUNNING', `on ${vm}`)
  const done = t + 3 + runMs
  b.msg(done, vm, 'L2_Z1', 'Update Task Status (FINISHED)', { task, ...hset(vm, task, 'FINISHED') })
  b.state(done, task, 'RUNNING', 'FINISHED')
  b.msg(done + 1, vm, 'LB1', 'Notify Completion', { task, kind: 'reply' })
}

/**
 * Four tasks over two zones: Task_101 (Text) and Task_102 (Image) finish on zone 1,
 * Task_103 (Reel) finishes on zone 2, Task_104 (Text) is quarantined after its third attempt and
 * Task_105 is still queued when the trace ends at 9 s.
 */
export function makeMixedTrace(): TraceDocument {
  const b = makeTraceBuilder()
  for (const vm of ['VM_5', 'VM_6', 'VM_101']) b.state(0, vm, 'BOOTING', 'ALIVE')
  addNormalExecution(b, { t: 1000, task: 'Task_101', vm: 'VM_5', runMs: 2000, type: 'Text' })
  addNormalExecution(b, { t: 1500, task: 'Task_102', vm: 'VM_6', runMs: 4000, type: 'Image' })
  addNormalExecution(b, {
    t: 2000,
    task: 'Task_103',
    lb: 'LB2',
    vm: 'VM_101',
    runMs: 5000,
    type: 'Reel',
  })
  b.msg(2500, 'Dispatcher', 'LB1', 'Submit Task Payload', { task: 'Task_104' })
  b.state(2505, 'Task_104', 'NEW', 'QUEUED', 'Text, 2000 MI')
  for (const [attempt, t] of [
    [1, 2600],
    [2, 3600],
    [3, 4600],
  ]) {
    b.msg(t, 'LB1', 'VM_5', 'Send Task for Execution', { task: 'Task_104' })
    b.state(t, 'Task_104', 'QUEUED', 'RUNNING', `on VM_5, attempt ${attempt}`)
    if (attempt < 3) {
      b.msg(t + 500, 'LB1', 'LB1', 'Move Task_104 to High Priority Queue', { task: 'Task_104' })
      b.state(t + 500, 'Task_104', 'RUNNING', 'QUEUED', 'task failed on VM_5')
    }
  }
  b.state(5100, 'Task_104', 'RUNNING', 'QUARANTINED', 'failed 3 attempts (limit 3)')
  b.msg(5100, 'LB1', 'L1', 'Update Task Meta (Status: QUARANTINED)', {
    task: 'Task_104',
    ...hset('Task_Meta_104', 'Status', 'QUARANTINED'),
  })
  b.fault(6000, 'VM_6', 'crash')
  b.state(6000, 'VM_6', 'ALIVE', 'CRASHED')
  b.msg(8000, 'Dispatcher', 'LB1', 'Submit Task Payload', { task: 'Task_105' })
  b.state(8005, 'Task_105', 'NEW', 'QUEUED', 'Image, 20000 MI')
  b.msg(9000, 'LB1', 'L1', 'Send Heartbeat', hset('LB_Status', 'LB_1_Heartbeat', '9000'))
  return buildInTimeOrder(b, { scenario: 'mixed', seed: 7 })
}

/** Labels, notes and ids chosen to break a naive Mermaid, CSV or JSON writer. */
export const NASTY_LABELS = [
  'semi; colon',
  'hash # sign and #59; entity',
  'colon: inside : twice',
  '<b>bold</b> & <script>alert(1)</script>',
  '%% not a comment',
  '%%{init: {"theme":"dark"}}%%',
  'line\nbreak\r\nand\ttab',
  'quotes "double" and \'single\'',
  'end',
  'wrap: me',
  'nowrap:',
  'loop',
  '   leading and trailing spaces   ',
  '',
  'emoji 💥⏳ and accents éàü',
  'back\\slash and `backtick` and {braces} [brackets] (parens)',
  'commas, "quoted, field"',
  '->> arrow -->> inside',
  'x'.repeat(300),
  'lone surrogate \ud800 here',
  '+=-@ formula-like',
  'lifestyle:#fff; classDef x:#f00;',
  '#lt; already an entity &amp; &#59; too',
]

/** One message per nasty label, plus a nasty note and a fault without a note. */
export function makeNastyTrace(): TraceDocument {
  const b = makeTraceBuilder()
  NASTY_LABELS.forEach((label, i) => {
    b.msg(i * 10, 'LB1', i % 2 === 0 ? 'VM_5' : 'LB1', label, {
      kind: i % 3 === 2 ? 'reply' : undefined,
      task: 'Task_101',
    })
  })
  b.note(500, ['VM_5', 'LB1'], 'note; with # and : and <tags>')
  b.msg(550, 'LB1', 'weird id; style:#x', 'to a participant SPEC §1 does not know')
  b.fault(600, 'VM_5', 'crash')
  b.state(600, 'Task_101', 'NEW', 'QUEUED', 'Text; "quoted", detail')
  return b.build({ scenario: 'nasty; "scenario"\nname' })
}

/** `tasks` short normal executions, one every 100 ms, over VM_1…VM_8 and both zones. */
export function makeLargeTrace(tasks: number): TraceDocument {
  const b = makeTraceBuilder()
  for (let i = 0; i < tasks; i++) {
    const zone = (i % 2) + 1
    const vm = `VM_${(zone - 1) * 100 + (i % 8) + 1}`
    addNormalExecution(b, { t: i * 100, task: `Task_${101 + i}`, lb: `LB${zone}`, vm, runMs: 50 })
  }
  return buildInTimeOrder(b, { scenario: 'large' })
}

// The helpers append one task at a time; a stable sort by time interleaves them, then renumber.
function buildInTimeOrder(b: TraceBuilder, overrides: Partial<TraceDocument>): TraceDocument {
  const events = b
    .events()
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.t - y.e.t || x.i - y.i)
    .map(({ e }, i) => ({ ...e, seq: i + 1 }))
  return b.build({ ...overrides, events })
}
