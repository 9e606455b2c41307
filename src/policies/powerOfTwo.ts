// Power of two choices: sample two distinct VMs at random, keep the less busy one.
// Stateless; uses only `ctx.random()` and each VM's active task count.

import { listChoiceCandidates, pickIndex } from './shared'
import type { Decision, Policy, PolicyContext, TaskView, VmView } from './types'

/**
 * Power of two choices: two draws pick two distinct VMs uniformly; the one with fewer active
 * tasks wins, ties to the lower number. A pool of one VM takes it without drawing.
 */
export function createPowerOfTwo(): Policy {
  return Object.freeze({ name: 'power-of-two' as const, choose: chooseByPowerOfTwo })
}

function chooseByPowerOfTwo(_task: TaskView, vms: readonly VmView[], ctx: PolicyContext): Decision {
  const n = vms.length
  let chosen = -1

  if (n === 1) chosen = 0
  if (n > 1) {
    const first = pickIndex(ctx.random, n)
    // Draw from the n − 1 others and step over `first`, so the pair is distinct and uniform.
    const drawn = pickIndex(ctx.random, n - 1)
    const second = drawn >= first ? drawn + 1 : drawn
    chosen = isBetter(vms[second], vms[first]) ? second : first
  }

  if (!ctx.explain) return { chosen }
  return { chosen, candidates: listChoiceCandidates(vms, chosen) }
}

function isBetter(a: VmView, b: VmView): boolean {
  return a.activeTasks < b.activeTasks || (a.activeTasks === b.activeTasks && a.num < b.num)
}
