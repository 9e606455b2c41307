// Honey bee foraging (after Dhinesh Babu & Venkata Krishna 2013, HBB-LB), deterministic form.
// Keeps the current "food source" VM number in the LB's policy state; reads task counts and PEs.

import { findLeastLoadedPerPe, listChoiceCandidates, readNumber } from './shared'
import type { Decision, Policy, PolicyContext, TaskView, VmView } from './types'

/** Tunables of the honey bee policy. */
export interface HoneyBeeParams {
  /** Active tasks per PE at which a VM counts as overloaded (default 2). */
  forageLimit: number
}

/** Default: a VM is overloaded from 2 active tasks per PE. */
export const DEFAULT_HONEY_BEE_PARAMS: Readonly<HoneyBeeParams> = Object.freeze({ forageLimit: 2 })

/** State key: number of the VM the bees are foraging at, the current food source. */
const SOURCE = 'beeSource'

/** True when the VM is in the overloaded group: `activeTasks ≥ forageLimit × pes`. */
export function isOverloaded(vm: VmView, forageLimit: number): boolean {
  return vm.activeTasks >= forageLimit * Math.max(1, vm.pes)
}

/**
 * Honey bee foraging. Load is active tasks per PE; a VM is overloaded at `forageLimit` tasks per
 * PE and underloaded below it. A task (a bee) goes to the current food source while that VM is in
 * the pool and underloaded, as foragers keep returning to a rich patch. Otherwise it scouts: the
 * least-loaded VM (ties to the lowest number) becomes the new source and takes the task. If every
 * VM is overloaded the least loaded still takes it, so the policy never returns −1 on a non-empty
 * pool. With 1-PE VMs and the default limit, a VM takes tasks until it holds 2, then the bees move.
 */
export function createHoneyBee(params: Partial<HoneyBeeParams> = {}): Policy {
  const { forageLimit } = { ...DEFAULT_HONEY_BEE_PARAMS, ...params }
  if (!(forageLimit > 0) || !Number.isFinite(forageLimit)) {
    throw new RangeError(
      `Honey bee forage limit must be a positive number [forageLimit=${String(forageLimit)}]`,
    )
  }

  return Object.freeze({
    name: 'honey-bee' as const,
    choose: (task: TaskView, vms: readonly VmView[], ctx: PolicyContext): Decision =>
      chooseByHoneyBee(task, vms, ctx, forageLimit),
  })
}

function chooseByHoneyBee(
  _task: TaskView,
  vms: readonly VmView[],
  ctx: PolicyContext,
  forageLimit: number,
): Decision {
  const sourceNum = readNumber(ctx.state, SOURCE, Number.NaN)
  let source = -1
  for (let i = 0; i < vms.length && source === -1; i++) if (vms[i].num === sourceNum) source = i

  const keep = source !== -1 && !isOverloaded(vms[source], forageLimit)
  // Only a scouting bee needs the least-loaded VM, so the second scan runs only then.
  const chosen = keep ? source : findLeastLoadedPerPe(vms)
  if (chosen !== -1) ctx.state[SOURCE] = vms[chosen].num

  if (!ctx.explain) return { chosen }
  return { chosen, candidates: listChoiceCandidates(vms, chosen) }
}
