// Active monitoring load balancing as in CloudAnalyst: the least busy VM by task count.
// Stateless; reads only each VM's active task count.

import { listChoiceCandidates } from './shared'
import type { Decision, Policy, PolicyContext, TaskView, VmView } from './types'

/**
 * Active monitoring (CloudAnalyst's active VM load balancer): the VM with the fewest active
 * tasks, ties to the lowest number. Counts tasks only, so a 4-PE VM is treated like a 1-PE VM.
 */
export function createActiveMonitoring(): Policy {
  return Object.freeze({ name: 'active-monitoring' as const, choose: chooseByActiveMonitoring })
}

function chooseByActiveMonitoring(
  _task: TaskView,
  vms: readonly VmView[],
  ctx: PolicyContext,
): Decision {
  let chosen = -1

  for (let i = 0; i < vms.length; i++) {
    const vm = vms[i]
    if (chosen === -1) {
      chosen = i
      continue
    }
    const best = vms[chosen]
    const fewer = vm.activeTasks < best.activeTasks
    if (fewer || (vm.activeTasks === best.activeTasks && vm.num < best.num)) chosen = i
  }

  if (!ctx.explain) return { chosen }
  return { chosen, candidates: listChoiceCandidates(vms, chosen) }
}
