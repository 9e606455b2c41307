// Pure adapters from a run's trace (SPEC §6 events) to time series and failure facts: response
// percentiles, throughput, queue lengths, VM utilisation over time, fault windows, rescue times.
// Reads only the events passed in (state events suffice, so trace detail `state` works); no engine.

import type { TraceEvent } from '../trace/types'
import { getQuantile } from './stats'

/** A crash as the charts shade it: crash → declared dead → capacity back (null while open). */
export interface FaultWindow {
  kind: 'vm' | 'lb'
  target: string
  startMs: number
  detectedMs: number | null
  endMs: number | null
}

/** Equal-width time bins over [0, endMs); every array has one entry per bin. */
export interface MetricSeries {
  binMs: number
  endMs: number
  /** Start of each bin (ms). */
  times: number[]
  /** Response time (ms) percentiles of the tasks finishing in the bin; null when none did. */
  responseP50: (number | null)[]
  responseP95: (number | null)[]
  responseP99: (number | null)[]
  /** Tasks finished per simulated second. */
  throughput: number[]
  /** Time-weighted mean number of tasks QUEUED (accepted by an LB, not running) in the bin. */
  queued: number[]
  /** Time-weighted mean number of tasks RUNNING in the bin. */
  running: number[]
  /** VM ids in number order, the heatmap's rows. */
  vmIds: string[]
  /** `utilisation[v][b]`: fraction of bin b during which VM v was ALIVE with ≥ 1 task. */
  utilisation: number[][]
  faults: FaultWindow[]
}

/** What the run metrics take from the trace. */
export interface TraceFacts {
  /** Time-weighted mean and maximum of the number of QUEUED tasks over [0, endMs]. */
  queueMean: number
  queueMax: number
  /** Per lost attempt: its VM's crash → the task RUNNING again (ms). */
  rescueMs: number[]
  /** Time attempts ran on VMs before those VMs crashed (work lost), summed (ms). */
  lostAttemptMs: number
  faults: FaultWindow[]
}

interface Scan {
  endMs: number
  binMs: number
  bins: number
  finishedAt: number[][]
  queued: Float64Array
  running: Float64Array
  utilisation: Map<string, Float64Array>
  facts: TraceFacts
}

const TAKEOVER_NOTE = /^Zone (\d+) Resources now managed by (\S+)$/
const BACK_IN_POOL_NOTE = /^(VM_\d+) added (?:back )?to Available Pool$/
const ON_VM = /(VM_\d+)/

/** Adds `weight × overlap` of [from, to) to each bin it overlaps (no-op when `bins` is empty). */
function spread(bins: Float64Array, binMs: number, from: number, to: number, weight: number): void {
  if (bins.length === 0 || to <= from || weight === 0) return
  let b = Math.max(0, Math.floor(from / binMs))
  while (b < bins.length && b * binMs < to) {
    const lo = Math.max(from, b * binMs)
    const hi = Math.min(to, (b + 1) * binMs)
    if (hi > lo) bins[b] += weight * (hi - lo)
    b++
  }
}

const vmNumber = (id: string): number => Number(id.slice(3))

