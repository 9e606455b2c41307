// What each Export menu item saves: its label, its file name and the bytes, built from the trace
// with the pure exporters of src/trace/export or from a snapshot of a view. No React; the menu
// only chooses an item and hands the file to the download helper.

import {
  exportChromeTrace,
  exportJaeger,
  exportMermaid,
  exportMetricsCsv,
  exportRedisLogs,
  exportTaskCsv,
  getEndMs,
  MAX_METRICS_ROWS,
  mermaidLiveUrl,
} from '../../../src/trace/export'
import type { TraceDocument } from '../../../src/trace/types'
import { makeBugReport } from '../../lib/bugReport'
import { type SnapshotView, snapshotToPng, snapshotView } from '../../lib/svgSnapshot'
import { makeStoredZip } from './storedZip'

export type ExportItemId =
  | 'json'
  | 'mermaid'
  | 'mermaid-task'
  | 'mermaid-live'
  | 'chrome'
  | 'jaeger'
  | 'tasks-csv'
  | 'metrics-csv'
  | 'redis'
  | 'topology-svg'
  | 'topology-png'
  | 'timeline-svg'
  | 'timeline-png'
  | 'bug-report'

export interface ExportItem {
  id: ExportItemId
  label: string
  /** A tooltip: what the file is and which tool opens it. */
  hint: string
  group: 'trace' | 'view' | 'report'
}

/** A file to save. */
export interface ExportFile {
  name: string
  blob: Blob
}

/** Where the files come from. */
export interface ExportSources {
  getTrace(): Promise<TraceDocument>
  /** `dual-lb-B-seed3`, see getFileBase. */
  fileBase: string
  selectedTask: string | null
  /** Simulated ms of the playhead, recorded in a bug report. */
  playheadMs?: number
  /** A PNG data URL of the lab for a bug report, or undefined to go without. */
  getScreenshot(): Promise<string | undefined>
}

/** An export that cannot be made; the message is for the user. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExportError'
  }
}

/** Metrics rows cover one simulated second each, as in the CLI, unless the run is too long. */
export const METRICS_BUCKET_MS = 1000

const JSON_TYPE = 'application/json'
const TEXT_TYPE = 'text/plain;charset=utf-8'
const CSV_TYPE = 'text/csv;charset=utf-8'
const SVG_TYPE = 'image/svg+xml'

/** The menu's items, in order; `Mermaid (selected task)` only while a task is selected. */
export function getExportItems(selectedTask: string | null): ExportItem[] {
  const items: (ExportItem | null)[] = [
    {
      id: 'json',
      label: 'Trace (JSON)',
      group: 'trace',
      hint: 'The trace itself; Import opens it again',
    },
    {
      id: 'mermaid',
      label: 'Mermaid diagram',
      group: 'trace',
      hint: 'A sequenceDiagram of the run (.mmd)',
    },
    selectedTask === null
      ? null
      : {
          id: 'mermaid-task',
          label: 'Mermaid (selected task)',
          group: 'trace',
          hint: `A sequenceDiagram of ${selectedTask} only`,
        },
    {
      id: 'mermaid-live',
      label: 'Open in mermaid.live',
      group: 'trace',
      hint:
        selectedTask === null
          ? 'The run in the Mermaid live editor'
          : `${selectedTask} in the Mermaid live editor`,
    },
    {
      id: 'chrome',
      label: 'Perfetto / Chrome trace',
      group: 'trace',
      hint: 'Chrome Trace Event JSON: drop it on ui.perfetto.dev',
    },
    { id: 'jaeger', label: 'Jaeger', group: 'trace', hint: 'Jaeger JSON: Search → Upload JSON' },
    { id: 'tasks-csv', label: 'Tasks (CSV)', group: 'trace', hint: 'One row per task' },
    {
      id: 'metrics-csv',
      label: 'Metrics (CSV)',
      group: 'trace',
      hint: 'One row per simulated second',
    },
    {
      id: 'redis',
      label: 'Redis logs',
      group: 'trace',
      hint: 'A ZIP with one redis-cli command file per cache (L1.redis, L2_Z1.redis, …)',
    },
    {
      id: 'topology-svg',
      label: 'Topology (SVG)',
      group: 'view',
      hint: 'The topology view as drawn',
    },
    {
      id: 'topology-png',
      label: 'Topology (PNG)',
      group: 'view',
      hint: 'The topology view as drawn',
    },
    {
      id: 'timeline-svg',
      label: 'Timeline (SVG)',
      group: 'view',
      hint: 'The timeline rows on screen',
    },
    {
      id: 'timeline-png',
      label: 'Timeline (PNG)',
      group: 'view',
      hint: 'The timeline rows on screen',
    },
    {
      id: 'bug-report',
      label: 'Bug report',
      group: 'report',
      hint: 'Seed, config, faults, trace and a screenshot in one file; Import opens it again',
    },
  ]
  return items.filter((item) => item !== null)
}

/** The mermaid.live link of the selected task's diagram, or of the whole run's. */
export async function getMermaidLiveLink(sources: ExportSources): Promise<string> {
  const doc = await sources.getTrace()
  const code = exportMermaid(doc, sources.selectedTask ? { task: sources.selectedTask } : {})
  return mermaidLiveUrl(code)
}

