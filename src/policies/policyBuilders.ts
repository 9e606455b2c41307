// Test builders for the policy kernels: VMs, tasks, contexts and a small seeded stream.
// Test-only helpers (imported by *.test.ts beside them); production code must not import this.

import type { PolicyContext, PolicyState, TaskView, VmView } from './types'

/** A mutable VM record for tests; defaults to SPEC §1's idle medium VM (2 PEs, 5,000 MIPS). */
export type TestVm = { -readonly [K in keyof VmView]: VmView[K] }

/** An idle VM numbered `num`; totals default to medium size and available amounts to the totals. */
export function makeVm(overrides: Partial<VmView> & { num: number }): TestVm {
  const mips = overrides.mips ?? 5_000
  const ramMb = overrides.ramMb ?? 4_096
  const bwMbps = overrides.bwMbps ?? 1_000
  return {
    id: `VM_${overrides.num}`,
    zone: 1,
    pes: 2,
    activeTasks: 0,
    availMips: mips,
    availRamMb: ramMb,
    availBwMbps: bwMbps,
    ...overrides,
    mips,
    ramMb,
    bwMbps,
  }
}

/** The three VM sizes of SPEC §1, idle, numbered by `num`. */
export const SIZES = {
  small: { pes: 1, mips: 2_500, ramMb: 2_048, bwMbps: 1_000 },
  medium: { pes: 2, mips: 5_000, ramMb: 4_096, bwMbps: 1_000 },
  large: { pes: 4, mips: 10_000, ramMb: 8_192, bwMbps: 1_000 },
} as const

/** A task with normalised length `p` (default 0, demanding nothing). */
export function makeTask(overrides: Partial<TaskView> = {}): TaskView {
  return { id: 'Task_101', type: 'Text', lengthMi: 1_000, p: 0, ...overrides }
}

/** A small seeded PRNG (mulberry32) returning floats in [0, 1). */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** A stream that replays `draws` in order and then fails loudly, for hand-checked random tests. */
export function makeScriptedRandom(draws: readonly number[]): () => number {
  let next = 0
  return () => {
    if (next >= draws.length) throw new Error(`Scripted random ran out [draws=${draws.length}]`)
    return draws[next++]
  }
}

/** A policy context with fresh `{}` state unless given, explain off, and a seed-1 stream. */
export function makeContext(overrides: Partial<PolicyContext> = {}): PolicyContext {
  const state: PolicyState = overrides.state ?? {}
  return { random: makeRandom(1), explain: false, ...overrides, state }
}
