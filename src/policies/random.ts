// Random: a uniform pick over the pool from the LB's seeded stream.
// Stateless; never reads VM figures and never uses any randomness but `ctx.random()`.

import { listChoiceCandidates, pickIndex } from './shared'
import type { Decision, Policy, PolicyContext, TaskView, VmView } from './types'

/** Random: one draw of `ctx.random()` picks a VM uniformly; an empty pool draws nothing. */
export function createRandom(): Policy {
  return Object.freeze({ name: 'random' as const, choose: chooseByRandom })
}

function chooseByRandom(_task: TaskView, vms: readonly VmView[], ctx: PolicyContext): Decision {
  // Skipping the draw on an empty pool keeps the stream aligned with the tasks actually placed.
  const chosen = vms.length === 0 ? -1 : pickIndex(ctx.random, vms.length)

  if (!ctx.explain) return { chosen }
  return { chosen, candidates: listChoiceCandidates(vms, chosen) }
}
