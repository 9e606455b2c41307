// SBDLB, the score-based dynamic load balancer of SPEC §5 (arXiv:2508.05821), as a pure kernel.
// Reads VM figures and the task's normalised length; never mutates VMs or keeps state of its own.

import { toCandidate } from './shared'
import type {
  Candidate,
  Decision,
  Policy,
  PolicyContext,
  SbdlbParams,
  TaskView,
  VmView,
} from './types'

/** SPEC §5 defaults: skip VMs with 3 or more active tasks; all three figures weigh 1. */
export const DEFAULT_SBDLB_PARAMS: Readonly<SbdlbParams> = Object.freeze({
  threshold: 3,
  weightMips: 1,
  weightRam: 1,
  weightBw: 1,
})

/** Why a VM cannot take the task, or `undefined` when it can (SPEC §5 steps 1 and 4). */
export function getSbdlbSkip(
  vm: VmView,
  p: number,
  threshold: number,
): Candidate['skipped'] | undefined {
  if (vm.activeTasks >= threshold) return 'threshold'
  // Demand scales the VM's totals, not what is left, so a big VM is asked for more (step 4).
  if (vm.availMips < p * vm.mips) return 'unsuitable'
  if (vm.availRamMb < p * vm.ramMb) return 'unsuitable'
  if (vm.availBwMbps < p * vm.bwMbps) return 'unsuitable'
  return undefined
}

/** The weighted SBDLB score of a suitable VM: MIPS, RAM (MB) and bandwidth (Mbps) still free. */
export function getSbdlbScore(vm: VmView, params: SbdlbParams): number {
  return (
    params.weightMips * vm.availMips +
    params.weightRam * vm.availRamMb +
    params.weightBw * vm.availBwMbps
  )
}

/** An SBDLB policy with the given tunables over SPEC §5's defaults; throws on a non-finite one. */
export function createSbdlb(params: Partial<SbdlbParams> = {}): Policy {
  const resolved: SbdlbParams = { ...DEFAULT_SBDLB_PARAMS, ...params }
  assertValidParams(resolved)

  return Object.freeze({
    name: 'sbdlb' as const,
    choose: (task: TaskView, vms: readonly VmView[], ctx: PolicyContext): Decision =>
      chooseBySbdlb(task, vms, ctx, resolved),
  })
}

function chooseBySbdlb(
  task: TaskView,
  vms: readonly VmView[],
  ctx: PolicyContext,
  params: SbdlbParams,
): Decision {
  const p = task.p
  let chosen = -1
  let bestScore = 0
  let bestNum = 0

  // One pass, no allocation: the explain rows are built afterwards only when asked for.
  for (let i = 0; i < vms.length; i++) {
    const vm = vms[i]
    if (getSbdlbSkip(vm, p, params.threshold) !== undefined) continue

    const score = getSbdlbScore(vm, params)
    // Highest score wins; an exact tie goes to the lowest VM number whatever the pool order.
    if (chosen === -1 || score > bestScore || (score === bestScore && vm.num < bestNum)) {
      chosen = i
      bestScore = score
      bestNum = vm.num
    }
  }

  if (!ctx.explain) return { chosen }
  return { chosen, candidates: listSbdlbCandidates(vms, p, params) }
}

/** Every VM's figures and SBDLB score, −1 with the reason for a VM that was skipped. */
export function listSbdlbCandidates(
  vms: readonly VmView[],
  p: number,
  params: SbdlbParams,
): Candidate[] {
  return vms.map((vm) => {
    const skipped = getSbdlbSkip(vm, p, params.threshold)
    return skipped === undefined
      ? toCandidate(vm, getSbdlbScore(vm, params))
      : toCandidate(vm, -1, skipped)
  })
}

function assertValidParams(params: SbdlbParams): void {
  for (const key of ['threshold', 'weightMips', 'weightRam', 'weightBw'] as const) {
    const value = params[key]
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(
        `SBDLB parameter is not a finite number [${key}=${String(value)}]; pass a number or leave it out for the default`,
      )
    }
  }
}
