// Bug reports: one JSON bundle with the seed, config, fault schedule, trace and a screenshot, which
// the lab's import opens again. Also the checks every imported trace gets before it is replayed.
// Pure: no DOM, no files; the export menu saves the bundle and the importer reads it.

import type { SimConfig } from '../../src/model/config'
import { getL2Id, getLbId, getVmId, getVmStride } from '../../src/model/config'
import { parseScenario, type ScenarioDocument, ScenarioError } from '../../src/model/scenario'
import { locateJsonError, MAX_JSON_DEPTH, parseTraceDocument } from '../../src/trace/import'
import { findNestingBeyond } from '../../src/trace/import/parseTraceDocument'
import type { TraceDocument } from '../../src/trace/types'
import type { ShareFault } from './urlState'

export const BUG_REPORT_FORMAT = 'dual-lb-bug-report'

/** The bundle `Bug report` saves. `config` is the trace's own config (every fault that ran). */
export interface BugReport {
  format: typeof BUG_REPORT_FORMAT
  version: 1
  createdBy: string
  seed: number
  config: ScenarioDocument
  faults: ShareFault[]
  /** Simulated ms the playhead was at when the report was made. */
  playheadMs?: number
  note?: string
  /** A PNG of the lab as a data URL. */
  screenshot?: string
  trace: TraceDocument
}

export type ParseBugReportResult = { ok: true; report: BugReport } | { ok: false; error: string }

const KEYS = new Set([
  'format',
  'version',
  'createdBy',
  'seed',
  'config',
  'faults',
  'playheadMs',
  'note',
  'screenshot',
  'trace',
])
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]*={0,2}$/
const MAX_NOTE_CHARS = 10_000

