// Import of one file: tells a trace, a scenario and a bug report apart by `format`, checks it, and
// answers with the document or one message naming the problem and its place. Never throws and
// never touches the running simulation: the caller decides what to do with the answer.

import type { SimConfig } from '../../../src/model/config'
import { parseScenario, type ScenarioDocument, ScenarioError } from '../../../src/model/scenario'
import { getTraceSizeError, parseTraceDocument } from '../../../src/trace/import'
import type { TraceDocument } from '../../../src/trace/types'
import {
  BUG_REPORT_FORMAT,
  type BugReport,
  checkReplayableTrace,
  parseBugReport,
  parseJsonDocument,
} from '../../lib/bugReport'

export type ImportResult =
  | { ok: true; kind: 'trace'; doc: TraceDocument }
  | { ok: true; kind: 'scenario'; doc: ScenarioDocument; config: SimConfig }
  | { ok: true; kind: 'bug-report'; report: BugReport }
  | { ok: false; error: string }

/** What the lab does with an imported file; exactly one is called per import. */
export interface ImportHandlers {
  /** A checked trace; replay it by loading `doc.config` with `doc.seed`. */
  onTrace(doc: TraceDocument): void
  /** A scenario document as written, and its resolved config. */
  onScenario(doc: ScenarioDocument, config: SimConfig): void
  onBugReport(report: BugReport): void
  /** One line, starting with the file name. */
  onError(message: string): void
}

const FORMATS = `"dual-lb-trace", "dual-lb-scenario" or "${BUG_REPORT_FORMAT}"`
// The engine and the CLI write `format` first, so a trace is known without parsing it twice.
const TRACE_HEAD = /^\ufeff?\s*\{\s*"format"\s*:\s*"dual-lb-trace"/

/** Reads and checks `file`; a file over the size limit is refused before it is read. */
export async function importFile(file: Blob & { name?: string }): Promise<ImportResult> {
  const name = file.name || 'file'
  const sizeError = getTraceSizeError(file.size)
  if (sizeError !== null) return { ok: false, error: `${name}: ${sizeError}` }
  let text: string
  try {
    text = await readFileText(file)
  } catch (err) {
    return { ok: false, error: `${name}: could not read the file (${getReason(err)})` }
  }
  return detectImport(text, name)
}

/** Checks a file's text as a trace, scenario or bug report, by its `format`. Never throws. */
export function detectImport(text: string, fileName = 'file'): ImportResult {
  const fail = (error: string): ImportResult => ({ ok: false, error: `${fileName}: ${error}` })
  try {
    const sizeError = getTraceSizeError(text.length)
    if (sizeError !== null) return fail(sizeError)
    if (TRACE_HEAD.test(text.slice(0, 200))) return checkTrace(text, fail)

    const parsed = parseJsonDocument(text, 'a trace, scenario or bug report (JSON)')
    if (!parsed.ok) return fail(parsed.error)
    const value = parsed.value
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail(
        `(document): expected a JSON object with "format": ${FORMATS}, got ${describeValue(value)}`,
      )
    }
    const format = (value as { format?: unknown }).format
    if (format === 'dual-lb-trace') return checkTrace(text, fail)
    if (format === 'dual-lb-scenario') return checkScenario(value, fileName, fail)
    if (format === BUG_REPORT_FORMAT) {
      const result = parseBugReport(value)
      return result.ok
        ? { ok: true, kind: 'bug-report', report: result.report }
        : fail(result.error)
    }
    if (format === undefined) {
      return fail(`format: missing; a lab file starts with "format": ${FORMATS}`)
    }
    return fail(`format: expected ${FORMATS}, got ${describeValue(format)}`)
  } catch (err) {
    return fail(`could not be read (${getReason(err)})`)
  }
}

/** Calls the handler that fits `result`; a handler that throws is reported through onError. */
export function deliverImport(result: ImportResult, handlers: ImportHandlers): void {
  try {
    if (!result.ok) handlers.onError(result.error)
    else if (result.kind === 'trace') handlers.onTrace(result.doc)
    else if (result.kind === 'scenario') handlers.onScenario(result.doc, result.config)
    else handlers.onBugReport(result.report)
  } catch (err) {
    if (result.ok) handlers.onError(`the file was read but could not be opened (${getReason(err)})`)
  }
}

/** A file's text (UTF-8), through `Blob.text` or, where that is missing, a FileReader. */
export function readFileText(file: Blob): Promise<string> {
  if (typeof file.text === 'function') return file.text()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('the browser could not read it'))
    reader.readAsText(file)
  })
}

function checkTrace(text: string, fail: (error: string) => ImportResult): ImportResult {
  const result = parseTraceDocument(text)
  if (!result.ok) return fail(result.error)
  const problem = checkReplayableTrace(result.doc)
  return problem === null ? { ok: true, kind: 'trace', doc: result.doc } : fail(problem)
}

function checkScenario(
  value: object,
  fileName: string,
  fail: (error: string) => ImportResult,
): ImportResult {
  const version = (value as { version?: unknown }).version
  if (version !== 1) {
    return fail(
      version === undefined
        ? 'version: missing required field'
        : `version: expected 1 (this build reads scenario version 1), got ${describeValue(version)}`,
    )
  }
  try {
    const config = parseScenario(value, fileName)
    return { ok: true, kind: 'scenario', doc: value as ScenarioDocument, config }
  } catch (err) {
    // ScenarioError messages already start with the file name.
    if (err instanceof ScenarioError) return { ok: false, error: err.message }
    throw err
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value))
    return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (typeof value === 'object') return 'an object'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function getReason(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
