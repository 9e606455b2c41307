// Scenario documents (SPEC §8): parse and validate JSON into a SimConfig. Pure: no file system, no
// engine. Every rejection is a ScenarioError naming the field, the value and what was expected.

import { z } from 'zod'
import { POLICY_NAMES } from '../policies'
import type { PolicyName } from '../policies/types'
import {
  DEFAULT_LATENCIES,
  DEFAULT_MIX,
  DEFAULT_QUEUES,
  DEFAULT_SBDLB,
  DEFAULT_TIMINGS,
  getDefaultVmSpec,
  getLbId,
  getVmId,
  getVmStride,
  type SimConfig,
  type TaskMix,
  type ZoneSpec,
} from './config'

export type ScenarioErrorCode = 'not-json' | 'invalid-field' | 'unknown-target' | 'too-large'

/** An expected failure: the input is wrong. `message` says what and where. */
export class ScenarioError extends Error {
  readonly code: ScenarioErrorCode
  constructor(code: ScenarioErrorCode, message: string) {
    super(message)
    this.name = 'ScenarioError'
    this.code = code
  }
}

/** Policy names a scenario may give: the policies module's own list. */
export const POLICY_NAMES_FOR_SCENARIO = POLICY_NAMES as readonly [PolicyName, ...PolicyName[]]

/** Upper bounds that keep a bad file from exhausting memory; generous for real experiments. */
export const LIMITS = { zones: 64, vmsPerZone: 5000, listedTasks: 2_000_000, faults: 10_000 }

const ms = z.number().int().nonnegative()
const positiveMs = z.number().int().positive()
const taskType = z.enum(['Text', 'Image', 'Reel'])

const vmSpec = z.strictObject({
  pes: z.number().int().positive().max(1024),
  mips: z.number().positive(),
  ramMb: z.number().positive(),
  bwMbps: z.number().positive(),
})

const topology = z.union([
  z.strictObject({
    zones: z.number().int().min(1).max(LIMITS.zones),
    vmsPerZone: z.number().int().min(1).max(LIMITS.vmsPerZone),
  }),
  z.strictObject({
    zones: z
      .array(z.strictObject({ vms: z.array(vmSpec).min(1).max(LIMITS.vmsPerZone) }))
      .min(1)
      .max(LIMITS.zones),
  }),
])

const typeMix = z.strictObject({
  share: z.number().min(0).max(1),
  minMi: z.number().positive(),
  maxMi: z.number().positive(),
})

const mix = z.strictObject({ Text: typeMix, Image: typeMix, Reel: typeMix })

const workload = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('poisson'),
    ratePerSecond: z.number().positive().max(100_000),
    durationMs: ms,
    mix: mix.optional(),
  }),
  z.strictObject({
    kind: z.literal('list'),
    /** Length ranges (SBDLB's normalisation ranges); shares are unused for a list. */
    mix: mix.optional(),
    tasks: z
      .array(
        z.strictObject({
          atMs: ms,
          type: taskType,
          lengthMi: z.number().positive(),
          pes: z.number().int().positive().optional(),
          zone: z.number().int().positive().optional(),
        }),
      )
      .max(LIMITS.listedTasks),
  }),
])

const scenarioSchema = z.strictObject({
  format: z.literal('dual-lb-scenario'),
  version: z.literal(1),
  name: z.string().max(200).optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  policy: z.enum(POLICY_NAMES_FOR_SCENARIO).optional(),
  topology,
  timings: z
    .strictObject({
      vmHeartbeatMs: positiveMs,
      healthCheckMs: positiveMs,
      vmTimeoutMs: positiveMs,
      vmRestartMs: ms,
      lbHeartbeatMs: positiveMs,
      lbCheckMs: positiveMs,
      lbTimeoutMs: positiveMs,
      lbRestartMs: ms,
      dispatchTimeoutMs: positiveMs,
    })
    .partial()
    .optional(),
  latencies: z.strictObject({ intraZoneMs: ms, crossZoneMs: ms, cacheMs: ms }).partial().optional(),
  sbdlb: z
    .strictObject({
      threshold: z.number().int().positive(),
      weightMips: z.number().nonnegative(),
      weightRam: z.number().nonnegative(),
      weightBw: z.number().nonnegative(),
    })
    .partial()
    .optional(),
  queues: z
    .strictObject({
      agingMs: positiveMs,
      retryLimit: z.number().int().positive(),
      stealBatch: z.number().int().positive(),
      workStealing: z.boolean(),
    })
    .partial()
    .optional(),
  workload,
  faults: z
    .array(
      z.strictObject({
        atMs: ms,
        target: z.string(),
        action: z.enum(['crash', 'restart']),
      }),
    )
    .max(LIMITS.faults)
    .optional(),
  untilMs: ms.optional(),
  trace: z
    .strictObject({
      detail: z.enum(['full', 'messages', 'state']),
      periodic: z.boolean().optional(),
    })
    .optional(),
})

/** The scenario document as written (SPEC §8 plus the optional tuning sections). */
export type ScenarioDocument = z.input<typeof scenarioSchema>

