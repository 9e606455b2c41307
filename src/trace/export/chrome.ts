// Trace → Chrome Trace Event JSON (the "JSON Object Format" Perfetto UI and chrome://tracing open).
// Pure: derives processes, threads, slices, flows and counters from the events; reads nothing else.

import type { MessageEvent, TraceDocument } from '../types'
import { deriveLoadSteps, deriveTasks, deriveVms, getEndMs, type TaskRecord } from './derive'
import { compareParticipants, getIdNumber, getParticipantKind, getZoneOf } from './participants'

/** One Chrome trace event; `ts` and `dur` are in microseconds. */
export interface ChromeTraceEvent {
  name: string
  ph: 'M' | 'X' | 'b' | 'e' | 's' | 'f' | 'i' | 'C'
  pid: number
  tid: number
  ts?: number
  dur?: number
  cat?: string
  /** Async slices: any string; flows: a number (Perfetto reads a string flow id as hex). */
  id?: string | number
  /** Scope of an instant: thread, process or global. */
  s?: 't' | 'p' | 'g'
  /** Flow end binding: `e` binds to the slice enclosing `ts`. */
  bp?: 'e'
  args?: Record<string, unknown>
}

/** The JSON Object Format document. */
export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[]
  displayTimeUnit: 'ms'
  otherData: { format: 'dual-lb-trace'; scenario: string; seed: number }
}

// Process 1 holds the global parts (dispatcher, L1, task lifetimes); zone z is process 1 + z.
const GLOBAL_PID = 1
const OTHER_PID = 9999
const TASKS_TID = 3
const US_PER_MS = 1000

interface Thread {
  pid: number
  tid: number
  name: string
}

class Layout {
  readonly processes = new Map<number, string>()
  readonly threads = new Map<string, Thread>()
  private readonly others = new Map<string, number>()

  /** Process and thread of a participant, registering their names on first use. */
  place(id: string): Thread {
    const cached = this.threads.get(id)
    if (cached !== undefined) return cached
    const kind = getParticipantKind(id)
    const zone = getZoneOf(id)
    let thread: Thread
    if (kind === 'dispatcher') thread = { pid: GLOBAL_PID, tid: 1, name: id }
    else if (kind === 'l1') thread = { pid: GLOBAL_PID, tid: 2, name: id }
    else if (zone !== null) {
      const tid = kind === 'lb' ? 1 : kind === 'l2' ? 2 : 10 + getIdNumber(id)
      thread = { pid: GLOBAL_PID + zone, tid, name: id }
    } else {
      const tid = this.others.get(id) ?? this.others.size + 1
      this.others.set(id, tid)
      thread = { pid: OTHER_PID, tid, name: id }
    }
    this.threads.set(id, thread)
    this.nameProcess(thread.pid)
    return thread
  }

  /** The pseudo-thread that carries task lifetimes. */
  tasks(): Thread {
    const thread = { pid: GLOBAL_PID, tid: TASKS_TID, name: 'Tasks' }
    this.threads.set('\u0000tasks', thread)
    this.nameProcess(GLOBAL_PID)
    return thread
  }

  private nameProcess(pid: number): void {
    if (this.processes.has(pid)) return
    const name =
      pid === GLOBAL_PID
        ? 'Global (Dispatcher, L1, tasks)'
        : pid === OTHER_PID
          ? 'Other participants'
          : `Zone ${pid - GLOBAL_PID}`
    this.processes.set(pid, name)
  }

  metadata(): ChromeTraceEvent[] {
    const out: ChromeTraceEvent[] = []
    for (const [pid, name] of [...this.processes].sort((a, b) => a[0] - b[0])) {
      out.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } })
      out.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } })
    }
    const threads = [...this.threads.values()].sort((a, b) => a.pid - b.pid || a.tid - b.tid)
    for (const { pid, tid, name } of threads) {
      out.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name } })
      out.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } })
    }
    return out
  }
}

function isHeartbeat(message: MessageEvent): boolean {
  return (
    message.kind === 'call' && /heartbeat/i.test(message.label) && !/check/i.test(message.label)
  )
}

