// The built-in scenarios A–D and the free run, written as scenario documents (SPEC §8) exactly
// like a user's file. Plain data; the engine reads them through parseScenario like any other.

import type { ScenarioDocument } from '../model/scenario'

/** Ids the CLI's `--scenario` and the lab's picker accept. */
export const BUILTIN_SCENARIO_IDS = ['A', 'B', 'C', 'D', 'free'] as const
export type BuiltinScenarioId = (typeof BUILTIN_SCENARIO_IDS)[number]

const base = { format: 'dual-lb-scenario', version: 1, seed: 1, policy: 'sbdlb' } as const

const BUILTINS: Record<BuiltinScenarioId, ScenarioDocument> = {
  // Diagram A: one Text task to LB1; SBDLB picks VM_5, the zone's only large VM.
  A: {
    ...base,
    name: 'Scenario A: normal task execution',
    topology: { zones: 2, vmsPerZone: 8 },
    workload: { kind: 'list', tasks: [{ atMs: 1000, type: 'Text', lengthMi: 5000, zone: 1 }] },
  },
  // Diagram B: VM_5 crashes 7 s into Task_101 (a 30 s Reel on it); LB1 sees the stale heartbeat
  // at its 18 s check, rescues the task to another VM and restarts VM_5, which is back by 48 s
  // and takes Task_102.
  B: {
    ...base,
    name: 'Scenario B: VM failure and auto-recovery',
    topology: { zones: 2, vmsPerZone: 8 },
    workload: {
      kind: 'list',
      tasks: [
        { atMs: 1000, type: 'Reel', lengthMi: 300000, zone: 1 },
        { atMs: 52000, type: 'Text', lengthMi: 8000, zone: 1 },
      ],
    },
    faults: [{ atMs: 8000, target: 'VM_5', action: 'crash' }],
  },
  // Diagram C: LB1 heartbeats at 5 s, then crashes 1 ms after accepting three tasks, before
  // sending any; LB2's peer check finds its heartbeat stale at 18 s, takes zone 1 over and sends
  // the first recovered task to VM_5. Task_104 goes to the dead LB1 and the dispatcher re-submits
  // it to LB2.
  C: {
    ...base,
    name: 'Scenario C: zone failover',
    topology: { zones: 2, vmsPerZone: 8 },
    workload: {
      kind: 'list',
      tasks: [
        { atMs: 6000, type: 'Image', lengthMi: 50000, zone: 1 },
        { atMs: 6000, type: 'Image', lengthMi: 40000, zone: 1 },
        { atMs: 6000, type: 'Text', lengthMi: 6000, zone: 1 },
        { atMs: 10000, type: 'Text', lengthMi: 4000, zone: 1 },
      ],
    },
    faults: [{ atMs: 6006, target: 'LB1', action: 'crash' }],
  },
  // SPEC §4.1: eight full-size Reels flood LB1's two VMs; six wait in its overflow queue while
  // LB2 is idle, so LB2 steals a batch and runs them on zone 2.
  D: {
    ...base,
    name: 'Scenario D: overflow and work stealing',
    topology: {
      zones: [{ vms: [vmD(), vmD()] }, { vms: [vmD(), vmD()] }],
    },
    workload: {
      kind: 'list',
      tasks: Array.from({ length: 8 }, () => ({
        atMs: 1000,
        type: 'Reel' as const,
        lengthMi: 1000000,
        zone: 1,
      })),
    },
  },
  free: {
    ...base,
    name: 'Free run: Poisson arrivals with a VM and an LB crash',
    topology: { zones: 2, vmsPerZone: 8 },
    workload: { kind: 'poisson', ratePerSecond: 0.5, durationMs: 120000 },
    faults: [
      { atMs: 30000, target: 'VM_5', action: 'crash' },
      { atMs: 60000, target: 'LB1', action: 'crash' },
      { atMs: 90000, target: 'LB1', action: 'restart' },
    ],
  },
}

function vmD() {
  return { pes: 2, mips: 50000, ramMb: 4096, bwMbps: 1000 }
}

/** True when `id` names a built-in scenario. */
export function isBuiltinScenario(id: string): id is BuiltinScenarioId {
  return (BUILTIN_SCENARIO_IDS as readonly string[]).includes(id)
}

/** A fresh copy of a built-in scenario document. */
export function getBuiltinScenario(id: BuiltinScenarioId): ScenarioDocument {
  return structuredClone(BUILTINS[id])
}
