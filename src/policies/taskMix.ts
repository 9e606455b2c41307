// The default task mix (SPEC §4) and SBDLB's length normalisation (SPEC §5 step 3).
// Data and pure arithmetic only; drawing tasks from the mix belongs to the workload generator.

import type { TaskType } from './types'

/** Scheduling priority of a task type; each LB serves `high` first. */
export type TaskPriority = 'high' | 'medium' | 'low'

/** A task length range in MI, inclusive at both ends. */
export interface LengthRange {
  readonly minMi: number
  readonly maxMi: number
}

/** One task type in a mix: its share of arrivals (fraction in [0, 1]) and its length range. */
export interface TaskMixEntry extends LengthRange {
  readonly type: TaskType
  readonly share: number
  readonly priority: TaskPriority
}

/** Priority of each task type (SPEC §4): Text high, Image medium, Reel low. */
export const TASK_PRIORITY: Readonly<Record<TaskType, TaskPriority>> = {
  Text: 'high',
  Image: 'medium',
  Reel: 'low',
}

/** SPEC §4's mix: 50 % Text 1k–10k MI, 30 % Image 10k–100k MI, 20 % Reel 100k–1M MI. */
export const DEFAULT_TASK_MIX: readonly TaskMixEntry[] = Object.freeze([
  Object.freeze({ type: 'Text', share: 0.5, minMi: 1_000, maxMi: 10_000, priority: 'high' }),
  Object.freeze({ type: 'Image', share: 0.3, minMi: 10_000, maxMi: 100_000, priority: 'medium' }),
  Object.freeze({ type: 'Reel', share: 0.2, minMi: 100_000, maxMi: 1_000_000, priority: 'low' }),
] as const)

/**
 * Min–max scales `lengthMi` into the range: `(len − min) / (max − min)`, clamped to [0, 1].
 * A zero-width (or inverted) range gives 0, so such a task demands nothing extra of a VM.
 */
export function normaliseLength(lengthMi: number, range: LengthRange): number {
  const width = range.maxMi - range.minMi
  if (!(width > 0)) return 0

  const p = (lengthMi - range.minMi) / width
  // Written so a NaN length also lands on 0 (Math.max would pass NaN through).
  if (!(p > 0)) return 0
  return Math.min(p, 1)
}