// One pass over the events. Order matters only within a millisecond, and the engine's `seq` order
// is what the trace holds, so the scan follows the array as given.
function scanTrace(events: readonly TraceEvent[], endMs: number, bins: number): Scan {
  const binMs = bins > 0 ? Math.max(1, Math.ceil(endMs / bins)) : 1
  const scan: Scan = {
    endMs,
    binMs,
    bins,
    finishedAt: Array.from({ length: bins }, () => []),
    queued: new Float64Array(bins),
    running: new Float64Array(bins),
    utilisation: new Map(),
    facts: { queueMean: 0, queueMax: 0, rescueMs: [], lostAttemptMs: 0, faults: [] },
  }
  const arrival = new Map<string, number>()
  const taskVm = new Map<string, string>()
  const attemptStart = new Map<string, number>()
  const rescuedAfterCrash = new Map<string, number>()
  const vmState = new Map<string, string>()
  const vmActive = new Map<string, number>()
  const busySince = new Map<string, number>()
  const openFault = new Map<string, FaultWindow>()
  const zoneOwner = new Map<number, string>()
  let queued = 0
  let running = 0
  let lastT = 0
  let queueArea = 0

  const advance = (t: number) => {
    if (t <= lastT) return
    spread(scan.queued, binMs, lastT, t, queued)
    spread(scan.running, binMs, lastT, t, running)
    queueArea += queued * (t - lastT)
    lastT = t
  }
  const rowOf = (vm: string) => {
    let row = scan.utilisation.get(vm)
    if (!row) {
      row = new Float64Array(bins)
      scan.utilisation.set(vm, row)
    }
    return row
  }
  const isBusy = (vm: string) => vmState.get(vm) === 'ALIVE' && (vmActive.get(vm) ?? 0) > 0
  // Runs `change` on a VM and opens or closes its busy stretch if busy-ness flipped.
  const touchVm = (vm: string, t: number, change: () => void) => {
    const before = isBusy(vm)
    change()
    const after = isBusy(vm)
    if (!before && after) busySince.set(vm, t)
    if (before && !after) spread(rowOf(vm), binMs, busySince.get(vm) ?? t, t, 1)
  }
  const openWindow = (kind: 'vm' | 'lb', target: string, t: number) => {
    if (openFault.has(target)) return
    const w: FaultWindow = { kind, target, startMs: t, detectedMs: null, endMs: null }
    openFault.set(target, w)
    scan.facts.faults.push(w)
  }
  const closeWindow = (target: string, t: number) => {
    const w = openFault.get(target)
    if (!w) return
    w.endMs = t
    openFault.delete(target)
  }

  for (const e of events) {
    advance(e.t)
    if (e.type === 'message') {
      if (e.from === 'Dispatcher' && e.task && !arrival.has(e.task)) arrival.set(e.task, e.t)
      continue
    }
    if (e.type === 'note') {
      const takeover = TAKEOVER_NOTE.exec(e.text)
      if (takeover) {
        const zone = Number(takeover[1])
        const previous = zoneOwner.get(zone) ?? `LB${zone}`
        zoneOwner.set(zone, takeover[2])
        if (previous !== takeover[2]) closeWindow(previous, e.t)
      }
      const back = BACK_IN_POOL_NOTE.exec(e.text)
      if (back) closeWindow(back[1], e.t)
      continue
    }
    if (e.type === 'fault') continue
    const id = e.entity
    if (id.startsWith('Task_')) {
      onTaskState(e.t, id, e.from, e.to, e.detail ?? '')
    } else if (id.startsWith('VM_')) {
      rowOf(id)
      touchVm(id, e.t, () => vmState.set(id, e.to))
      if (e.to === 'CRASHED') openWindow('vm', id, e.t)
      else if (e.to === 'DEAD') markDetected(id, e.t)
    } else if (id.startsWith('LB')) {
      if (e.to === 'CRASHED') openWindow('lb', id, e.t)
      else if (e.to === 'DEAD') markDetected(id, e.t)
      else if (e.to === 'ACTIVE' && e.from !== 'ACTIVE') closeWindow(id, e.t)
    }
  }
  advance(endMs)
  for (const [vm, since] of busySince) if (isBusy(vm)) spread(rowOf(vm), binMs, since, endMs, 1)
  scan.facts.queueMean = endMs > 0 ? queueArea / endMs : 0
  return scan

  function markDetected(target: string, t: number) {
    const w = openFault.get(target)
    if (w && w.detectedMs === null) w.detectedMs = t
  }

  function onTaskState(t: number, task: string, from: string, to: string, detail: string) {
    if (from === 'SUBMITTED' && !arrival.has(task)) arrival.set(task, t)
    if (from === 'QUEUED') queued--
    if (to === 'QUEUED') queued++
    if (queued > scan.facts.queueMax) scan.facts.queueMax = queued
    if (from === 'RUNNING') {
      running--
      const vm = taskVm.get(task)
      taskVm.delete(task)
      if (vm) touchVm(vm, t, () => vmActive.set(vm, (vmActive.get(vm) ?? 1) - 1))
      if (to !== 'FINISHED' && vm) {
        // The attempt was lost with its VM: it ran from its start until the crash.
        const crash = openFault.get(vm)?.startMs ?? t
        scan.facts.lostAttemptMs += Math.max(0, crash - (attemptStart.get(task) ?? crash))
        rescuedAfterCrash.set(task, crash)
      }
    }
    if (to === 'RUNNING') {
      running++
      const vm = ON_VM.exec(detail)?.[1]
      attemptStart.set(task, t)
      const crash = rescuedAfterCrash.get(task)
      if (crash !== undefined) {
        scan.facts.rescueMs.push(t - crash)
        rescuedAfterCrash.delete(task)
      }
      if (vm) {
        taskVm.set(task, vm)
        touchVm(vm, t, () => vmActive.set(vm, (vmActive.get(vm) ?? 0) + 1))
      }
    }
    if (to === 'FINISHED' && bins > 0) {
      const b = Math.min(bins - 1, Math.floor(t / binMs))
      scan.finishedAt[b].push(t - (arrival.get(task) ?? t))
    }
  }
}

