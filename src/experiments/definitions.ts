// The experiments of issue 5 item 6 as data: variants (policies), settings, and how each run's
// scenario document is built. Pure builders; running them is runExperiment.ts's job.

import { DEFAULT_MIX, type ListedTask, type SimConfig, type TaskMix } from '../model/config'
import { parseScenario, type ScenarioDocument } from '../model/scenario'
import type { PolicyName } from '../policies/types'
import {
  DUAL_LB_TASK_KINDS,
  type ExperimentSize,
  getDualLbDatacenter,
  getKindRanges,
  getSpecMixKinds,
  makeBatch,
  scaleCount,
  type TaskKind,
} from './workloads'

/** Names the CLI and the lab accept. */
export const EXPERIMENT_NAMES = ['dual-lb-comparison', 'sbdlb-s1', 'sbdlb-s2', 'sbdlb-s4'] as const
/** One of EXPERIMENT_NAMES. */
export type ExperimentName = (typeof EXPERIMENT_NAMES)[number]

/** A column of results: a policy, or the dual-LB proposal (SBDLB plus queues and stealing). */
export interface ExperimentVariant {
  id: string
  label: string
  policy: PolicyName
}

/** One point of the experiment's sweep (or its single setting). */
export interface ExperimentSetting {
  id: string
  label: string
  /** The swept value (VMs per datacenter, datacenters), or null when nothing is swept. */
  value: number | null
}

/** Tasks a row is restricted to (S-4's peak and off-peak hours); `all` keeps every task. */
export interface ExperimentSubset {
  id: string
  label: string
  /** Hours of the day (0–23) whose batches belong to the subset; null = every task. */
  hours: readonly number[] | null
}

/** A published claim drawn as a reference line: `variant` lower than `against` by `pct` %. */
export interface ReferenceClaim {
  metric: 'responseMean' | 'runMean' | 'cost'
  variant: string
  against: string
  reductionPct: number
  text: string
}

/** A run's document plus the SBDLB normalisation ranges of its task kinds (see toSimConfig). */
export interface BuiltRun {
  doc: ScenarioDocument
  ranges: TaskMix
}

/** An experiment: its variants, settings, subsets, claims and how a run is built. */
export interface ExperimentDefinition {
  name: ExperimentName
  title: string
  description: string
  /** What the settings sweep, for axis titles; empty when there is a single setting. */
  settingLabel: string
  variants: readonly ExperimentVariant[]
  /** Variant the `vs_baseline` columns compare against, or null. */
  baseline: string | null
  subsets: readonly ExperimentSubset[]
  references: readonly ReferenceClaim[]
  getSettings(size: ExperimentSize): ExperimentSetting[]
  build(
    variant: ExperimentVariant,
    setting: ExperimentSetting,
    seed: number,
    size: ExperimentSize,
  ): BuiltRun
}

/**
 * Aging threshold that never fires within an experiment (≈ 31 years of simulated time, still exact
 * in the event queue's keys), for runs that model a policy without the dual-LB proposal's aging.
 */
export const NO_AGING_MS = 1e12

const ALL_TASKS: readonly ExperimentSubset[] = [{ id: 'all', label: 'all tasks', hours: null }]
const PLAIN_QUEUES = { workStealing: false, agingMs: NO_AGING_MS } as const

function makeDoc(
  name: string,
  seed: number,
  policy: PolicyName,
  topology: ScenarioDocument['topology'],
  tasks: ListedTask[],
  queues: ScenarioDocument['queues'],
): ScenarioDocument {
  return {
    format: 'dual-lb-scenario',
    version: 1,
    name,
    seed,
    policy,
    topology,
    queues,
    workload: { kind: 'list', tasks },
    trace: { detail: 'state' },
  }
}

/**
 * The engine input of a built run. The experiments' task sizes are not the SPEC §4 mix, so the
 * list workload carries its own length ranges (SBDLB's normalisation ranges); a trace of the run
 * then replays with them.
 */
export function toSimConfig(run: BuiltRun, source = 'experiment'): SimConfig {
  const workload =
    run.doc.workload.kind === 'list' ? { ...run.doc.workload, mix: run.ranges } : run.doc.workload
  return parseScenario({ ...run.doc, workload }, source)
}

// ---- dual-lb-comparison ---------------------------------------------------------------------

const DATACENTERS = 4

