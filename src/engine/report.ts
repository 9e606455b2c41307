// What a finished (or paused) run reports: its summary figures and its trace as the SPEC §6 JSON
// document. Read-only projections of the world and trace store; they change nothing.

import type { SimConfig } from '../model/config'
import { sliceTrace } from '../trace/store'
import type { TraceDocument } from '../trace/types'
import type { Sim } from './context'
import { isRunComplete, isStranded } from './sim'

/** One run's figures; times in ms. */
export interface RunSummary {
  scenario: string
  seed: number
  policy: string
  simTimeMs: number
  events: number
  traceEvents: number
  submitted: number
  finished: number
  quarantined: number
  rescued: number
  resubmitted: number
  stolen: number
  promoted: number
  /** Tasks neither FINISHED nor QUARANTINED at the end (0 unless the run was cut or stranded). */
  unresolved: number
  duplicates: number
  complete: boolean
  stranded: boolean
  /** Crash → declared dead, for every VM and LB crash that was detected. */
  detectionMs: number[]
  /** Crash → back in a pool (VM) or zone taken over (LB). */
  recoveryMs: number[]
  takeovers: { zone: number; from: string; to: string; gapMs: number }[]
  meanResponseMs: number
}

/** The run's summary figures so far. */
export function getSummary(sim: Sim): RunSummary {
  const world = sim.world
  const c = world.counters
  let responseTotal = 0
  let responseCount = 0
  for (const task of world.tasks) {
    if (task.state !== 'FINISHED') continue
    responseTotal += task.finishMs - task.arrivalMs
    responseCount++
  }
  return {
    scenario: sim.config.name,
    seed: sim.config.seed,
    policy: sim.config.policy,
    simTimeMs: world.now,
    events: c.events,
    traceEvents: sim.trace.length,
    submitted: c.submitted,
    finished: c.finished,
    quarantined: c.quarantined,
    rescued: c.rescued,
    resubmitted: c.resubmitted,
    stolen: c.stolen,
    promoted: c.promoted,
    unresolved: c.submitted - c.finished - c.quarantined,
    duplicates: c.duplicates,
    complete: isRunComplete(sim),
    stranded: world.workloadDone && isStranded(sim),
    detectionMs: world.detections
      .filter((d) => d.detectedAt >= 0)
      .map((d) => d.detectedAt - d.crashedAt),
    recoveryMs: world.detections
      .filter((d) => d.recoveredAt >= 0)
      .map((d) => d.recoveredAt - d.crashedAt),
    takeovers: world.takeovers.map((t) => ({
      zone: t.zone,
      from: t.from,
      to: t.to,
      gapMs: t.crashedAt >= 0 ? t.atMs - t.crashedAt : 0,
    })),
    meanResponseMs: responseCount ? responseTotal / responseCount : 0,
  }
}

/** One line for stderr: tasks submitted, finished, rescued, lost; detection and recovery times. */
export function formatSummaryLine(s: RunSummary): string {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length / 1000 : 0)
  const fmt = (xs: number[]) =>
    xs.length ? `${mean(xs).toFixed(1)} s mean (n=${xs.length})` : 'none'
  const lost = s.stranded || !s.complete ? s.unresolved : 0
  return [
    `${s.scenario || 'run'} (seed ${s.seed}, ${s.policy}): t=${(s.simTimeMs / 1000).toFixed(3)} s`,
    `submitted ${s.submitted}`,
    `finished ${s.finished}`,
    `quarantined ${s.quarantined}`,
    `rescued ${s.rescued}`,
    `lost ${lost}${s.stranded ? ' (no live LB left)' : !s.complete ? ' (run cut before the end)' : ''}`,
    `detection ${fmt(s.detectionMs)}`,
    `recovery ${fmt(s.recoveryMs)}`,
    `${s.events} events`,
  ].join('; ')
}

/**
 * The resolved scenario as a document (explicit topology, every default written out), with the
 * faults that actually ran, so replaying it reproduces the run.
 */
export function toScenarioDocument(config: SimConfig, faults = config.faults) {
  return {
    format: 'dual-lb-scenario' as const,
    version: 1 as const,
    name: config.name,
    seed: config.seed,
    policy: config.policy,
    topology: { zones: config.zones.map((z) => ({ vms: z.vms.map((vm) => ({ ...vm })) })) },
    timings: { ...config.timings },
    latencies: { ...config.latencies },
    sbdlb: { ...config.sbdlb },
    queues: { ...config.queues },
    workload:
      config.workload.kind === 'poisson'
        ? { ...config.workload, mix: structuredClone(config.workload.mix) }
        : {
            kind: 'list' as const,
            mix: structuredClone(config.mix),
            tasks: config.workload.tasks.map((t) => ({ ...t })),
          },
    faults: faults.map((f) => ({ ...f })),
    ...(config.untilMs !== undefined ? { untilMs: config.untilMs } : {}),
    trace: { detail: config.traceDetail, periodic: config.periodicEvents },
  }
}

/** The SPEC §6 trace document of the run so far; `config` carries every fault that ran. */
export function toTraceDocument(sim: Sim, scenario = sim.config.name): TraceDocument {
  const events = sliceTrace(sim.trace)
  const faults = events.flatMap((e) =>
    e.type === 'fault' ? [{ atMs: e.t, target: e.target, action: e.action }] : [],
  )
  return {
    format: 'dual-lb-trace',
    version: 1,
    seed: sim.config.seed,
    scenario,
    config: toScenarioDocument(sim.config, faults),
    events,
  }
}
