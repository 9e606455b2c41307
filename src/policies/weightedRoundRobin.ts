// Weighted round robin by total MIPS, interleaved with the smooth algorithm (as in nginx).
// Keeps per-VM current weights in the LB's policy state; reads only each VM's total MIPS.

import { listChoiceCandidates } from './shared'
import type { Decision, Policy, PolicyContext, PolicyState, TaskView, VmView } from './types'

/** State keys: the pool's VM numbers at the last call and each one's current weight. */
const NUMS = 'wrrNums'
const CURRENT = 'wrrCurrent'

/**
 * A VM's integer weight: its total MIPS over the smallest total MIPS in the pool, rounded, at
 * least 1 (2,500 / 5,000 / 10,000 MIPS give 1 / 2 / 4). A VM without MIPS weighs 1.
 */
export function getMipsWeight(mips: number, minMips: number): number {
  if (!(mips > 0) || !(minMips > 0)) return 1
  return Math.max(1, Math.round(mips / minMips))
}

/**
 * Smooth weighted round robin: each call adds every VM's weight to its current weight, picks the
 * highest current weight (ties to the lowest number) and takes the weight total off the winner.
 * Over any window of `Σ weights` tasks each VM gets exactly its weight, spread out, not in bursts.
 */
export function createWeightedRoundRobin(): Policy {
  return Object.freeze({
    name: 'weighted-round-robin' as const,
    choose: chooseByWeightedRoundRobin,
  })
}

function chooseByWeightedRoundRobin(
  _task: TaskView,
  vms: readonly VmView[],
  ctx: PolicyContext,
): Decision {
  const n = vms.length
  if (n === 0) return ctx.explain ? { chosen: -1, candidates: [] } : { chosen: -1 }

  let minMips = Number.POSITIVE_INFINITY
  for (let i = 0; i < n; i++) {
    const mips = vms[i].mips
    if (mips > 0 && mips < minMips) minMips = mips
  }

  const current = syncCurrentWeights(ctx.state, vms)
  let total = 0
  let chosen = -1
  for (let i = 0; i < n; i++) {
    const weight = getMipsWeight(vms[i].mips, minMips)
    current[i] += weight
    total += weight
    if (chosen === -1) {
      chosen = i
      continue
    }
    const lead = current[i] - current[chosen]
    if (lead > 0 || (lead === 0 && vms[i].num < vms[chosen].num)) chosen = i
  }
  current[chosen] -= total

  if (!ctx.explain) return { chosen }
  return { chosen, candidates: listChoiceCandidates(vms, chosen) }
}

/**
 * The current weights aligned with `vms`, from state. When the pool changed since the last call,
 * survivors keep their current weight and newcomers start at 0; that allocates, but only then.
 * The array is updated in place, so a checkpoint must deep-copy the state (structuredClone).
 */
function syncCurrentWeights(state: PolicyState, vms: readonly VmView[]): number[] {
  const nums = state[NUMS]
  const current = state[CURRENT]
  if (Array.isArray(nums) && Array.isArray(current) && isSamePool(nums, current, vms)) {
    return current
  }

  const previous = new Map<number, number>()
  if (Array.isArray(nums) && Array.isArray(current)) {
    for (let i = 0; i < nums.length && i < current.length; i++) previous.set(nums[i], current[i])
  }
  const nextNums = vms.map((vm) => vm.num)
  const nextCurrent = nextNums.map((num) => previous.get(num) ?? 0)
  state[NUMS] = nextNums
  state[CURRENT] = nextCurrent
  return nextCurrent
}

function isSamePool(nums: number[], current: number[], vms: readonly VmView[]): boolean {
  if (nums.length !== vms.length || current.length !== vms.length) return false
  for (let i = 0; i < vms.length; i++) if (nums[i] !== vms[i].num) return false
  return true
}
