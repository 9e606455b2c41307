// Turns a trace document into the files of one export format, for the CLI.

import type { TraceDocument } from '../src/trace/types'
import type { Format } from './cliArgs'

/** [file name, contents] pairs; one pair except for `redis` (one file per cache). */
export function exportTrace(
  doc: TraceDocument,
  format: Format,
  opts: { task?: string } = {},
): [string, string][] {
  // TODO(#4): wire the Mermaid, Chrome, Jaeger, CSV and Redis exporters from src/trace/export.
  void opts
  return [[`trace.${format}`, `${JSON.stringify(doc)}\n`]]
}
