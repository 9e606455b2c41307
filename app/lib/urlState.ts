// A run in the URL: scenario, seed, policy, tuning overrides, the whole fault schedule and the
// playhead, in the hash, so a link reproduces the run exactly. Pure string work, plus two small
// helpers at the end that read and write `window.location`.
//
//   #s=B&seed=3&policy=round-robin&o.timings.vmTimeoutMs=8000&f=VM_5:crash:8000,LB1:crash:20000&t=18000
//   #doc=<base64url of the scenario JSON>&seed=42&policy=sbdlb&t=0          (an imported scenario)

import {
  POLICY_NAMES_FOR_SCENARIO,
  parseScenario,
  type ScenarioDocument,
  ScenarioError,
} from '../../src/model/scenario'
import type { PolicyName } from '../../src/policies/types'
import {
  BUILTIN_SCENARIO_IDS,
  type BuiltinScenarioId,
  getBuiltinScenario,
  isBuiltinScenario,
} from '../../src/scenarios/builtins'
import { encodeBase64Url, encodeUtf8 } from '../../src/trace/export'

/** One fault of the schedule, as in a scenario document. */
export interface ShareFault {
  atMs: number
  target: string
  action: 'crash' | 'restart'
}

/** A built-in scenario by id, or a whole scenario document carried in the link. */
export type ShareScenario =
  | { kind: 'builtin'; id: BuiltinScenarioId }
  | { kind: 'inline'; doc: ScenarioDocument }

/** Scenario sections a link may override field by field (`o.<section>.<field>=value`). */
export const OVERRIDE_SECTIONS = ['timings', 'latencies', 'sbdlb', 'queues', 'trace'] as const
export type OverrideSection = (typeof OVERRIDE_SECTIONS)[number]

/** Config overrides on top of the scenario: sections merged field by field, and `untilMs`. */
export type ShareOverrides = {
  [S in OverrideSection]?: Record<string, number | boolean | string>
} & { untilMs?: number }

/** Everything a link carries. */
export interface ShareState {
  scenario: ShareScenario
  seed: number
  policy: PolicyName
  /** The whole fault schedule (the scenario's own and the user's), in order. */
  faults: ShareFault[]
  overrides?: ShareOverrides
  /** Simulated ms the playhead was at. */
  playheadMs?: number
}

export type DecodeShareResult =
  | { ok: true; state: ShareState | null }
  | { ok: false; error: string }

const MAX_SEED = 0xffffffff
const FAULT_TARGET = /^(?:VM_|LB)[1-9]\d*$/
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9]*$/
const KEYS = new Set(['s', 'doc', 'seed', 'policy', 'f', 't'])

/** Returns the hash (`#s=…`) that {@link decodeShareState} reads back as `state`. */
export function encodeShareState(state: ShareState): string {
  const params: [string, string][] = []
  if (state.scenario.kind === 'builtin') params.push(['s', state.scenario.id])
  else params.push(['doc', encodeBase64Url(encodeUtf8(JSON.stringify(state.scenario.doc)))])
  params.push(['seed', String(state.seed)], ['policy', state.policy])
  for (const [key, value] of getOverrideParams(state.overrides ?? {})) params.push([key, value])
  if (!isSameSchedule(state.faults, getScenarioDocument(state.scenario).faults ?? [])) {
    params.push(['f', state.faults.map((f) => `${f.target}:${f.action}:${f.atMs}`).join(',')])
  }
  if (state.playheadMs !== undefined) params.push(['t', String(state.playheadMs)])
  // Keep `:` and `,` readable; both are legal in a fragment.
  const text = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')
  return `#${text.replace(/%3A/g, ':').replace(/%2C/g, ',')}`
}

/**
 * Reads the share state from a URL (or its hash alone). `state` is null when the URL carries none;
 * a tampered link gets one message naming the parameter and the problem. Never throws.
 */
export function decodeShareState(url: string): DecodeShareResult {
  try {
    return decodeHash(getHash(url))
  } catch (err) {
    if (err instanceof ShareLinkError) return { ok: false, error: `link: ${err.message}` }
    if (err instanceof ScenarioError) return { ok: false, error: err.message }
    return { ok: false, error: `link: could not be read (${String(err)})` }
  }
}

/** The scenario document to load for `state`: its scenario with seed, policy, faults, overrides. */
export function getShareDocument(state: ShareState): ScenarioDocument {
  const doc = getScenarioDocument(state.scenario)
  const out: ScenarioDocument = {
    ...doc,
    seed: state.seed,
    policy: state.policy,
    faults: state.faults.map((f) => ({ ...f })),
  }
  const overrides = state.overrides ?? {}
  for (const section of OVERRIDE_SECTIONS) {
    const fields = overrides[section]
    if (fields) Object.assign(out, { [section]: { ...(doc[section] ?? {}), ...fields } })
  }
  if (overrides.untilMs !== undefined) out.untilMs = overrides.untilMs
  return out
}

