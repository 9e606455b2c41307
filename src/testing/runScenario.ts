// Test-only helpers: build and run scenarios in one call, and read their traces compactly.

import type { Sim } from '../engine/context'
import { createSimulation, runToEnd } from '../engine/sim'
import { parseScenario, type ScenarioDocument } from '../model/scenario'
import { type BuiltinScenarioId, getBuiltinScenario } from '../scenarios/builtins'
import { sliceTrace } from '../trace/store'
import type { TraceEvent } from '../trace/types'

/** A scenario document with small defaults; `overrides` replace top-level sections. */
export function makeScenario(overrides: Partial<ScenarioDocument> = {}): ScenarioDocument {
  return {
    format: 'dual-lb-scenario',
    version: 1,
    topology: { zones: 2, vmsPerZone: 8 },
    workload: { kind: 'list', tasks: [] },
    ...overrides,
  }
}

/** Runs a document (or a built-in scenario) to its end and returns the simulation. */
export function runScenario(
  doc: ScenarioDocument | BuiltinScenarioId,
  patch: Partial<ScenarioDocument> = {},
): Sim {
  const base = typeof doc === 'string' ? getBuiltinScenario(doc) : doc
  const sim = createSimulation(parseScenario({ ...base, ...patch }))
  runToEnd(sim)
  return sim
}

/** Every trace event of a run. */
export const getEvents = (sim: Sim): TraceEvent[] => sliceTrace(sim.trace)

/** The run's messages as `from->to: label` lines, optionally only among `participants`. */
export function getArrows(sim: Sim, participants?: readonly string[]): string[] {
  const keep = participants ? new Set(participants) : undefined
  return getEvents(sim).flatMap((e) =>
    e.type === 'message' && (!keep || (keep.has(e.from) && keep.has(e.to)))
      ? [`${e.from}->${e.to}: ${e.label}`]
      : [],
  )
}

/** True when `needles` appear in `haystack` in order (not necessarily next to each other). */
export function containsInOrder(haystack: readonly string[], needles: readonly string[]): number {
  let i = 0
  for (const line of haystack) {
    if (i < needles.length && line === needles[i]) i++
  }
  return i
}
