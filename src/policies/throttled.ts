// Throttled load balancing as in CloudAnalyst: a VM takes one task at a time.
// Stateless; reads only each VM's active task count.

import { toCandidate } from './shared'
import type { Decision, Policy, PolicyContext, TaskView, VmView } from './types'

/**
 * Throttled (CloudAnalyst's threshold of one): the idle VM with the lowest number takes the
 * task; when every VM is busy it returns −1 and the LB keeps the task waiting in FIFO order.
 */
export function createThrottled(): Policy {
  return Object.freeze({ name: 'throttled' as const, choose: chooseByThrottled })
}

function chooseByThrottled(_task: TaskView, vms: readonly VmView[], ctx: PolicyContext): Decision {
  let chosen = -1

  for (let i = 0; i < vms.length; i++) {
    const vm = vms[i]
    if (vm.activeTasks === 0 && (chosen === -1 || vm.num < vms[chosen].num)) chosen = i
  }

  if (!ctx.explain) return { chosen }
  // A busy VM is shown as skipped at the threshold, the way SBDLB shows its skipped VMs.
  const candidates = vms.map((vm, i) =>
    vm.activeTasks === 0 ? toCandidate(vm, i === chosen ? 1 : 0) : toCandidate(vm, -1, 'threshold'),
  )
  return { chosen, candidates }
}