/** `https://host/path#s=…`: the link the `Copy link` button copies. */
export function getShareUrl(state: ShareState, location: Pick<Location, 'origin' | 'pathname'>) {
  return `${location.origin}${location.pathname}${encodeShareState(state)}`
}

/** Puts `state` in the address bar without a reload or a history entry. */
export function writeShareStateToUrl(state: ShareState): void {
  window.history.replaceState(window.history.state, '', encodeShareState(state))
}

// A problem with one parameter; decodeShareState prefixes `link: `.
class ShareLinkError extends Error {}

function getHash(url: string): string {
  const at = url.indexOf('#')
  if (at >= 0) return url.slice(at + 1)
  return /^[a-z][a-z0-9+.-]*:/i.test(url) ? '' : url
}

function getScenarioDocument(scenario: ShareScenario): ScenarioDocument {
  return scenario.kind === 'builtin' ? getBuiltinScenario(scenario.id) : scenario.doc
}

function isSameSchedule(a: readonly ShareFault[], b: readonly ShareFault[]): boolean {
  return (
    a.length === b.length &&
    a.every((f, i) => f.atMs === b[i].atMs && f.target === b[i].target && f.action === b[i].action)
  )
}

function getOverrideParams(overrides: ShareOverrides): [string, string][] {
  const params: [string, string][] = []
  for (const section of OVERRIDE_SECTIONS) {
    for (const [field, value] of Object.entries(overrides[section] ?? {})) {
      params.push([`o.${section}.${field}`, String(value)])
    }
  }
  if (overrides.untilMs !== undefined) params.push(['o.untilMs', String(overrides.untilMs)])
  return params
}

function readParams(hash: string): Map<string, string> {
  const params = new Map<string, string>()
  for (const part of hash.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const key = decodePart(eq < 0 ? part : part.slice(0, eq))
    const value = eq < 0 ? '' : decodePart(part.slice(eq + 1))
    if (params.has(key)) throw new ShareLinkError(`${key}: given twice`)
    params.set(key, value)
  }
  return params
}

function decodePart(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new ShareLinkError(`malformed percent-encoding in ${quote(text)}`)
  }
}

function decodeHash(hash: string): DecodeShareResult {
  const params = readParams(hash)
  const isOurs = [...params.keys()].some((k) => KEYS.has(k) || k.startsWith('o.'))
  if (!isOurs) return { ok: true, state: null }
  for (const key of params.keys()) {
    if (!KEYS.has(key) && !key.startsWith('o.')) {
      throw new ShareLinkError(
        `unknown parameter ${quote(key)}; a link has s or doc, seed, policy, o.<section>.<field>, f and t`,
      )
    }
  }

  const scenario = readScenario(params)
  const doc = getScenarioDocument(scenario)
  const state: ShareState = {
    scenario,
    seed: params.has('seed') ? readSeed(params.get('seed') as string) : (doc.seed ?? 1),
    policy: params.has('policy')
      ? readPolicy(params.get('policy') as string)
      : (doc.policy ?? 'sbdlb'),
    faults: params.has('f')
      ? readFaults(params.get('f') as string)
      : (doc.faults ?? []).map((f) => ({ ...f })),
  }
  const overrides = readOverrides(params)
  if (overrides) state.overrides = overrides
  if (params.has('t')) state.playheadMs = readMs('t', params.get('t') as string)

  // The whole document must hold up: targets that exist, override values of the right type.
  try {
    parseScenario(getShareDocument(state), 'link')
  } catch (err) {
    if (err instanceof ScenarioError) throw new ShareLinkError(getParameterOf(err.message, state))
    throw err
  }
  return { ok: true, state }
}

// A problem parseScenario found in the resolved document, named by the link parameter behind it:
// `faults[1].target: …` → `f[1]: …`, `timings.vmTimeoutMs: …` → `o.timings.vmTimeoutMs: …`.
function getParameterOf(message: string, state: ShareState): string {
  const rest = message.replace(/^link: /, '')
  const fault = /^faults\[(\d+)\]\.target: /.exec(rest)
  if (fault && !isSameSchedule(state.faults, getScenarioDocument(state.scenario).faults ?? [])) {
    return `f[${fault[1]}]: ${rest.slice(fault[0].length)}`
  }
  const section = /^(\w+)[.:]/.exec(rest)?.[1]
  const overrides = state.overrides ?? {}
  if (section !== undefined && Object.hasOwn(overrides, section)) return `o.${rest}`
  return rest
}