function getMessageArgs(message: MessageEvent): Record<string, unknown> {
  const args: Record<string, unknown> = {
    seq: message.seq,
    from: message.from,
    to: message.to,
    kind: message.kind,
  }
  if (message.task !== undefined) args.task = message.task
  if (message.command !== undefined) {
    args.command = [message.command.name, ...message.command.args].join(' ')
  }
  return args
}

// Events sharing one millisecond are spread across it in seq order so their slices never overlap.
function getSubMillisecondSlots(doc: TraceDocument): { ts: number[]; width: number[] } {
  const ts: number[] = []
  const width: number[] = []
  for (let i = 0; i < doc.events.length; ) {
    const t = doc.events[i].t
    let end = i
    while (end < doc.events.length && doc.events[end].t === t) end++
    const slot = US_PER_MS / (end - i)
    for (let k = i; k < end; k++) {
      ts.push(t * US_PER_MS + (k - i) * slot)
      width.push(slot)
    }
    i = end
  }
  return { ts, width }
}

function emitMessage(
  out: ChromeTraceEvent[],
  layout: Layout,
  message: MessageEvent,
  ts: number,
  slot: number,
): void {
  const from = layout.place(message.from)
  const args = getMessageArgs(message)
  if (isHeartbeat(message)) {
    out.push({ name: message.label, ph: 'i', s: 't', cat: 'heartbeat', ts, ...ids(from), args })
    return
  }
  // Half a slot keeps consecutive slices on one thread apart; they nest nowhere.
  const dur = slot / 2
  out.push({ name: message.label, ph: 'X', cat: 'message', ts, dur, ...ids(from), args })
  if (message.kind === 'self' || message.from === message.to) return
  const to = layout.place(message.to)
  // Both flow ends sit mid-slice, so each binds to its enclosing slice whatever the sort order.
  const id = message.seq
  const mid = ts + dur / 2
  out.push({ name: message.label, ph: 'X', cat: 'message', ts, dur, ...ids(to), args })
  out.push({ name: message.label, ph: 's', cat: 'message', id, ts: mid, ...ids(from) })
  out.push({ name: message.label, ph: 'f', bp: 'e', cat: 'message', id, ts: mid, ...ids(to) })
}

function ids(thread: Thread): { pid: number; tid: number } {
  return { pid: thread.pid, tid: thread.tid }
}

// A task is one async slice from arrival to its end, with a nested slice per queue or run span.
function emitTask(out: ChromeTraceEvent[], thread: Thread, task: TaskRecord, endMs: number): void {
  const base = { cat: 'task', id: task.task, ...ids(thread) }
  const stop = task.endMs ?? Math.max(endMs, task.lastMs)
  out.push({
    ...base,
    name: task.task,
    ph: 'b',
    ts: task.arrivalMs * US_PER_MS,
    args: { type: task.type, attempts: task.attempts },
  })
  for (const span of task.spans) {
    const args: Record<string, unknown> = { lb: span.lb }
    if (span.vm !== '') args.vm = span.vm
    if (span.detail !== '') args.detail = span.detail
    out.push({ ...base, name: span.state, ph: 'b', ts: span.startMs * US_PER_MS, args })
    out.push({ ...base, name: span.state, ph: 'e', ts: (span.endMs ?? stop) * US_PER_MS })
  }
  out.push({
    ...base,
    name: task.task,
    ph: 'e',
    ts: stop * US_PER_MS,
    args: { status: task.status === '' ? 'UNKNOWN' : task.status, detail: task.statusDetail },
  })
}

function emitLifecycles(
  out: ChromeTraceEvent[],
  layout: Layout,
  doc: TraceDocument,
  endMs: number,
): void {
  for (const vm of deriveVms(doc)) {
    const thread = layout.place(vm.vm)
    for (const span of vm.spans) {
      const base = { name: span.state, cat: 'vm', id: vm.vm, ...ids(thread) }
      out.push({ ...base, ph: 'b', ts: span.startMs * US_PER_MS })
      out.push({ ...base, ph: 'e', ts: (span.endMs ?? endMs) * US_PER_MS })
    }
  }
}

