// The VM agent: heartbeats into its zone's L2, runs tasks time-shared, reports completions, and
// crashes on a fault. Reads only its own VM record and tasks; LB logic lives in loadBalancer.ts.

import {
  cmdHset,
  cmdHset1,
  EV,
  emit,
  formatSeconds,
  getHopMs,
  note,
  PRIO,
  type Sim,
  schedule,
} from '../engine/context'
import type { TaskRecord, VmRecord } from '../engine/world'
import { sendVm } from './lifecycle'

/** The owner LB's trace id for the VM's zone. */
export function getOwnerId(sim: Sim, vm: VmRecord): string {
  return sim.world.lbs[sim.world.zoneOwner[vm.zone - 1]].id
}

/** Time of the VM's last heartbeat at or before `at` (derived from its 5 s series), or −Infinity. */
export function getLastVmHeartbeat(sim: Sim, vm: VmRecord, at: number): number {
  if (vm.hbPhase < 0) return Number.NEGATIVE_INFINITY
  const end = vm.hbStop >= 0 ? vm.hbStop - 1 : at
  if (end < vm.hbPhase) return vm.hbPhase
  const period = sim.config.timings.vmHeartbeatMs
  return vm.hbPhase + Math.floor((end - vm.hbPhase) / period) * period
}

/** The machine's `sendFirstHeartbeat`: the VM is up, writes ALIVE to L2 and starts heartbeating. */
export function sendFirstHeartbeat(sim: Sim, vm: VmRecord): void {
  const now = sim.world.now
  vm.hbPhase = now
  vm.hbStop = -1
  vm.crashedAt = -1
  vm.lastAdvance = now
  vm.availMips = vm.mips
  vm.availRamMb = vm.ramMb
  vm.availBwMbps = vm.bwMbps
  vm.activeTasks = 0
  vm.l2Status = 'ALIVE'
  cmdHset(sim, vm.id, sim.world.l2[vm.zone - 1], 'Send First Heartbeat (Status: ALIVE)', vm.id, [
    'Status',
    'ALIVE',
    'Last_Heartbeat',
    String(now),
  ])
  if (sim.periodic) {
    schedule(
      sim,
      now + sim.config.timings.vmHeartbeatMs,
      PRIO.HEARTBEAT,
      EV.VM_HEARTBEAT,
      vm.index,
      vm.epoch,
    )
  }
}

/** A periodic heartbeat (only scheduled at trace detail `full`; otherwise derived when read). */
export function onVmHeartbeat(sim: Sim, vm: VmRecord, epoch: number): void {
  if (vm.epoch !== epoch || vm.state !== 'ALIVE') return
  const period = sim.config.timings.vmHeartbeatMs
  cmdHset1(
    sim,
    vm.id,
    sim.world.l2[vm.zone - 1],
    `Send Heartbeat (Every ${formatSeconds(period)})`,
    vm.id,
    'Last_Heartbeat',
    String(sim.world.now),
  )
  schedule(sim, sim.world.now + period, PRIO.HEARTBEAT, EV.VM_HEARTBEAT, vm.index, epoch)
}

/** Brings every running task's remaining work up to now (time-shared, CloudSim semantics). */
function advance(sim: Sim, vm: VmRecord): void {
  const now = sim.world.now
  const dt = now - vm.lastAdvance
  vm.lastAdvance = now
  if (dt <= 0 || vm.tasks.length === 0) return
  const perPe = getPerPeMips(sim, vm)
  const tasks = sim.world.tasks
  for (const i of vm.tasks) tasks[i].remainingMi -= (perPe * tasks[i].pes * dt) / 1000
}

// A VM's per-PE capacity is its total MIPS over the larger of its PE count and the PEs its tasks
// ask for; each task runs at that capacity times its own PEs (CloudSim's time-shared scheduler).
function getPerPeMips(sim: Sim, vm: VmRecord): number {
  let pes = 0
  for (const i of vm.tasks) pes += sim.world.tasks[i].pes
  return vm.mips / Math.max(vm.pes, pes)
}

function rescheduleCompletion(sim: Sim, vm: VmRecord): void {
  vm.completionGen++
  if (vm.tasks.length === 0) return
  const perPe = getPerPeMips(sim, vm)
  let soonest = Number.POSITIVE_INFINITY
  for (const i of vm.tasks) {
    const task = sim.world.tasks[i]
    soonest = Math.min(soonest, (task.remainingMi * 1000) / (perPe * task.pes))
  }
  const at = sim.world.now + Math.max(1, Math.ceil(soonest - 1e-6))
  schedule(sim, at, PRIO.TASK, EV.VM_COMPLETION, vm.index, vm.completionGen)
}