function readScenario(params: Map<string, string>): ShareScenario {
  const id = params.get('s')
  const docText = params.get('doc')
  if (id !== undefined && docText !== undefined) {
    throw new ShareLinkError(
      's and doc: a link names a built-in scenario (s) or carries one (doc), not both',
    )
  }
  if (docText !== undefined) return { kind: 'inline', doc: readInlineDocument(docText) }
  if (id === undefined) {
    throw new ShareLinkError(
      `s: missing; expected a scenario id (${formatList(BUILTIN_SCENARIO_IDS)}) or doc`,
    )
  }
  if (!isBuiltinScenario(id)) {
    throw new ShareLinkError(
      `s: unknown scenario ${quote(id)}; expected ${formatList(BUILTIN_SCENARIO_IDS)}`,
    )
  }
  return { kind: 'builtin', id }
}

function readInlineDocument(text: string): ScenarioDocument {
  const bytes = decodeBase64Url(text)
  let json: string
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ShareLinkError('doc: not valid UTF-8 after base64url decoding')
  }
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch (err) {
    throw new ShareLinkError(`doc: not valid JSON (${(err as Error).message})`)
  }
  parseScenario(value, 'link: doc')
  return value as ScenarioDocument
}

function decodeBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new ShareLinkError('doc: not valid base64url (expected A–Z, a–z, 0–9, - and _ only)')
  }
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function readSeed(text: string): number {
  const seed = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN
  if (!(seed <= MAX_SEED)) {
    throw new ShareLinkError(
      `seed: expected a whole number from 0 to ${MAX_SEED}, got ${quote(text)}`,
    )
  }
  return seed
}

function readPolicy(text: string): PolicyName {
  const names: readonly string[] = POLICY_NAMES_FOR_SCENARIO
  if (!names.includes(text)) {
    throw new ShareLinkError(`policy: unknown policy ${quote(text)}; expected ${formatList(names)}`)
  }
  return text as PolicyName
}

function readMs(where: string, text: string): number {
  const ms = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(ms)) {
    throw new ShareLinkError(
      `${where}: expected a whole number of simulated ms, got ${quote(text)}`,
    )
  }
  return ms
}

function readFaults(text: string): ShareFault[] {
  if (text === '') return []
  return text.split(',').map((item, i) => {
    const where = `f[${i}]`
    const parts = item.split(':')
    if (parts.length !== 3) {
      throw new ShareLinkError(
        `${where}: expected TARGET:ACTION:MS such as VM_5:crash:8000, got ${quote(item)}`,
      )
    }
    const [target, action, atText] = parts
    if (!FAULT_TARGET.test(target)) {
      throw new ShareLinkError(
        `${where}: target must be a VM or LB id (VM_<n> or LB<k>), got ${quote(target)}`,
      )
    }
    if (action !== 'crash' && action !== 'restart') {
      throw new ShareLinkError(`${where}: action must be crash or restart, got ${quote(action)}`)
    }
    return { atMs: readMs(where, atText), target, action }
  })
}

function readOverrides(params: Map<string, string>): ShareOverrides | undefined {
  const overrides: ShareOverrides = {}
  let any = false
  for (const [key, text] of params) {
    if (!key.startsWith('o.')) continue
    any = true
    if (key === 'o.untilMs') {
      overrides.untilMs = readMs(key, text)
      continue
    }
    const [, section, field, ...rest] = key.split('.')
    if (!(OVERRIDE_SECTIONS as readonly string[]).includes(section)) {
      throw new ShareLinkError(
        `${key}: unknown override; expected o.untilMs or o.<section>.<field> with a section of ${formatList(OVERRIDE_SECTIONS)}`,
      )
    }
    if (field === undefined || !FIELD_NAME.test(field) || rest.length > 0) {
      throw new ShareLinkError(
        `${key}: expected o.${section}.<field>, such as o.timings.vmTimeoutMs`,
      )
    }
    const fields = overrides[section as OverrideSection] ?? {}
    fields[field] = readOverrideValue(text)
    overrides[section as OverrideSection] = fields
  }
  return any ? overrides : undefined
}

// Numbers and booleans come back typed; parseScenario then checks each against its field.
function readOverrideValue(text: string): number | boolean | string {
  if (text === 'true') return true
  if (text === 'false') return false
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text)) return Number(text)
  return text
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)
}

function formatList(items: readonly string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
}
