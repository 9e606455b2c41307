// Trace → CSV (RFC 4180): one row per task, and load metrics per time bucket.
// Pure: every figure is derived from the trace's message and state events; nothing else is read.

import type { TraceDocument } from '../types'
import { deriveLoadSteps, deriveTasks, getEndMs, type LoadStep } from './derive'

/** Columns of {@link exportTaskCsv}, in order. */
export const TASK_CSV_COLUMNS = [
  'task',
  'type',
  'arrival_ms',
  'start_ms',
  'finish_ms',
  'vm',
  'lb',
  'attempts',
  'wait_ms',
  'run_ms',
  'response_ms',
  'status',
  'reason',
] as const

/** Columns of {@link exportMetricsCsv}, in order. */
export const METRICS_CSV_COLUMNS = [
  'bucket_start_ms',
  'bucket_end_ms',
  'running',
  'queued',
  'finished',
  'quarantined',
  'alive_vms',
  'arrivals',
  'completions',
] as const

/** Most rows {@link exportMetricsCsv} writes before asking for a wider bucket. */
export const MAX_METRICS_ROWS = 1_000_000

/** One CSV field, quoted (with doubled quotes) when it holds a comma, quote, CR or LF. */
export function formatCsvField(value: string | number | null): string {
  const text = value === null ? '' : String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function formatCsv(header: readonly string[], rows: (string | number | null)[][]): string {
  // RFC 4180 §2: CRLF after every record, the header included.
  return [header, ...rows].map((row) => `${row.map(formatCsvField).join(',')}\r\n`).join('')
}

/**
 * One row per task: arrival, start of its last run, finish, VM and LB, attempts, then
 * wait (arrival → last start, lost runs included), run (last start → finish) and response
 * (arrival → finish) in ms; blank where the trace never got there.
 */
export function exportTaskCsv(doc: TraceDocument): string {
  const rows = deriveTasks(doc).map((task) => {
    const lastRun = task.spans.filter((s) => s.state === 'RUNNING').at(-1)
    const start = lastRun?.startMs ?? null
    const finish = task.status === 'FINISHED' ? task.endMs : null
    return [
      task.task,
      task.type,
      task.arrivalMs,
      start,
      finish,
      task.vm,
      task.lb,
      task.attempts,
      start === null ? null : start - task.arrivalMs,
      start === null || finish === null ? null : finish - start,
      finish === null ? null : finish - task.arrivalMs,
      task.status,
      task.status === 'QUARANTINED' ? task.statusDetail : '',
    ]
  })
  return formatCsv(TASK_CSV_COLUMNS, rows)
}

/**
 * Load per bucket of `bucketMs` from time 0 to the last event: tasks running, queued,
 * finished and quarantined so far and alive VMs as they stand at the bucket's end, plus the
 * arrivals and completions inside it. Throws RangeError for a bucket that is not a positive
 * integer or would need more than {@link MAX_METRICS_ROWS} rows.
 */
export function exportMetricsCsv(doc: TraceDocument, bucketMs: number): string {
  if (!Number.isInteger(bucketMs) || bucketMs <= 0) {
    throw new RangeError(`exportMetricsCsv: bucketMs must be a positive integer, got [${bucketMs}]`)
  }
  const buckets = Math.floor(getEndMs(doc) / bucketMs) + 1
  if (buckets > MAX_METRICS_ROWS) {
    throw new RangeError(
      `exportMetricsCsv: [${buckets}] buckets of [${bucketMs}] ms exceed [${MAX_METRICS_ROWS}] rows; use a wider bucket`,
    )
  }
  const tasks = deriveTasks(doc)
  const arrivals = new Array<number>(buckets).fill(0)
  const completions = new Array<number>(buckets).fill(0)
  for (const task of tasks) {
    arrivals[Math.floor(task.arrivalMs / bucketMs)]++
    if (task.status === 'FINISHED' && task.endMs !== null) {
      completions[Math.floor(task.endMs / bucketMs)]++
    }
  }

  const steps = deriveLoadSteps(doc)
  const rows: (string | number | null)[][] = []
  let next = 0
  let current: LoadStep | null = null
  for (let b = 0; b < buckets; b++) {
    const end = (b + 1) * bucketMs
    while (next < steps.length && steps[next].t < end) current = steps[next++]
    rows.push([
      b * bucketMs,
      end,
      current?.running ?? 0,
      current?.queued ?? 0,
      current?.finished ?? 0,
      current?.quarantined ?? 0,
      current?.aliveVms ?? 0,
      arrivals[b],
      completions[b],
    ])
  }
  return formatCsv(METRICS_CSV_COLUMNS, rows)
}