const dualLbComparison: ExperimentDefinition = {
  name: 'dual-lb-comparison',
  title: 'Dual-LB comparison (4 datacenters, 72 VMs, 2,000 tasks at t = 0)',
  description:
    'The dual-LB project: four baselines with one LB per datacenter (4 zones, the dispatcher round-robins tasks over them, no aging or work stealing), and the proposal: two LBs, each owning two datacenters, with priority queues, aging, SBDLB and work stealing.',
  settingLabel: '',
  variants: [
    { id: 'round-robin', label: 'Round robin', policy: 'round-robin' },
    { id: 'weighted-round-robin', label: 'Weighted round robin', policy: 'weighted-round-robin' },
    { id: 'honey-bee', label: 'Honey bee', policy: 'honey-bee' },
    { id: 'sbdlb', label: 'SBDLB', policy: 'sbdlb' },
    { id: 'dual-lb', label: 'Dual-LB proposal', policy: 'sbdlb' },
  ],
  baseline: null,
  subsets: ALL_TASKS,
  references: [],
  getSettings: () => [{ id: 'default', label: '4 datacenters', value: null }],
  build(variant, _setting, seed, size) {
    const kinds = DUAL_LB_TASK_KINDS.map((k) => ({
      ...k,
      count: scaleCount(k.count, size.taskScale),
    }))
    const tasks = makeBatch(kinds, seed, 'experiment:dual-lb-comparison')
    const dcs = Array.from({ length: DATACENTERS }, () => getDualLbDatacenter(size.vmScale))
    const proposal = variant.id === 'dual-lb'
    // The proposal's two LBs own two datacenters each; every baseline LB owns one.
    const zones = proposal
      ? [{ vms: [...dcs[0], ...dcs[1]] }, { vms: [...dcs[2], ...dcs[3]] }]
      : dcs.map((vms) => ({ vms }))
    const name = `dual-lb-comparison: ${variant.label}`
    return {
      doc: makeDoc(name, seed, variant.policy, { zones }, tasks, proposal ? {} : PLAIN_QUEUES),
      ranges: getKindRanges(kinds),
    }
  },
}

// ---- the SBDLB paper's scenarios ------------------------------------------------------------

const PAPER_VARIANTS: readonly ExperimentVariant[] = [
  { id: 'throttled', label: 'Throttled', policy: 'throttled' },
  { id: 'sbdlb', label: 'SBDLB', policy: 'sbdlb' },
]
/** Tasks per S-1/S-2 batch (assumed: the paper's description gives no count we could read). */
export const PAPER_BATCH_TASKS = 1000
/** S-4: hourly batches, larger in the peak hours 09:00–16:59 (assumed). */
export const S4_PEAK_HOURS: readonly number[] = [9, 10, 11, 12, 13, 14, 15, 16]
/** S-4 tasks per batch in a peak and an off-peak hour (assumed). */
export const S4_PEAK_BATCH = 1000
/** S-4 tasks per off-peak batch (assumed). */
export const S4_OFF_PEAK_BATCH = 250
/** S-4 topology: 2 datacenters × 20 VMs of the SPEC §1 size mix (assumed). */
export const S4_DATACENTERS = 2
/** VMs per S-4 datacenter. */
export const S4_VMS_PER_DATACENTER = 20
const HOUR_MS = 3_600_000

function paperRun(
  name: string,
  variant: ExperimentVariant,
  seed: number,
  zones: number,
  vmsPerZone: number,
  tasks: ListedTask[],
): BuiltRun {
  return {
    doc: makeDoc(name, seed, variant.policy, { zones, vmsPerZone }, tasks, PLAIN_QUEUES),
    ranges: structuredClone(DEFAULT_MIX),
  }
}

function sweep(from: number, to: number, step: number, scale: number, label: string) {
  const out: ExperimentSetting[] = []
  for (let v = from; v <= to; v += step) {
    const value = scaleCount(v, scale)
    out.push({ id: String(value), label: `${value} ${label}`, value })
  }
  return out
}

const s1: ExperimentDefinition = {
  name: 'sbdlb-s1',
  title: 'SBDLB paper S-1: VMs per datacenter 10 → 80 (SBDLB vs throttled)',
  description:
    'One datacenter with 10, 20, … 80 VMs of the SPEC §1 size mix; one batch of 1,000 SPEC §4 tasks at t = 0; SBDLB against throttled, neither with aging or work stealing.',
  settingLabel: 'VMs per datacenter',
  variants: PAPER_VARIANTS,
  baseline: 'throttled',
  subsets: ALL_TASKS,
  references: [
    {
      metric: 'responseMean',
      variant: 'sbdlb',
      against: 'throttled',
      reductionPct: 34,
      text: 'paper: 34 % lower average response time',
    },
    {
      metric: 'runMean',
      variant: 'sbdlb',
      against: 'throttled',
      reductionPct: 13,
      text: 'paper: 13 % lower processing time (average over its scenarios)',
    },
  ],
  getSettings: (size) => sweep(10, 80, 10, size.vmScale, 'VMs'),
  build(variant, setting, seed, size) {
    const kinds = getSpecMixKinds(scaleCount(PAPER_BATCH_TASKS, size.taskScale))
    const tasks = makeBatch(kinds, seed, 'experiment:sbdlb-s1')
    return paperRun(
      `sbdlb-s1: ${variant.label}, ${setting.label}`,
      variant,
      seed,
      1,
      setting.value ?? 10,
      tasks,
    )
  },
}

