// Seeded workload and topology builders for the experiments: batches of listed tasks drawn from
// one named stream of the run's seed. Pure data out; must not touch the engine's state or clock.

import { createStream, nextRandom, type RngState } from '../engine/rng'
import { DEFAULT_MIX, type ListedTask, type TaskMix, type VmSpec } from '../model/config'
import type { TaskType } from '../policies/types'

/** How much of an experiment to build: task and VM counts are multiplied (rounded, at least 1). */
export interface ExperimentSize {
  taskScale: number
  vmScale: number
}

/** Full size, as the experiment is defined. */
export const FULL_SIZE: Readonly<ExperimentSize> = Object.freeze({ taskScale: 1, vmScale: 1 })

/** `n` scaled and rounded, never below 1 (a scaled-down experiment keeps every kind). */
export function scaleCount(n: number, scale: number): number {
  return Math.max(1, Math.round(n * scale))
}

/** One kind of task in a batch: how many, its type, length range (MI) and PEs. */
export interface TaskKind {
  type: TaskType
  count: number
  minMi: number
  maxMi: number
  pes: number
}

/** The dual-LB project's batch: 1,200 Reels on 2 PEs, 600 Images, 200 Texts (issue 5). */
export const DUAL_LB_TASK_KINDS: readonly TaskKind[] = Object.freeze([
  { type: 'Reel', count: 1200, minMi: 50e6, maxMi: 5000e6, pes: 2 },
  { type: 'Image', count: 600, minMi: 2.5e6, maxMi: 150e6, pes: 1 },
  { type: 'Text', count: 200, minMi: 5000, maxMi: 50000, pes: 1 },
])

/** SBDLB's normalisation ranges for a set of kinds (the mix's shares are not used by list runs). */
export function getKindRanges(kinds: readonly TaskKind[]): TaskMix {
  const mix = structuredClone(DEFAULT_MIX) as TaskMix
  const total = kinds.reduce((s, k) => s + k.count, 0)
  for (const k of kinds) mix[k.type] = { share: k.count / total, minMi: k.minMi, maxMi: k.maxMi }
  return mix
}

/** SPEC §4's default mix as kinds: 50 % Text, 30 % Image, 20 % Reel of `n` tasks, 1 PE each. */
export function getSpecMixKinds(n: number): TaskKind[] {
  const text = Math.round(n * DEFAULT_MIX.Text.share)
  const image = Math.round(n * DEFAULT_MIX.Image.share)
  const kinds: TaskKind[] = [
    {
      type: 'Text',
      count: text,
      minMi: DEFAULT_MIX.Text.minMi,
      maxMi: DEFAULT_MIX.Text.maxMi,
      pes: 1,
    },
    {
      type: 'Image',
      count: image,
      minMi: DEFAULT_MIX.Image.minMi,
      maxMi: DEFAULT_MIX.Image.maxMi,
      pes: 1,
    },
    {
      type: 'Reel',
      count: Math.max(0, n - text - image),
      minMi: DEFAULT_MIX.Reel.minMi,
      maxMi: DEFAULT_MIX.Reel.maxMi,
      pes: 1,
    },
  ]
  return kinds.filter((k) => k.count > 0)
}

function shuffle<T>(items: T[], rng: RngState): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(nextRandom(rng) * (i + 1))
    const tmp = items[i]
    items[i] = items[j]
    items[j] = tmp
  }
  return items
}

/**
 * A batch arriving at `atMs`: each kind's lengths uniform in its range and truncated to whole MI,
 * kinds drawn in order, then shuffled (Fisher–Yates), all from the stream `key` of `seed`.
 */
export function makeBatch(
  kinds: readonly TaskKind[],
  seed: number,
  key: string,
  atMs = 0,
): ListedTask[] {
  const rng = createStream(seed, key)
  const tasks: ListedTask[] = []
  for (const k of kinds) {
    for (let i = 0; i < k.count; i++) {
      const lengthMi = Math.max(1, Math.trunc(k.minMi + nextRandom(rng) * (k.maxMi - k.minMi)))
      tasks.push(
        k.pes === 1
          ? { atMs, type: k.type, lengthMi }
          : { atMs, type: k.type, lengthMi, pes: k.pes },
      )
    }
  }
  return shuffle(tasks, rng)
}

/** The dual-LB project's datacenter: 2 large, 6 medium, 10 small VMs (CloudSim's creation order). */
export function getDualLbDatacenter(vmScale: number): VmSpec[] {
  const vm = (pes: number, mips: number, ramMb: number): VmSpec => ({
    pes,
    mips,
    ramMb,
    bwMbps: 1000,
  })
  return [
    ...Array.from({ length: scaleCount(2, vmScale) }, () => vm(4, 10000, 8192)),
    ...Array.from({ length: scaleCount(6, vmScale) }, () => vm(2, 5000, 4096)),
    ...Array.from({ length: scaleCount(10, vmScale) }, () => vm(1, 2500, 2048)),
  ]
}
