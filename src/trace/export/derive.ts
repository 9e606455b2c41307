// Reads a trace back into per-task and per-VM histories and load over time, for the exporters.
// Pure: derives everything from the events alone and never changes the document it is given.

import type { MessageEvent, TraceDocument, TraceEvent } from '../types'
import { compareParticipants, getIdNumber, getParticipantKind, getZoneOf } from './participants'

/** One stretch of a task in its LB's queue or on a VM; `endMs` null while still open. */
export interface TaskSpan {
  state: 'QUEUED' | 'RUNNING'
  startMs: number
  endMs: number | null
  /** State the task moved to when the span ended ('' while open). */
  next: string
  lb: string
  vm: string
  detail: string
}

/** A task's history as the trace tells it. */
export interface TaskRecord {
  task: string
  /** Text, Image or Reel when the trace says so, else ''. */
  type: string
  /** First event that mentions the task, ms. */
  arrivalMs: number
  /** Last event that mentions the task, ms. */
  lastMs: number
  /** Latest state (QUEUED, RUNNING, FINISHED, QUARANTINED), or '' when it never had one. */
  status: string
  /** `detail` of the latest state event, e.g. a quarantine reason. */
  statusDetail: string
  /** Time it became FINISHED or QUARANTINED, ms, else null. */
  endMs: number | null
  spans: TaskSpan[]
  /** The LB that last handled it and the VM of its latest run ('' when none). */
  lb: string
  vm: string
  /** Number of times it started RUNNING. */
  attempts: number
  /** Messages about it, in trace order. */
  messages: MessageEvent[]
}

/** One stretch of a VM in one lifecycle state. */
export interface VmSpan {
  state: string
  startMs: number
  endMs: number | null
}

/** A VM's lifecycle; a VM with no state event is taken as ALIVE from time 0. */
export interface VmRecord {
  vm: string
  zone: number | null
  spans: VmSpan[]
}

/** Load after every event time where something changed. */
export interface LoadStep {
  t: number
  running: number
  queued: number
  /** Cumulative counts. */
  finished: number
  quarantined: number
  aliveVms: number
  /**
   * Per-key values that changed at `t`: `queued:<LB>`, `running:<VM>`, `alive:<zone>` and
   * `busy:<zone>` (alive VMs with at least one running task).
   */
  changes: Map<string, number>
}

const TASK_MENTION = /Task_(?:Meta_)?([1-9]\d*)\b/g
const TASK_TYPE = /\b(Text|Image|Reel)\b/

/** Ids of the tasks a message is about: its `task`, and tasks its label or command names. */
export function getTasksOfMessage(message: MessageEvent): string[] {
  const found = new Set<string>()
  if (message.task !== undefined) found.add(message.task)
  const texts = [message.label, ...(message.command?.args ?? [])]
  for (const text of texts) {
    for (const match of text.matchAll(TASK_MENTION)) found.add(`Task_${match[1]}`)
  }
  return [...found]
}

// The LB end of a message, preferring the receiver (a hand-over goes to the new LB).
function getLbEnd(message: MessageEvent): string {
  if (getParticipantKind(message.to) === 'lb') return message.to
  if (getParticipantKind(message.from) === 'lb') return message.from
  return ''
}

// The VM end of a message, preferring an LB's call to a VM (the last one before RUNNING wins).
function getVmEnd(message: MessageEvent): string {
  if (getParticipantKind(message.to) === 'vm') return message.to
  if (getParticipantKind(message.from) === 'vm') return message.from
  return ''
}

function getTypeFromConfig(config: unknown, task: string): string {
  if (typeof config !== 'object' || config === null) return ''
  const workload = (config as { workload?: unknown }).workload
  if (typeof workload !== 'object' || workload === null) return ''
  const list = (workload as { kind?: unknown; tasks?: unknown }).tasks
  if ((workload as { kind?: unknown }).kind !== 'list' || !Array.isArray(list)) return ''
  // SPEC §1: task ids count from 101 in arrival order; a stable sort keeps ties in file order.
  const ordered = list
    .map((entry, i) => ({ entry: entry as { atMs?: unknown; type?: unknown }, i }))
    .sort((a, b) => Number(a.entry.atMs ?? 0) - Number(b.entry.atMs ?? 0) || a.i - b.i)
  const entry = ordered[getIdNumber(task) - 101]?.entry
  return typeof entry?.type === 'string' ? entry.type : ''
}