const s2: ExperimentDefinition = {
  name: 'sbdlb-s2',
  title: 'SBDLB paper S-2: datacenters 1 → 8 (SBDLB vs throttled)',
  description:
    '1 to 8 datacenters (one zone and LB each) of 10 VMs of the SPEC §1 size mix; one batch of 1,000 SPEC §4 tasks at t = 0 that the dispatcher round-robins over datacenters; SBDLB against throttled.',
  settingLabel: 'datacenters',
  variants: PAPER_VARIANTS,
  baseline: 'throttled',
  subsets: ALL_TASKS,
  references: [
    {
      metric: 'responseMean',
      variant: 'sbdlb',
      against: 'throttled',
      reductionPct: 37,
      text: 'paper: 37 % lower average response time',
    },
    {
      metric: 'runMean',
      variant: 'sbdlb',
      against: 'throttled',
      reductionPct: 13,
      text: 'paper: 13 % lower processing time (average over its scenarios)',
    },
  ],
  getSettings: () => sweep(1, 8, 1, 1, 'datacenters'),
  build(variant, setting, seed, size) {
    const kinds = getSpecMixKinds(scaleCount(PAPER_BATCH_TASKS, size.taskScale))
    const tasks = makeBatch(kinds, seed, 'experiment:sbdlb-s2')
    const vms = scaleCount(10, size.vmScale)
    return paperRun(
      `sbdlb-s2: ${variant.label}, ${setting.label}`,
      variant,
      seed,
      setting.value ?? 1,
      vms,
      tasks,
    )
  },
}

/** The 24 hourly batches of S-4, each from its own stream so batches do not shift each other. */
export function makeS4Tasks(seed: number, size: ExperimentSize): ListedTask[] {
  const tasks: ListedTask[] = []
  for (let hour = 0; hour < 24; hour++) {
    const n = S4_PEAK_HOURS.includes(hour) ? S4_PEAK_BATCH : S4_OFF_PEAK_BATCH
    const kinds: TaskKind[] = getSpecMixKinds(scaleCount(n, size.taskScale))
    tasks.push(...makeBatch(kinds, seed, `experiment:sbdlb-s4:hour-${hour}`, hour * HOUR_MS))
  }
  return tasks
}

const OFF_PEAK_HOURS = Array.from({ length: 24 }, (_, h) => h).filter(
  (h) => !S4_PEAK_HOURS.includes(h),
)

const s4: ExperimentDefinition = {
  name: 'sbdlb-s4',
  title: 'SBDLB paper S-4: 24 hours of peak and off-peak batches (SBDLB vs throttled)',
  description:
    '2 datacenters × 20 VMs of the SPEC §1 size mix; a batch of SPEC §4 tasks on every hour, 1,000 in the peak hours 09:00–16:59 and 250 otherwise (12,000 tasks); rows for the whole day and for the peak and off-peak batches.',
  settingLabel: '',
  variants: PAPER_VARIANTS,
  baseline: 'throttled',
  subsets: [
    { id: 'all', label: 'whole day', hours: null },
    { id: 'peak', label: 'peak hours', hours: S4_PEAK_HOURS },
    { id: 'off-peak', label: 'off-peak hours', hours: OFF_PEAK_HOURS },
  ],
  references: [
    {
      metric: 'cost',
      variant: 'sbdlb',
      against: 'throttled',
      reductionPct: 15,
      text: 'paper: 15 % lower cost over 24 hours',
    },
  ],
  getSettings: () => [{ id: 'day', label: '24 hours', value: null }],
  build(variant, _setting, seed, size) {
    const tasks = makeS4Tasks(seed, size)
    const vms = scaleCount(S4_VMS_PER_DATACENTER, size.vmScale)
    return paperRun(`sbdlb-s4: ${variant.label}`, variant, seed, S4_DATACENTERS, vms, tasks)
  },
}

const DEFINITIONS: Record<ExperimentName, ExperimentDefinition> = {
  'dual-lb-comparison': dualLbComparison,
  'sbdlb-s1': s1,
  'sbdlb-s2': s2,
  'sbdlb-s4': s4,
}

/** True when `name` is one of EXPERIMENT_NAMES. */
export function isExperimentName(name: string): name is ExperimentName {
  return (EXPERIMENT_NAMES as readonly string[]).includes(name)
}

/** The definition of experiment `name`. */
export function getExperiment(name: ExperimentName): ExperimentDefinition {
  return DEFINITIONS[name]
}
