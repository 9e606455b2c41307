// Trace → Jaeger JSON (what the Jaeger UI's "Upload JSON" reads): one Jaeger trace per task.
// Pure: spans come from the task histories derived from the events; ids are hashes, not random.

import type { MessageEvent, TraceDocument } from '../types'
import { encodeUtf8 } from './deflate'
import { deriveTasks, deriveVms, getEndMs, type TaskRecord, type TaskSpan } from './derive'
import { getParticipantKind, getZoneOf } from './participants'

/** A Jaeger key/value tag. */
export interface JaegerTag {
  key: string
  type: 'string' | 'bool' | 'int64' | 'float64'
  value: string | boolean | number
}

/** A span; times in microseconds. */
export interface JaegerSpan {
  traceID: string
  spanID: string
  flags: number
  operationName: string
  references: { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[]
  startTime: number
  duration: number
  tags: JaegerTag[]
  logs: { timestamp: number; fields: JaegerTag[] }[]
  processID: string
  warnings: null
}

/** One trace: a task and its spans. */
export interface JaegerTrace {
  traceID: string
  spans: JaegerSpan[]
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>
  warnings: null
}

/** The upload document, shaped like the query API's response. */
export interface JaegerDocument {
  data: JaegerTrace[]
  total: number
  limit: number
  offset: number
  errors: null
}

const US_PER_MS = 1000
const MASK_64 = (1n << 64n) - 1n

/** 16 hex digits of the 64-bit FNV-1a hash of `text`'s UTF-8 bytes. */
export function hashHex64(text: string): string {
  let hash = 0xcbf29ce484222325n
  for (const byte of encodeUtf8(text)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & MASK_64
  return hash.toString(16).padStart(16, '0')
}

function tag(key: string, value: string | number | boolean): JaegerTag {
  if (typeof value === 'boolean') return { key, type: 'bool', value }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { key, type: 'int64', value } : { key, type: 'float64', value }
  }
  return { key, type: 'string', value }
}

interface Draft {
  operationName: string
  startMs: number
  endMs: number
  service: string
  tags: JaegerTag[]
}

// When a run was cut short by its VM crashing, the crash time; else null.
function findCrash(
  crashes: Map<string, number[]>,
  vm: string,
  fromMs: number,
  toMs: number,
): number | null {
  return crashes.get(vm)?.find((t) => t >= fromMs && t <= toMs) ?? null
}

function getCrashTimes(doc: TraceDocument): Map<string, number[]> {
  const crashes = new Map<string, number[]>()
  const add = (vm: string, t: number): void => {
    const list = crashes.get(vm)
    if (list === undefined) crashes.set(vm, [t])
    else list.push(t)
  }
  for (const e of doc.events) {
    if (e.type === 'fault' && e.action === 'crash') add(e.target, e.t)
  }
  for (const vm of deriveVms(doc)) {
    for (const span of vm.spans) if (span.state === 'CRASHED') add(vm.vm, span.startMs)
  }
  for (const list of crashes.values()) list.sort((a, b) => a - b)
  return crashes
}

// SBDLB scheduling starts at the LB's first own step or VM query for the task after it queued.
function findSchedulingStart(task: TaskRecord, span: TaskSpan, endMs: number): number {
  const first = task.messages.find(
    (m) =>
      m.t >= span.startMs &&
      m.t <= endMs &&
      getParticipantKind(m.from) === 'lb' &&
      (m.kind === 'self' || getParticipantKind(m.to) === 'vm'),
  )
  return first?.t ?? endMs
}

function draftSpans(task: TaskRecord, crashes: Map<string, number[]>, stopMs: number): Draft[] {
  const drafts: Draft[] = []
  let attempt = 0
  for (const [i, span] of task.spans.entries()) {
    const endMs = span.endMs ?? stopMs
    const lb = span.lb === '' ? 'LB (unknown)' : span.lb
    if (span.state === 'QUEUED') {
      const scheduled = span.next === 'RUNNING'
      const schedStart = scheduled ? findSchedulingStart(task, span, endMs) : endMs
      const queueTags = [tag('lb', lb), tag('next', span.next === '' ? 'open' : span.next)]
      if (span.detail !== '') queueTags.push(tag('detail', span.detail))
      drafts.push({
        operationName: 'queueing',
        startMs: span.startMs,
        endMs: schedStart,
        service: lb,
        tags: queueTags,
      })
      if (scheduled) {
        const tags = [tag('lb', lb), tag('policy', 'SBDLB')]
        drafts.push({ operationName: 'scheduling', startMs: schedStart, endMs, service: lb, tags })
      }
      continue
    }

    attempt++
    const vm = span.vm === '' ? 'VM (unknown)' : span.vm
    const lost = span.next === 'QUEUED'
    const crashMs = lost ? findCrash(crashes, span.vm, span.startMs, endMs) : null
    const outcome =
      span.next === 'FINISHED'
        ? 'finished'
        : span.next === 'QUARANTINED'
          ? 'quarantined'
          : lost
            ? 'lost'
            : 'running at end of trace'
    const execTags = [
      tag('vm', vm),
      tag('lb', lb),
      tag('attempt', attempt),
      tag('outcome', outcome),
    ]
    if (lost || span.next === 'QUARANTINED') execTags.push(tag('error', true))
    drafts.push({
      operationName: 'execution',
      startMs: span.startMs,
      endMs: crashMs ?? endMs,
      service: vm,
      tags: execTags,
    })
    if (lost) {
      // The rescue runs from the crash (or the failure) to the task's return to a queue.
      const back = task.spans[i + 1]
      const rescuer = back?.lb || lb
      const tags = [tag('vm', vm), tag('lb', rescuer), tag('attempt', attempt)]
      if (crashMs !== null)
        tags.push(tag('vm.crashed_at_ms', crashMs), tag('detection_ms', endMs - crashMs))
      if (back?.detail) tags.push(tag('reason', back.detail))
      drafts.push({
        operationName: 'rescue',
        startMs: crashMs ?? endMs,
        endMs,
        service: rescuer,
        tags,
      })
    }
  }
  return drafts
}

function makeLog(message: MessageEvent): { timestamp: number; fields: JaegerTag[] } {
  const fields = [
    tag('event', message.label),
    tag('from', message.from),
    tag('to', message.to),
    tag('kind', message.kind),
    tag('seq', message.seq),
  ]
  if (message.command !== undefined) {
    fields.push(tag('command', [message.command.name, ...message.command.args].join(' ')))
  }
  return { timestamp: message.t * US_PER_MS, fields }
}

function buildTrace(
  doc: TraceDocument,
  task: TaskRecord,
  crashes: Map<string, number[]>,
): JaegerTrace {
  const traceID =
    hashHex64(`${doc.scenario}|${doc.seed}|${task.task}|a`) +
    hashHex64(`${doc.scenario}|${doc.seed}|${task.task}|b`)
  const stopMs = task.endMs ?? Math.max(getEndMs(doc), task.lastMs)
  const rootEndMs = Math.max(stopMs, task.lastMs)
  const submitter = task.messages[0]?.from === 'Dispatcher' ? 'Dispatcher' : task.lb || 'Dispatcher'
  const status = task.status === '' ? 'UNKNOWN' : task.status
  const rootTags = [
    tag('task', task.task),
    tag('type', task.type === '' ? 'unknown' : task.type),
    tag('status', status),
    tag('attempts', task.attempts),
  ]
  if (task.lb !== '') rootTags.push(tag('lb', task.lb))
  if (task.vm !== '') rootTags.push(tag('vm', task.vm))
  if (task.endMs !== null) rootTags.push(tag('response_ms', task.endMs - task.arrivalMs))
  if (status === 'QUARANTINED') rootTags.push(tag('error', true), tag('reason', task.statusDetail))
  const drafts: Draft[] = [
    {
      operationName: task.task,
      startMs: task.arrivalMs,
      endMs: rootEndMs,
      service: submitter,
      tags: rootTags,
    },
    ...draftSpans(task, crashes, stopMs),
  ]

  const processIds = new Map<string, string>()
  const processes: JaegerTrace['processes'] = {}
  for (const draft of drafts) {
    if (processIds.has(draft.service)) continue
    const id = `p${processIds.size + 1}`
    processIds.set(draft.service, id)
    const zone = getZoneOf(draft.service)
    processes[id] = {
      serviceName: draft.service,
      tags: zone === null ? [] : [tag('zone', zone)],
    }
  }

  const spans: JaegerSpan[] = drafts.map((draft, i) => ({
    traceID,
    spanID: hashHex64(`${traceID}|${i}`),
    flags: 1,
    operationName: draft.operationName,
    references: [],
    startTime: draft.startMs * US_PER_MS,
    duration: Math.max(0, draft.endMs - draft.startMs) * US_PER_MS,
    tags: draft.tags,
    logs: [],
    processID: processIds.get(draft.service) as string,
    warnings: null,
  }))
  const root = spans[0]
  for (const span of spans.slice(1)) {
    span.references.push({ refType: 'CHILD_OF', traceID, spanID: root.spanID })
  }
  // A message goes to the latest child running when it is sent (start < t ≤ end, so the one
  // that closes a rescue stays in it), else to a child starting right then, else to the root.
  const children = spans.slice(1)
  for (const message of task.messages) {
    const at = message.t * US_PER_MS
    const inside = children.filter((s) => s.startTime < at && at <= s.startTime + s.duration)
    const home = inside.at(-1) ?? children.find((s) => s.startTime === at) ?? root
    home.logs.push(makeLog(message))
  }
  return { traceID, spans, processes, warnings: null }
}

/**
 * Jaeger JSON with one trace per task: a root span for the task's life and child spans for each
 * queueing, SBDLB scheduling, execution attempt and rescue; messages about the task as span logs.
 */
export function exportJaeger(doc: TraceDocument): JaegerDocument {
  const crashes = getCrashTimes(doc)
  const data = deriveTasks(doc).map((task) => buildTrace(doc, task, crashes))
  return { data, total: data.length, limit: 0, offset: 0, errors: null }
}