/** A task sent by an LB reaches the VM; a VM that crashed meanwhile drops it (L2 still says RUNNING). */
export function onTaskAtVm(sim: Sim, vm: VmRecord, task: TaskRecord, epoch: number): void {
  if (vm.epoch !== epoch || vm.state !== 'ALIVE' || task.vm !== vm.index) return
  advance(sim, vm)
  if (vm.tasks.length === 0) {
    vm.busySince = sim.world.now
    sendVm(sim, vm, { type: 'TASK_STARTED' })
  }
  vm.tasks.push(task.index)
  task.startMs = sim.world.now
  if (task.firstStartMs < 0) task.firstStartMs = sim.world.now
  note(sim, [vm.id], 'Task Processing...')
  rescheduleCompletion(sim, vm)
}

/** The VM's next task(s) finish: FINISHED goes to L2, then a completion notice to the zone's owner. */
export function onVmCompletion(sim: Sim, vm: VmRecord, gen: number): void {
  if (gen !== vm.completionGen || vm.state !== 'ALIVE') return
  advance(sim, vm)
  const world = sim.world
  const owner = world.lbs[world.zoneOwner[vm.zone - 1]]
  const kept: number[] = []
  for (const i of vm.tasks) {
    const task = world.tasks[i]
    if (task.remainingMi > 1e-6 * Math.max(1, task.lengthMi)) {
      kept.push(i)
      continue
    }
    task.remainingMi = 0
    task.finishMs = world.now
    releaseDemand(vm, task)
    note(sim, [vm.id, owner.id], 'Completion Phase')
    cmdHset1(
      sim,
      vm.id,
      world.l2[vm.zone - 1],
      'Update Task Status (FINISHED)',
      vm.id,
      task.id,
      'FINISHED',
      task.id,
    )
    emit(sim, vm.id, owner.id, 'Notify Completion', 'reply', task.id)
    const hop = getHopMs(sim, vm.zone, owner.homeZone)
    schedule(sim, world.now + hop, PRIO.TASK, EV.COMPLETION_AT_LB, owner.index, i, vm.index)
  }
  vm.tasks = kept
  if (kept.length === 0) {
    vm.busyMs += world.now - vm.busySince
    sendVm(sim, vm, { type: 'TASKS_DRAINED' })
  }
  rescheduleCompletion(sim, vm)
}

/** Gives back the demand a task held on its VM (SPEC §5 step 6). */
export function releaseDemand(vm: VmRecord, task: TaskRecord): void {
  vm.availMips += task.heldMips
  vm.availRamMb += task.heldRamMb
  vm.availBwMbps += task.heldBwMbps
  vm.activeTasks--
  task.heldMips = 0
  task.heldRamMb = 0
  task.heldBwMbps = 0
}

/**
 * Crashes the VM: heartbeats and all work in progress stop at once. The LB learns of it only
 * through the stale heartbeat; L2 still lists the tasks as RUNNING, which is how they get rescued.
 */
export function crashVm(sim: Sim, vm: VmRecord): boolean {
  if (vm.state === 'CRASHED' || vm.state === 'DEAD') return false
  const world = sim.world
  const wasAlive = vm.state === 'ALIVE'
  if (wasAlive) {
    if (vm.tasks.length > 0) vm.busyMs += world.now - vm.busySince
    vm.hbStop = world.now
    const last = getLastVmHeartbeat(sim, vm, world.now)
    world.detections.push({
      kind: 'vm',
      target: vm.id,
      crashedAt: world.now,
      lastHeartbeatMs: last,
      detectedAt: -1,
      recoveredAt: -1,
    })
  }
  vm.crashedAt = world.now
  vm.epoch++
  vm.completionGen++
  vm.tasks = []
  vm.availMips = vm.mips
  vm.availRamMb = vm.ramMb
  vm.availBwMbps = vm.bwMbps
  vm.activeTasks = 0
  note(sim, [vm.id], `💥 ${vm.id} CRASHES 💥`, true)
  sendVm(
    sim,
    vm,
    { type: 'CRASH' },
    wasAlive ? 'work in progress lost' : 'crashed while restarting',
  )
  if (vm.inPool) world.lbs[world.zoneOwner[vm.zone - 1]].poolHasCrashed = true
  return true
}