function emitCounters(out: ChromeTraceEvent[], layout: Layout, doc: TraceDocument): void {
  const global = layout.place('Dispatcher')
  const alive = new Map<string, number>()
  const busy = new Map<string, number>()
  for (const step of deriveLoadSteps(doc)) {
    const ts = step.t * US_PER_MS
    out.push({
      name: 'Tasks',
      ph: 'C',
      ts,
      ...ids(global),
      args: { running: step.running, queued: step.queued, finished: step.finished },
    })
    const zones = new Set<string>()
    const aliveChanged = new Set<string>()
    for (const [key, value] of step.changes) {
      const [what, who] = key.split(':')
      if (what === 'queued' || what === 'running') {
        const thread = layout.place(who)
        const name = what === 'queued' ? `Queue ${who}` : `Running ${who}`
        out.push({ name, ph: 'C', ts, ...ids(thread), args: { tasks: value } })
      } else {
        ;(what === 'alive' ? alive : busy).set(who, value)
        if (what === 'alive') aliveChanged.add(who)
        zones.add(who)
      }
    }
    for (const zone of [...zones].sort()) {
      const thread = layout.place(zone === '0' ? 'Dispatcher' : `LB${zone}`)
      const vms = alive.get(zone) ?? 0
      // Utilisation: share of alive VMs running at least one task, in percent.
      const percent = vms === 0 ? 0 : Math.round((1000 * (busy.get(zone) ?? 0)) / vms) / 10
      if (aliveChanged.has(zone)) {
        out.push({ name: 'Alive VMs', ph: 'C', ts, ...ids(thread), args: { vms } })
      }
      out.push({ name: 'Utilisation %', ph: 'C', ts, ...ids(thread), args: { percent } })
    }
  }
}

/**
 * Chrome Trace Event JSON of the trace: a process per zone plus one for the dispatcher and L1,
 * a thread per LB, L2 and VM, task and VM lifetimes as async slices, messages as flows between
 * tiny slices, heartbeats as instants, and queue, utilisation and alive-VM counters; `ts` in µs.
 */
export function exportChromeTrace(doc: TraceDocument): ChromeTrace {
  const layout = new Layout()
  const endMs = getEndMs(doc)
  const slots = getSubMillisecondSlots(doc)
  // Participants get their threads in seed order, whatever order they first speak in.
  const participants = new Set<string>()
  for (const e of doc.events) {
    if (e.type === 'message') participants.add(e.from).add(e.to)
    else if (e.type === 'fault') participants.add(e.target)
    else if (e.type === 'state' && getParticipantKind(e.entity) !== 'task')
      participants.add(e.entity)
    else if (e.type === 'note') for (const id of e.over) participants.add(id)
  }
  for (const id of [...participants].sort(compareParticipants)) layout.place(id)

  const out: ChromeTraceEvent[] = []
  for (const [i, e] of doc.events.entries()) {
    const ts = slots.ts[i]
    if (e.type === 'message') emitMessage(out, layout, e, ts, slots.width[i])
    else if (e.type === 'fault') {
      const args = { seq: e.seq, target: e.target, action: e.action }
      out.push({
        name: `Fault: ${e.action}`,
        ph: 'i',
        s: 't',
        cat: 'fault',
        ts,
        ...ids(layout.place(e.target)),
        args,
      })
    } else if (e.type === 'note') {
      const thread = e.over.length > 0 ? layout.place(e.over[0]) : layout.place('Dispatcher')
      out.push({
        name: e.text,
        ph: 'i',
        s: 't',
        cat: 'note',
        ts,
        ...ids(thread),
        args: { seq: e.seq, over: e.over },
      })
    } else if (getParticipantKind(e.entity) !== 'task') {
      const args = { seq: e.seq, from: e.from, to: e.to, detail: e.detail ?? '' }
      out.push({
        name: `${e.entity} → ${e.to}`,
        ph: 'i',
        s: 't',
        cat: 'state',
        ts,
        ...ids(layout.place(e.entity)),
        args,
      })
    }
  }
  const tasks = deriveTasks(doc)
  if (tasks.length > 0) {
    const thread = layout.tasks()
    for (const task of tasks) emitTask(out, thread, task, endMs)
  }
  emitLifecycles(out, layout, doc, endMs)
  emitCounters(out, layout, doc)
  // Stable sort by time: per-track emission order (ends before begins at one instant) survives.
  out.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0))

  return {
    traceEvents: [...layout.metadata(), ...out],
    displayTimeUnit: 'ms',
    otherData: { format: 'dual-lb-trace', scenario: String(doc.scenario), seed: doc.seed },
  }
}