function getTypeFromCommand(message: MessageEvent): string {
  const args = message.command?.args ?? []
  for (let i = 1; i + 1 < args.length; i += 2) {
    if (args[i] === 'Type' && TASK_TYPE.test(args[i + 1])) return args[i + 1]
  }
  return ''
}

/** Every task in the trace, ordered by task number. */
export function deriveTasks(doc: TraceDocument): TaskRecord[] {
  const tasks = new Map<string, TaskRecord>()
  const currentVm = new Map<string, string>()
  const touch = (task: string, t: number): TaskRecord => {
    let record = tasks.get(task)
    if (record === undefined) {
      record = {
        task,
        type: '',
        arrivalMs: t,
        lastMs: t,
        status: '',
        statusDetail: '',
        endMs: null,
        spans: [],
        lb: '',
        vm: '',
        attempts: 0,
        messages: [],
      }
      tasks.set(task, record)
    }
    record.lastMs = Math.max(record.lastMs, t)
    return record
  }

  for (const event of doc.events) {
    if (event.type === 'message') {
      for (const task of getTasksOfMessage(event)) {
        const record = touch(task, event.t)
        record.messages.push(event)
        const lb = getLbEnd(event)
        if (lb !== '') record.lb = lb
        const vm = getVmEnd(event)
        if (vm !== '') currentVm.set(task, vm)
        if (record.type === '') record.type = getTypeFromCommand(event)
      }
    } else if (event.type === 'state' && getParticipantKind(event.entity) === 'task') {
      applyTaskState(touch(event.entity, event.t), event, currentVm.get(event.entity) ?? '')
    }
  }

  for (const record of tasks.values()) {
    if (record.type === '') record.type = getTypeFromConfig(doc.config, record.task)
  }
  return [...tasks.values()].sort((a, b) => compareParticipants(a.task, b.task))
}

function applyTaskState(
  record: TaskRecord,
  event: Extract<TraceEvent, { type: 'state' }>,
  vmGuess: string,
): void {
  const open = record.spans.at(-1)
  if (open !== undefined && open.endMs === null) {
    open.endMs = event.t
    open.next = event.to
  }
  const detail = event.detail ?? ''
  if (record.type === '') record.type = TASK_TYPE.exec(detail)?.[1] ?? ''
  record.status = event.to
  record.statusDetail = detail
  if (event.to === 'QUEUED' || event.to === 'RUNNING') {
    const vm = event.to === 'RUNNING' ? (/\bVM_[1-9]\d*\b/.exec(detail)?.[0] ?? vmGuess) : ''
    record.spans.push({
      state: event.to,
      startMs: event.t,
      endMs: null,
      next: '',
      lb: record.lb,
      vm,
      detail,
    })
    if (event.to === 'RUNNING') {
      record.attempts++
      record.vm = vm
    }
  } else if (event.to === 'FINISHED' || event.to === 'QUARANTINED') {
    record.endMs = event.t
  }
}

function collectVmIds(events: TraceEvent[]): string[] {
  const ids = new Set<string>()
  const add = (id: string): void => {
    if (getParticipantKind(id) === 'vm') ids.add(id)
  }
  for (const event of events) {
    if (event.type === 'message') {
      add(event.from)
      add(event.to)
    } else if (event.type === 'state') add(event.entity)
    else if (event.type === 'fault') add(event.target)
    else for (const id of event.over) add(id)
  }
  return [...ids].sort(compareParticipants)
}

/** Every VM the trace mentions with its lifecycle, ordered by id. */
export function deriveVms(doc: TraceDocument): VmRecord[] {
  const records = new Map<string, VmRecord>()
  for (const vm of collectVmIds(doc.events)) {
    records.set(vm, { vm, zone: getZoneOf(vm), spans: [] })
  }
  for (const event of doc.events) {
    if (event.type !== 'state') continue
    const record = records.get(event.entity)
    if (record === undefined) continue
    const open = record.spans.at(-1)
    if (open === undefined) {
      // Before its first state event a VM was in that event's `from` state since time 0.
      if (event.t > 0) record.spans.push({ state: event.from, startMs: 0, endMs: event.t })
    } else {
      open.endMs = event.t
    }
    record.spans.push({ state: event.to, startMs: event.t, endMs: null })
  }
  for (const record of records.values()) {
    if (record.spans.length === 0) record.spans.push({ state: 'ALIVE', startMs: 0, endMs: null })
  }
  return [...records.values()]
}

