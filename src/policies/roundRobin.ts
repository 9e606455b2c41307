// Round robin: hands tasks to the pool's VMs in turn by VM number, ignoring load.
// Keeps only the last chosen VM number in the LB's policy state; never reads VM figures.

import { listChoiceCandidates, readNumber } from './shared'
import type { Decision, Policy, PolicyContext, TaskView, VmView } from './types'

/** State key: number of the VM that took the previous task. */
const LAST_NUM = 'rrLastNum'

/**
 * Round robin over VM numbers. The state keeps the last chosen number rather than an index, so a
 * VM leaving or joining the pool does not shift the turn: the next task goes to the lowest number
 * above the last one, wrapping to the lowest number in the pool.
 */
export function createRoundRobin(): Policy {
  return Object.freeze({ name: 'round-robin' as const, choose: chooseByRoundRobin })
}

function chooseByRoundRobin(_task: TaskView, vms: readonly VmView[], ctx: PolicyContext): Decision {
  const last = readNumber(ctx.state, LAST_NUM, Number.NEGATIVE_INFINITY)
  let next = -1
  let lowest = -1

  // Scan by number, not position, so an unsorted pool still rotates in number order.
  for (let i = 0; i < vms.length; i++) {
    const num = vms[i].num
    if (lowest === -1 || num < vms[lowest].num) lowest = i
    if (num > last && (next === -1 || num < vms[next].num)) next = i
  }

  const chosen = next === -1 ? lowest : next
  if (chosen !== -1) ctx.state[LAST_NUM] = vms[chosen].num

  if (!ctx.explain) return { chosen }
  return { chosen, candidates: listChoiceCandidates(vms, chosen) }
}