function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out || '(document)'
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[p]
  }
  return v
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing'
  const text = JSON.stringify(v)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** Parses scenario JSON text; throws ScenarioError on any problem. */
export function parseScenarioText(text: string, source = 'scenario'): SimConfig {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new ScenarioError('not-json', `${source}: not valid JSON (${(err as Error).message})`)
  }
  return parseScenario(json, source)
}

/** Validates a scenario document and resolves every default; throws ScenarioError. */
export function parseScenario(input: unknown, source = 'scenario'): SimConfig {
  const result = scenarioSchema.safeParse(input)
  if (!result.success) {
    const issue = result.error.issues[0]
    const path = issue.path as PropertyKey[]
    let message = issue.message
    if (issue.code === 'unrecognized_keys') {
      message = `unknown field ${issue.keys.map((k) => `[${k}]`).join(', ')}`
    } else if (!(issue.code === 'invalid_value' && path.length === 0)) {
      message += ` (got ${describeValue(valueAt(input, path))})`
    }
    throw new ScenarioError('invalid-field', `${source}: ${formatPath(path)}: ${message}`)
  }
  const doc = result.data
  const zones: ZoneSpec[] =
    typeof doc.topology.zones === 'number'
      ? Array.from({ length: doc.topology.zones }, () => ({
          vms: Array.from({ length: (doc.topology as { vmsPerZone: number }).vmsPerZone }, (_, i) =>
            getDefaultVmSpec(i),
          ),
        }))
      : doc.topology.zones.map((zone) => ({ vms: zone.vms.map((vm) => ({ ...vm })) }))
  const mixIn: TaskMix = doc.workload.mix ?? DEFAULT_MIX
  checkMix(mixIn, source)
  const config: SimConfig = {
    name: doc.name ?? '',
    seed: doc.seed ?? 1,
    policy: doc.policy ?? 'sbdlb',
    zones,
    timings: { ...DEFAULT_TIMINGS, ...doc.timings },
    latencies: { ...DEFAULT_LATENCIES, ...doc.latencies },
    sbdlb: { ...DEFAULT_SBDLB, ...doc.sbdlb },
    queues: { ...DEFAULT_QUEUES, ...doc.queues },
    mix: structuredClone(mixIn),
    workload:
      doc.workload.kind === 'poisson'
        ? { ...doc.workload, mix: structuredClone(mixIn) }
        : {
            kind: 'list',
            tasks: doc.workload.tasks.map((t) => ({ ...t })),
            ...(doc.workload.mix ? { mix: structuredClone(mixIn) } : {}),
          },
    faults: (doc.faults ?? []).map((f) => ({ ...f })),
    untilMs: doc.untilMs,
    traceDetail: doc.trace?.detail ?? 'full',
    periodicEvents: doc.trace?.periodic ?? (doc.trace?.detail ?? 'full') === 'full',
  }
  checkReferences(config, source)
  return config
}

function checkMix(mix: TaskMix, source: string): void {
  for (const type of ['Text', 'Image', 'Reel'] as const) {
    const m = mix[type]
    if (m.minMi > m.maxMi) {
      throw new ScenarioError(
        'invalid-field',
        `${source}: workload.mix.${type}: minMi [${m.minMi}] is above maxMi [${m.maxMi}]`,
      )
    }
  }
  const total = mix.Text.share + mix.Image.share + mix.Reel.share
  if (total <= 0) {
    throw new ScenarioError('invalid-field', `${source}: workload.mix: the shares add up to 0`)
  }
}

function checkReferences(config: SimConfig, source: string): void {
  const stride = getVmStride(config.zones)
  const vmIds = new Set<string>()
  const lbIds = new Set<string>()
  config.zones.forEach((zone, z) => {
    lbIds.add(getLbId(z + 1))
    for (let i = 1; i <= zone.vms.length; i++) vmIds.add(getVmId(z + 1, i, stride))
  })
  config.faults.forEach((fault, i) => {
    const where = `${source}: faults[${i}].target`
    if (vmIds.has(fault.target)) {
      if (fault.action === 'restart') {
        throw new ScenarioError(
          'invalid-field',
          `${where}: [${fault.target}] is a VM; a VM cannot be restarted by a fault, its LB restarts it after a crash (use "crash")`,
        )
      }
    } else if (!lbIds.has(fault.target)) {
      throw new ScenarioError(
        'unknown-target',
        `${where}: no VM or LB named [${fault.target}] in this topology (LBs: ${[...lbIds].join(', ')}; VMs: ${getVmId(1, 1, stride)}...)`,
      )
    }
  })
  if (config.workload.kind === 'list') {
    config.workload.tasks.forEach((task, i) => {
      if (task.zone !== undefined && task.zone > config.zones.length) {
        throw new ScenarioError(
          'invalid-field',
          `${source}: workload.tasks[${i}].zone: [${task.zone}] but the topology has ${config.zones.length} zone(s)`,
        )
      }
    })
  }
}