interface Delta {
  t: number
  apply: (load: LoadCounter) => void
}

class LoadCounter {
  running = 0
  queued = 0
  finished = 0
  quarantined = 0
  aliveVms = 0
  readonly values = new Map<string, number>()
  readonly changed = new Set<string>()
  private readonly alive = new Map<string, boolean>()

  add(key: string, by: number): void {
    this.values.set(key, (this.values.get(key) ?? 0) + by)
    this.changed.add(key)
  }

  queue(lb: string, by: number): void {
    this.queued += by
    if (lb !== '') this.add(`queued:${lb}`, by)
  }

  run(vm: string, by: number): void {
    const wasBusy = this.isBusy(vm)
    this.running += by
    if (vm === '') return
    this.add(`running:${vm}`, by)
    this.updateBusy(vm, wasBusy)
  }

  setAlive(vm: string, alive: boolean): void {
    const wasBusy = this.isBusy(vm)
    if ((this.alive.get(vm) ?? false) === alive) return
    this.alive.set(vm, alive)
    this.aliveVms += alive ? 1 : -1
    this.add(`alive:${getZoneOf(vm) ?? 0}`, alive ? 1 : -1)
    this.updateBusy(vm, wasBusy)
  }

  private isBusy(vm: string): boolean {
    return (this.alive.get(vm) ?? false) && (this.values.get(`running:${vm}`) ?? 0) > 0
  }

  private updateBusy(vm: string, wasBusy: boolean): void {
    const busy = this.isBusy(vm)
    if (busy !== wasBusy) this.add(`busy:${getZoneOf(vm) ?? 0}`, busy ? 1 : -1)
  }
}

/** Load over time: one step per distinct time at which a count changes, in time order. */
export function deriveLoadSteps(doc: TraceDocument): LoadStep[] {
  const deltas: Delta[] = []
  for (const task of deriveTasks(doc)) {
    for (const span of task.spans) {
      const by = (sign: number) =>
        span.state === 'QUEUED'
          ? (load: LoadCounter) => load.queue(span.lb, sign)
          : (load: LoadCounter) => load.run(span.vm, sign)
      deltas.push({ t: span.startMs, apply: by(1) })
      if (span.endMs !== null) deltas.push({ t: span.endMs, apply: by(-1) })
    }
    if (task.endMs !== null && task.status === 'FINISHED') {
      deltas.push({ t: task.endMs, apply: (load) => load.finished++ })
    } else if (task.endMs !== null && task.status === 'QUARANTINED') {
      deltas.push({ t: task.endMs, apply: (load) => load.quarantined++ })
    }
  }
  for (const vm of deriveVms(doc)) {
    for (const span of vm.spans) {
      if (span.state !== 'ALIVE') continue
      deltas.push({ t: span.startMs, apply: (load) => load.setAlive(vm.vm, true) })
      if (span.endMs !== null) {
        deltas.push({ t: span.endMs, apply: (load) => load.setAlive(vm.vm, false) })
      }
    }
  }
  // Stable sort: at one instant, ends and starts net out before the step is recorded.
  deltas.sort((a, b) => a.t - b.t)

  const load = new LoadCounter()
  const steps: LoadStep[] = []
  for (let i = 0; i < deltas.length; ) {
    const t = deltas[i].t
    while (i < deltas.length && deltas[i].t === t) deltas[i++].apply(load)
    const changes = new Map<string, number>()
    for (const key of load.changed) changes.set(key, load.values.get(key) ?? 0)
    load.changed.clear()
    steps.push({
      t,
      running: load.running,
      queued: load.queued,
      finished: load.finished,
      quarantined: load.quarantined,
      aliveVms: load.aliveVms,
      changes,
    })
  }
  return steps
}

/** Time of the last event, ms (0 for an empty trace). */
export function getEndMs(doc: TraceDocument): number {
  return doc.events.at(-1)?.t ?? 0
}