/** Builds the file of one menu item (every item but `Open in mermaid.live`). */
export async function makeExportFile(
  id: Exclude<ExportItemId, 'mermaid-live'>,
  sources: ExportSources,
): Promise<ExportFile> {
  const base = sources.fileBase
  switch (id) {
    case 'topology-svg':
    case 'timeline-svg': {
      const view = id === 'topology-svg' ? 'topology' : 'timeline'
      return {
        name: `${base}.${view}.svg`,
        blob: new Blob([snapshotView(view).svg], { type: SVG_TYPE }),
      }
    }
    case 'topology-png':
    case 'timeline-png': {
      const view: SnapshotView = id === 'topology-png' ? 'topology' : 'timeline'
      return { name: `${base}.${view}.png`, blob: await snapshotToPng(snapshotView(view)) }
    }
    default:
      return makeTraceFile(id, await sources.getTrace(), sources)
  }
}

async function makeTraceFile(
  id: Exclude<ExportItemId, 'mermaid-live' | `${SnapshotView}-${'svg' | 'png'}`>,
  doc: TraceDocument,
  sources: ExportSources,
): Promise<ExportFile> {
  const base = sources.fileBase
  const text = (name: string, parts: string | string[], type: string): ExportFile => ({
    name,
    blob: new Blob(typeof parts === 'string' ? [parts] : parts, { type }),
  })
  switch (id) {
    case 'json':
      return text(`${base}.trace.json`, getTraceJsonParts(doc), JSON_TYPE)
    case 'mermaid':
      return text(`${base}.mmd`, exportMermaid(doc), TEXT_TYPE)
    case 'mermaid-task': {
      const task = sources.selectedTask
      if (task === null) throw new ExportError('select a task first')
      return text(`${base}.${task}.mmd`, exportMermaid(doc, { task }), TEXT_TYPE)
    }
    case 'chrome':
      return text(`${base}.chrome.json`, `${JSON.stringify(exportChromeTrace(doc))}\n`, JSON_TYPE)
    case 'jaeger':
      return text(`${base}.jaeger.json`, `${JSON.stringify(exportJaeger(doc))}\n`, JSON_TYPE)
    case 'tasks-csv':
      return text(`${base}.tasks.csv`, exportTaskCsv(doc), CSV_TYPE)
    case 'metrics-csv':
      return text(`${base}.metrics.csv`, exportMetricsCsv(doc, getMetricsBucketMs(doc)), CSV_TYPE)
    case 'redis':
      return makeRedisZip(doc, base)
    case 'bug-report': {
      const screenshotPng = await sources.getScreenshot().catch(() => undefined)
      const report = makeBugReport({ trace: doc, screenshotPng, playheadMs: sources.playheadMs })
      // The report's small fields, then the trace in the CLI's one-event-per-line layout.
      const head = JSON.stringify({ ...report, trace: undefined }).slice(0, -1)
      const parts = [`${head},"trace":`, ...getTraceJsonParts(doc, ''), '}\n']
      return text(`${base}.bug-report.json`, parts, JSON_TYPE)
    }
  }
}

/**
 * The trace as JSON in the CLI's layout (the header on one line, then one event per line), in
 * pieces of about 64 kB so a long run never becomes one giant string.
 */
export function getTraceJsonParts(doc: TraceDocument, end = '\n'): string[] {
  const head = JSON.stringify({ ...doc, events: [] }).slice(0, -2)
  const parts = [head]
  let chunk = ''
  for (let i = 0; i < doc.events.length; i++) {
    chunk += (i ? ',\n' : '\n') + JSON.stringify(doc.events[i])
    if (chunk.length > 1 << 16) {
      parts.push(chunk)
      chunk = ''
    }
  }
  parts.push(`${chunk}\n]}${end}`)
  return parts
}

/** One second per row, or the smallest whole number of seconds that keeps the rows in bounds. */
export function getMetricsBucketMs(doc: TraceDocument): number {
  const rows = Math.floor(getEndMs(doc) / METRICS_BUCKET_MS) + 1
  if (rows <= MAX_METRICS_ROWS) return METRICS_BUCKET_MS
  return Math.ceil(rows / MAX_METRICS_ROWS) * METRICS_BUCKET_MS
}

// One `<cache>.redis` file per cache in a folder named like the archive, as the CLI's
// `--format redis --out DIR` writes them.
function makeRedisZip(doc: TraceDocument, base: string): ExportFile {
  const logs = exportRedisLogs(doc.events)
  if (logs.size === 0) {
    throw new ExportError(
      'this trace has no cache commands (trace detail "state" leaves them out); run it with detail "full" or "messages"',
    )
  }
  const encoder = new TextEncoder()
  const files = [...logs].map(([cache, text]) => ({
    name: `${base}-redis/${cache}.redis`,
    data: encoder.encode(text),
  }))
  const zip = makeStoredZip(files)
  return { name: `${base}.redis.zip`, blob: new Blob([zip], { type: 'application/zip' }) }
}