/** A bug report of `trace`; the seed, config and faults are the trace's own. */
export function makeBugReport(input: {
  trace: TraceDocument
  /** A PNG data URL (`data:image/png;base64,…`). */
  screenshotPng?: string
  note?: string
  playheadMs?: number
}): BugReport {
  const config = input.trace.config as ScenarioDocument
  const faults = (config.faults ?? []).map((f) => ({
    atMs: f.atMs,
    target: f.target,
    action: f.action,
  }))
  // Small fields first, the trace last: the head of the file stays readable.
  return {
    format: BUG_REPORT_FORMAT,
    version: 1,
    createdBy: 'Dual-LB Lab',
    seed: input.trace.seed,
    config,
    faults,
    ...(input.playheadMs !== undefined ? { playheadMs: input.playheadMs } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(input.screenshotPng ? { screenshot: input.screenshotPng } : {}),
    trace: input.trace,
  }
}

/**
 * Checks a bug report (its JSON text or the parsed value): every field, the trace as the importer
 * checks it, the config as a scenario, and that the three agree. Never throws.
 */
export function parseBugReport(input: unknown): ParseBugReportResult {
  try {
    return { ok: true, report: readBugReport(input) }
  } catch (err) {
    if (err instanceof ReportError) return { ok: false, error: err.message }
    return { ok: false, error: `(document): could not be read (${String(err)})` }
  }
}

/**
 * Null when the lab can replay `doc`: its config is a valid scenario and every participant its
 * events name exists in that topology; otherwise one message naming the place.
 */
export function checkReplayableTrace(doc: TraceDocument): string | null {
  let config: SimConfig
  try {
    config = parseScenario(doc.config, 'config')
  } catch (err) {
    if (err instanceof ScenarioError) return nestScenarioMessage(err.message, 'config', 'config')
    throw err
  }
  const known = getParticipantIds(config)
  const vmCount = config.zones.reduce((n, z) => n + z.vms.length, 0)
  const unknown = (id: string, where: string): string =>
    `${where}: no participant named ${JSON.stringify(id)} in this trace's topology (${config.zones.length} zones, ${vmCount} VMs)`
  for (let i = 0; i < doc.events.length; i++) {
    const e = doc.events[i]
    const where = `events[${i}]`
    if (e.type === 'message') {
      if (!known.has(e.from)) return unknown(e.from, `${where}.from`)
      if (!known.has(e.to)) return unknown(e.to, `${where}.to`)
    } else if (e.type === 'state') {
      if (!e.entity.startsWith('Task_') && !known.has(e.entity)) {
        return unknown(e.entity, `${where}.entity`)
      }
    } else if (e.type === 'note') {
      const k = e.over.findIndex((id) => !known.has(id))
      if (k >= 0) return unknown(e.over[k], `${where}.over[${k}]`)
    } else if (!known.has(e.target)) {
      return unknown(e.target, `${where}.target`)
    }
  }
  return null
}

/**
 * Rewrites a ScenarioError message `source: path: problem` as `prefix.path: problem`, so a nested
 * scenario names its place in the outer file (`config.topology.zones: …`).
 */
export function nestScenarioMessage(message: string, source: string, prefix: string): string {
  const rest = message.startsWith(`${source}: `) ? message.slice(source.length + 2) : message
  return nestPath(prefix, rest)
}

// `prefix` + an inner message that starts with a path (`events[3].t: …`, `(document): …`).
function nestPath(prefix: string, message: string): string {
  if (message.startsWith('(document)')) return `${prefix}${message.slice('(document)'.length)}`
  if (message.startsWith('[')) return `${prefix}${message}`
  if (/^[A-Za-z_$][\w$]*(?:\[\d+\]|\.[\w$]+)*:/.test(message)) return `${prefix}.${message}`
  return `${prefix}: ${message}`
}

class ReportError extends Error {}

function getParticipantIds(config: SimConfig): Set<string> {
  const ids = new Set(['Dispatcher', 'L1'])
  const stride = getVmStride(config.zones)
  config.zones.forEach((zone, z) => {
    ids.add(getLbId(z + 1))
    ids.add(getL2Id(z + 1))
    for (let i = 1; i <= zone.vms.length; i++) ids.add(getVmId(z + 1, i, stride))
  })
  return ids
}

function readBugReport(input: unknown): BugReport {
  const value = typeof input === 'string' ? readJson(input) : input
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ReportError(
      `(document): expected a JSON object with "format": "${BUG_REPORT_FORMAT}", got ${describeValue(value)}`,
    )
  }
  const doc = value as Record<string, unknown>
  if (doc.format !== BUG_REPORT_FORMAT) {
    throw new ReportError(
      doc.format === undefined
        ? `format: missing; a bug report starts with "format": "${BUG_REPORT_FORMAT}"`
        : `format: expected "${BUG_REPORT_FORMAT}", got ${describeValue(doc.format)}`,
    )
  }
  if (doc.version !== 1) {
    throw new ReportError(
      doc.version === undefined
        ? 'version: missing required field'
        : `version: expected 1 (this build reads bug report version 1), got ${describeValue(doc.version)}`,
    )
  }
  const extra = Object.keys(doc).find((k) => !KEYS.has(k))
  if (extra !== undefined)
    throw new ReportError(`(document): unknown field ${JSON.stringify(extra)}`)
  for (const key of ['createdBy', 'seed', 'config', 'faults', 'trace']) {
    if (doc[key] === undefined) throw new ReportError(`${key}: missing required field`)
  }
  if (typeof doc.createdBy !== 'string') {
    throw new ReportError(`createdBy: expected a string, got ${describeValue(doc.createdBy)}`)
  }
  if (
    !Number.isInteger(doc.seed) ||
    (doc.seed as number) < 0 ||
    (doc.seed as number) > 0xffffffff
  ) {
    throw new ReportError(
      `seed: expected a whole number from 0 to 4294967295, got ${describeValue(doc.seed)}`,
    )
  }
  readOptionalFields(doc)
  const faults = readFaults(doc.faults)
  const trace = readTrace(doc.trace)
  checkAgreement(doc, faults, trace)
  return doc as unknown as BugReport
}

function readJson(text: string): unknown {
  const result = parseJsonDocument(text, 'a JSON bug report')
  if (!result.ok) throw new ReportError(result.error)
  return result.value
}

/**
 * JSON text → value, or one message with the line and column of the first syntax error. Skips a
 * byte-order mark and refuses nesting deeper than any lab file needs before parsing. Never throws.
 * `expected` names the file in the message for an empty one (`a JSON bug report`).
 */
