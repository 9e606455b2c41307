// Small helpers the policy kernels share: state reads, random picks, load comparison, explain rows.
// Pure functions only; nothing here keeps state or touches the engine.

import type { Candidate, PolicyState, VmView } from './types'

/** The number stored under `key` in a policy's state, or `fallback` when absent or not a number. */
export function readNumber(state: PolicyState, key: string, fallback: number): number {
  const value = state[key]
  return typeof value === 'number' ? value : fallback
}

/** A uniform index in [0, n) drawn from `random`; clamped so a draw of exactly 1 stays in range. */
export function pickIndex(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n))
}

/**
 * Index of the VM with the fewest active tasks per PE, ties to the lowest number; −1 when empty.
 * Cross-multiplies instead of dividing so equal ratios (1/2 vs 2/4) compare exactly; a VM
 * reporting fewer than 1 PE counts as 1. One pass, no allocation.
 */
export function findLeastLoadedPerPe(vms: readonly VmView[]): number {
  let chosen = -1
  let bestActive = 0
  let bestPes = 1

  for (let i = 0; i < vms.length; i++) {
    const vm = vms[i]
    const pes = Math.max(vm.pes, 1)
    const mine = vm.activeTasks * bestPes
    const theirs = bestActive * pes
    if (chosen === -1 || mine < theirs || (mine === theirs && vm.num < vms[chosen].num)) {
      chosen = i
      bestActive = vm.activeTasks
      bestPes = pes
    }
  }
  return chosen
}

/** One VM's figures as a `Candidate` row with the given score and optional skip reason. */
export function toCandidate(vm: VmView, score: number, skipped?: Candidate['skipped']): Candidate {
  const candidate: Candidate = {
    vm: vm.id,
    availMips: vm.availMips,
    availRamMb: vm.availRamMb,
    availBwMbps: vm.availBwMbps,
    activeTasks: vm.activeTasks,
    score,
  }
  // Left out rather than set to undefined, so the row stays identical after a JSON round trip.
  if (skipped !== undefined) candidate.skipped = skipped
  return candidate
}

/**
 * Explain rows for a policy that does not score VMs: every VM's figures, score 1 for the chosen
 * VM and 0 for the rest. Only SBDLB's scores carry meaning beyond "this one won".
 */
export function listChoiceCandidates(vms: readonly VmView[], chosen: number): Candidate[] {
  return vms.map((vm, i) => toCandidate(vm, i === chosen ? 1 : 0))
}
