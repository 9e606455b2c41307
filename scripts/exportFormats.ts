// Turns a trace document into the files of one export format, for the CLI.

import {
  exportChromeTrace,
  exportJaeger,
  exportMermaid,
  exportMetricsCsv,
  exportRedisLogs,
  exportTaskCsv,
} from '../src/trace/export'
import type { TraceDocument } from '../src/trace/types'
import type { Format } from './cliArgs'

/** Metrics CSV bucket: one row per simulated second. */
const METRICS_BUCKET_MS = 1000

/**
 * [file name, contents] pairs. The first is what stdout or `--out` receives; `csv` adds a metrics
 * file beside the task file, and `redis` gives one `<cache id>.redis` file per cache.
 */
export function exportTrace(
  doc: TraceDocument,
  format: Format,
  opts: { task?: string } = {},
): [string, string][] {
  switch (format) {
    case 'json':
      return [['trace.json', `${JSON.stringify(doc)}\n`]]
    case 'mermaid':
      return [['trace.mmd', exportMermaid(doc, { task: opts.task })]]
    case 'chrome':
      return [['trace.chrome.json', `${JSON.stringify(exportChromeTrace(doc))}\n`]]
    case 'jaeger':
      return [['trace.jaeger.json', `${JSON.stringify(exportJaeger(doc))}\n`]]
    case 'csv':
      return [
        ['tasks.csv', exportTaskCsv(doc)],
        ['metrics.csv', exportMetricsCsv(doc, METRICS_BUCKET_MS)],
      ]
    case 'redis':
      return [...exportRedisLogs(doc.events)].map(([id, text]) => [`${id}.redis`, text])
  }
}