/** The last event's time, the natural end of a trace's charts. */
export function getTraceEndMs(events: readonly TraceEvent[]): number {
  return events.length ? events[events.length - 1].t : 0
}

/** Queue, rescue and lost-work facts of a trace up to `endMs` (default: its last event). */
export function getTraceFacts(events: readonly TraceEvent[], endMs = getTraceEndMs(events)) {
  return scanTrace(events, endMs, 0).facts
}

/** Every crash in the trace as a window to shade behind charts. */
export function getFaultWindows(events: readonly TraceEvent[]): FaultWindow[] {
  return getTraceFacts(events).faults
}

/**
 * Binned series for the live charts, `bins` equal bins over [0, endMs). A task's response runs
 * from its first Dispatcher message when messages are traced, else from its acceptance by an LB
 * (5 ms later by default), to the FINISHED event recorded by its LB.
 */
export function getMetricSeries(
  events: readonly TraceEvent[],
  opts: { bins?: number; endMs?: number } = {},
): MetricSeries {
  const endMs = Math.max(1, opts.endMs ?? getTraceEndMs(events))
  const bins = Math.max(1, Math.floor(opts.bins ?? 60))
  const scan = scanTrace(events, endMs, bins)
  // The last bin may stop short of binMs at endMs; rates and fractions use its real width.
  const width = (b: number) => Math.max(1, Math.min(scan.binMs, endMs - b * scan.binMs))
  const responses = scan.finishedAt.map((xs) => xs.sort((a, b) => a - b))
  const pick = (q: number) => responses.map((xs) => (xs.length ? getQuantile(xs, q) : null))
  const vmIds = [...scan.utilisation.keys()].sort((a, b) => vmNumber(a) - vmNumber(b))
  return {
    binMs: scan.binMs,
    endMs,
    times: Array.from({ length: bins }, (_, b) => b * scan.binMs),
    responseP50: pick(0.5),
    responseP95: pick(0.95),
    responseP99: pick(0.99),
    throughput: responses.map((xs, b) => (xs.length * 1000) / width(b)),
    queued: Array.from(scan.queued, (area, b) => area / width(b)),
    running: Array.from(scan.running, (area, b) => area / width(b)),
    vmIds,
    utilisation: vmIds.map((id) =>
      Array.from(scan.utilisation.get(id) ?? new Float64Array(bins), (area, b) => area / width(b)),
    ),
    faults: scan.facts.faults,
  }
}
