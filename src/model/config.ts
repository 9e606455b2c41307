// The resolved run configuration (SPEC §1–2, §4, §5 defaults) and its id scheme. Plain data only:
// no engine state, no I/O. Scenario documents are parsed into this shape by scenario.ts.

import type { PolicyName, SbdlbParams, TaskType } from '../policies/types'

/** One VM's size; `mips` is per PE, as in "4 PEs × 10,000 MIPS". */
export interface VmSpec {
  pes: number
  mips: number
  ramMb: number
  bwMbps: number
}

export interface ZoneSpec {
  vms: VmSpec[]
}

/** Every timing of SPEC §2, in ms. */
export interface Timings {
  vmHeartbeatMs: number
  healthCheckMs: number
  vmTimeoutMs: number
  vmRestartMs: number
  lbHeartbeatMs: number
  lbCheckMs: number
  lbTimeoutMs: number
  lbRestartMs: number
  /** The dispatcher re-submits a task when no LB has accepted it after this long. */
  dispatchTimeoutMs: number
}

/** Network and cache latencies, in whole ms (SPEC §2: 1 ms, 5 ms, 0.2 ms rounded to 0). */
export interface Latencies {
  intraZoneMs: number
  crossZoneMs: number
  cacheMs: number
}

/** Queue behaviour of SPEC §4.1. */
export interface QueueParams {
  agingMs: number
  retryLimit: number
  stealBatch: number
  workStealing: boolean
}

/** One task type's share of a Poisson workload and its length range (also SBDLB's range). */
export interface TaskTypeMix {
  share: number
  minMi: number
  maxMi: number
}

export type TaskMix = Record<TaskType, TaskTypeMix>

export interface ListedTask {
  atMs: number
  type: TaskType
  lengthMi: number
  pes?: number
  /** Zone the dispatcher routes the task to; round robin over zones when absent. */
  zone?: number
}

export type Workload =
  | { kind: 'poisson'; ratePerSecond: number; durationMs: number; mix: TaskMix }
  | { kind: 'list'; tasks: ListedTask[]; mix?: TaskMix }

export interface Fault {
  atMs: number
  target: string
  action: 'crash' | 'restart'
}

/**
 * How much the trace records: `full` adds every periodic heartbeat and health check; `messages`
 * omits those periodic ones; `state` keeps only state changes, faults and phase notes.
 */
export type TraceDetail = 'full' | 'messages' | 'state'

export interface SimConfig {
  name: string
  seed: number
  policy: PolicyName
  zones: ZoneSpec[]
  timings: Timings
  latencies: Latencies
  sbdlb: SbdlbParams
  queues: QueueParams
  /** Normalisation ranges per task type (SPEC §5 step 3). */
  mix: TaskMix
  workload: Workload
  faults: Fault[]
  untilMs?: number
  traceDetail: TraceDetail
  /**
   * Simulate every heartbeat and health check as its own event even when the trace omits them
   * (always so at detail `full`). Off, they are derived at the ticks whose outcome is observed.
   */
  periodicEvents: boolean
}

/** SPEC §2 defaults. */
export const DEFAULT_TIMINGS: Timings = {
  vmHeartbeatMs: 5000,
  healthCheckMs: 3000,
  vmTimeoutMs: 10000,
  vmRestartMs: 30000,
  lbHeartbeatMs: 5000,
  lbCheckMs: 3000,
  lbTimeoutMs: 10000,
  lbRestartMs: 5000,
  dispatchTimeoutMs: 1000,
}

export const DEFAULT_LATENCIES: Latencies = { intraZoneMs: 1, crossZoneMs: 5, cacheMs: 0 }

export const DEFAULT_QUEUES: QueueParams = {
  agingMs: 5000,
  retryLimit: 3,
  stealBatch: 5,
  workStealing: true,
}

export const DEFAULT_SBDLB: SbdlbParams = { threshold: 3, weightMips: 1, weightRam: 1, weightBw: 1 }

/** SPEC §4 default task mix. */
export const DEFAULT_MIX: TaskMix = {
  Text: { share: 0.5, minMi: 1000, maxMi: 10000 },
  Image: { share: 0.3, minMi: 10000, maxMi: 100000 },
  Reel: { share: 0.2, minMi: 100000, maxMi: 1000000 },
}

/** SPEC §1 sizes. */
export const VM_SIZES = {
  small: { pes: 1, mips: 2500, ramMb: 2048, bwMbps: 1000 },
  medium: { pes: 2, mips: 5000, ramMb: 4096, bwMbps: 1000 },
  large: { pes: 4, mips: 10000, ramMb: 8192, bwMbps: 1000 },
} as const satisfies Record<string, VmSpec>

// The default mix repeats every 8 VMs: S M S M L S M S, so VM_5 is a zone's first large VM (the
// one SBDLB picks in scenario A: the largest free VM wins, ties to the lowest id).
const SIZE_CYCLE = [
  'small',
  'medium',
  'small',
  'medium',
  'large',
  'small',
  'medium',
  'small',
] as const

/** The default size of the `i`-th VM of a zone (0-based). */
export function getDefaultVmSpec(i: number): VmSpec {
  return { ...VM_SIZES[SIZE_CYCLE[i % SIZE_CYCLE.length]] }
}

/**
 * Stride between zones' VM numbers: 100 as in SPEC §1 (zone 2 starts at VM_101) while every zone
 * has at most 100 VMs, else the next power of ten, so 1,000 VMs per zone number zone 2 from 1001.
 */
export function getVmStride(zones: readonly ZoneSpec[]): number {
  let max = 0
  for (const z of zones) max = Math.max(max, z.vms.length)
  let stride = 100
  while (stride < max) stride *= 10
  return stride
}

/** Trace id of VM `i` (1-based) of zone `z` (1-based). */
export function getVmId(z: number, i: number, stride: number): string {
  return `VM_${(z - 1) * stride + i}`
}

const zoneNames: string[] = []

/** `Zone_<z>`, as L1 writes it; one string per zone, so hot cache writes reuse it. */
export function getZoneName(z: number): string {
  let name = zoneNames[z]
  if (name === undefined) {
    name = `Zone_${z}`
    zoneNames[z] = name
  }
  return name
}

const smallInts = Array.from({ length: 64 }, (_, i) => String(i))

/** `String(n)`, reusing one string for the small counts written on every task. */
export const formatCount = (n: number): string => smallInts[n] ?? String(n)

/** Trace ids of the zone's LB and L2 cache. */
export const getLbId = (z: number): string => `LB${z}`
export const getL2Id = (z: number): string => `L2_Z${z}`
export const getTaskId = (n: number): string => `Task_${n}`
export const FIRST_TASK_NUMBER = 101