export function parseJsonDocument(
  text: string,
  expected: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '') return { ok: false, error: `the file is empty; expected ${expected}` }
  const tooDeep = findNestingBeyond(body, MAX_JSON_DEPTH)
  if (tooDeep !== null) {
    return {
      ok: false,
      error: `not a lab file: JSON nested deeper than ${MAX_JSON_DEPTH} levels at ${getPlace(body, tooDeep)}`,
    }
  }
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch (err) {
    const found = locateJsonError(body)
    if (found === null) return { ok: false, error: `not valid JSON: ${(err as Error).message}` }
    const near = body.slice(found.offset, found.offset + 24)
    const shown = near === '' ? 'at the end of the file' : `near ${JSON.stringify(near)}`
    return {
      ok: false,
      error: `not valid JSON: ${found.problem} at ${getPlace(body, found.offset)}, ${shown}`,
    }
  }
}

// `line 3, column 13 (position 56)`.
function getPlace(text: string, offset: number): string {
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return `line ${line}, column ${offset - lineStart + 1} (position ${offset})`
}

function readOptionalFields(doc: Record<string, unknown>): void {
  const { playheadMs, note, screenshot } = doc
  if (
    playheadMs !== undefined &&
    (!Number.isSafeInteger(playheadMs) || (playheadMs as number) < 0)
  ) {
    throw new ReportError(
      `playheadMs: expected a non-negative integer, got ${describeValue(playheadMs)}`,
    )
  }
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE_CHARS)) {
    throw new ReportError(
      `note: expected a string of at most ${MAX_NOTE_CHARS} characters, got ${describeValue(note)}`,
    )
  }
  if (
    screenshot !== undefined &&
    (typeof screenshot !== 'string' || !PNG_DATA_URL.test(screenshot))
  ) {
    throw new ReportError(
      `screenshot: expected a PNG data URL (data:image/png;base64,…), got ${describeValue(screenshot)}`,
    )
  }
}

function readFaults(value: unknown): ShareFault[] {
  if (!Array.isArray(value))
    throw new ReportError(`faults: expected an array, got ${describeValue(value)}`)
  return value.map((f: unknown, i) => {
    const where = `faults[${i}]`
    if (f === null || typeof f !== 'object' || Array.isArray(f)) {
      throw new ReportError(`${where}: expected { atMs, target, action }, got ${describeValue(f)}`)
    }
    const { atMs, target, action, ...rest } = f as Record<string, unknown>
    const extra = Object.keys(rest)[0]
    if (extra !== undefined)
      throw new ReportError(`${where}: unknown field ${JSON.stringify(extra)}`)
    if (!Number.isSafeInteger(atMs) || (atMs as number) < 0) {
      throw new ReportError(
        `${where}.atMs: expected a non-negative integer, got ${describeValue(atMs)}`,
      )
    }
    if (typeof target !== 'string') {
      throw new ReportError(`${where}.target: expected a VM or LB id, got ${describeValue(target)}`)
    }
    if (action !== 'crash' && action !== 'restart') {
      throw new ReportError(
        `${where}.action: expected "crash" or "restart", got ${describeValue(action)}`,
      )
    }
    return { atMs: atMs as number, target, action }
  })
}

function readTrace(value: unknown): TraceDocument {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ReportError(`trace: expected a trace object, got ${describeValue(value)}`)
  }
  const result = parseTraceDocument(JSON.stringify(value))
  if (!result.ok) throw new ReportError(nestPath('trace', result.error))
  const problem = checkReplayableTrace(result.doc)
  if (problem !== null) throw new ReportError(nestPath('trace', problem))
  return result.doc
}

// The seed, config and faults are copies of the trace's own; a report where they differ was
// edited by hand, and it is not clear which one to believe.
function checkAgreement(doc: Record<string, unknown>, faults: ShareFault[], trace: TraceDocument) {
  if (doc.seed !== trace.seed) {
    throw new ReportError(
      `seed: ${doc.seed} differs from trace.seed ${trace.seed}; they must agree`,
    )
  }
  if (JSON.stringify(doc.config) !== JSON.stringify(trace.config)) {
    throw new ReportError(
      "config: differs from trace.config; a bug report carries the trace's own config",
    )
  }
  const scheduled = (trace.config as ScenarioDocument).faults ?? []
  if (
    JSON.stringify(faults) !==
    JSON.stringify(scheduled.map((f) => ({ atMs: f.atMs, target: f.target, action: f.action })))
  ) {
    throw new ReportError(
      'faults: differ from config.faults; a bug report lists the faults its config ran',
    )
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value))
    return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (typeof value === 'object') return 'an object'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}
