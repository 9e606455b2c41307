// Least connections weighted by capacity: fewest active tasks per PE.
// Stateless; reads only each VM's active task count and PE count.

import { findLeastLoadedPerPe, listChoiceCandidates } from './shared'
import type { Decision, Policy, PolicyContext, TaskView, VmView } from './types'

/**
 * Least connections: the VM with the lowest `activeTasks / pes`, ties to the lowest number.
 * Unlike active monitoring, which counts tasks only, this scales by capacity: a 4-PE VM with
 * 3 tasks (0.75 per PE) is preferred to a 1-PE VM with 1 task (1 per PE).
 */
export function createLeastConnections(): Policy {
  return Object.freeze({ name: 'least-connections' as const, choose: chooseByLeastConnections })
}

function chooseByLeastConnections(
  _task: TaskView,
  vms: readonly VmView[],
  ctx: PolicyContext,
): Decision {
  const chosen = findLeastLoadedPerPe(vms)

  if (!ctx.explain) return { chosen }
  return { chosen, candidates: listChoiceCandidates(vms, chosen) }
}
