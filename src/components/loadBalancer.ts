// The load balancer's task path (seed diagram A and SPEC §4.1): accept, queue by priority, query
// its VMs, score them with the run's policy, send, record completions; aging and work stealing.
// Health checks and takeovers live in health.ts.

import { hgetall } from '../cache'
import {
  cmdHdel,
  cmdHgetall,
  cmdHset,
  cmdHset1,
  cmdSadd,
  cmdSrem,
  EV,
  emit,
  emitState,
  getHopMs,
  getTaskStrId,
  getVmStrId,
  note,
  PRIO,
  type Sim,
  schedule,
} from '../engine/context'
import { createDecisionLog, KEPT_CANDIDATES, recordDecision } from '../engine/decisions'
import { fifoPeek, fifoPush, fifoShift, fifoSize, fifoUnshift } from '../engine/fifo'
import { nextRandom } from '../engine/rng'
import type { LbRecord, TaskRecord, VmRecord } from '../engine/world'
import { formatCount, getZoneName } from '../model/config'
import { getSbdlbScore, getSbdlbSkip } from '../policies/sbdlb'
import type { PolicyContext } from '../policies/types'
import { appendExplainNote, appendMessageIds, intern } from '../trace/store'

const LEVEL_NAMES = ['High', 'Medium', 'Low'] as const
const LABELS = {
  query: 'Query Real-Time Stats (MIPS, RAM, BW)',
  queryCross: 'Query Real-Time Stats (Direct Cross-Zone)',
  reply: 'Return Current Resource Usage',
  replyCross: 'Return Stats',
} as const

/** Priority level of a task type: Text high, Image medium, Reel low (SPEC §4). */
export function getTypeLevel(task: TaskRecord): number {
  return task.type === 'Text' ? 0 : task.type === 'Image' ? 1 : 2
}

const isStatsPolicy = (sim: Sim): boolean => sim.policy.name === 'sbdlb'

/** A submission reaches the LB; a crashed LB never answers (the dispatcher times out). */
export function onLbReceive(sim: Sim, lb: LbRecord, task: TaskRecord): void {
  if (lb.state !== 'ACTIVE' || task.lb >= 0 || task.state !== 'SUBMITTED') return
  const zone = lb.zones.includes(task.zone) ? task.zone : (lb.zones[0] ?? lb.homeZone)
  task.lb = lb.index
  emitState(sim, task.id, 'SUBMITTED', 'QUEUED', `accepted by ${lb.id}`)
  task.state = 'QUEUED'
  cmdHset(
    sim,
    lb.id,
    sim.world.l1,
    'Update Task Meta (Status: QUEUED)',
    task.metaKey,
    ['Assigned_Zone', getZoneName(zone), 'Assigned_LB', lb.id, 'Status', 'QUEUED', 'Attempts', '0'],
    task.id,
  )
  enqueue(sim, lb, task, getTypeLevel(task))
  trySchedule(sim, lb)
}

/** Puts a task in one of the LB's priority queues and in L1's `Queued_<LB>` set. */
export function enqueue(sim: Sim, lb: LbRecord, task: TaskRecord, level: number): void {
  task.lb = lb.index
  task.level = level
  task.queuedAt = sim.world.now
  fifoPush(lb.queues[level], task.index)
  cmdSadd(
    sim,
    lb.id,
    sim.world.l1,
    `Add Task to ${lb.id}'s Queue`,
    `Queued_${lb.id}`,
    task.id,
    task.id,
  )
  if (level > 0 && lb.agingAt === Number.POSITIVE_INFINITY) scheduleAging(sim, lb)
}

/** Capacity changed (a completion, a VM back, a takeover): retry whatever was waiting. */
export function onCapacityChanged(sim: Sim, lb: LbRecord): void {
  lb.blocked = false
  lb.overflowBlocked = false
  trySchedule(sim, lb)
}

function hasRoom(sim: Sim, lb: LbRecord): boolean {
  const threshold = sim.config.sbdlb.threshold
  for (const vm of lb.pool) if (vm.state === 'ALIVE' && vm.activeTasks < threshold) return true
  return false
}

/** Schedules the LB's next task if it is idle: one stats round at a time, as in diagram A. */
export function trySchedule(sim: Sim, lb: LbRecord): void {
  while (lb.state === 'ACTIVE' && lb.roundTask < 0) {
    let fromOverflow = false
    let task = -1
    if (!lb.overflowBlocked && fifoSize(lb.overflow) > 0) {
      fromOverflow = true
      task = fifoShift(lb.overflow)
    } else if (!lb.blocked) {
      for (const q of lb.queues) {
        if (fifoSize(q) > 0) {
          task = fifoShift(q)
          break
        }
      }
    }
    if (task < 0) {
      if (!lb.blocked) tryStealing(sim, lb)
      return
    }
    if (!hasRoom(sim, lb) && isStatsPolicy(sim)) {
      putBack(lb, sim.world.tasks[task], fromOverflow)
      lb.blocked = true
      lb.overflowBlocked = true
      return
    }
    if (isStatsPolicy(sim)) {
      startStatsRound(sim, lb, task, fromOverflow)
      return
    }
    decide(sim, lb, sim.world.tasks[task], fromOverflow)
  }
}

function putBack(lb: LbRecord, task: TaskRecord, fromOverflow: boolean): void {
  if (fromOverflow) {
    fifoUnshift(lb.overflow, task.index)
  } else {
    fifoUnshift(lb.queues[task.level], task.index)
  }
}

// The engine models the stats queries to every candidate as one round trip; the trace still shows
// each query and each reply.
function startStatsRound(sim: Sim, lb: LbRecord, taskIndex: number, fromOverflow: boolean): void {
  const task = sim.world.tasks[taskIndex]
  lb.roundTask = taskIndex
  lb.roundFromOverflow = fromOverflow
  lb.roundGen++
  note(sim, [lb.id], 'Scheduling Phase (SBDLB)')
  emit(sim, lb.id, lb.id, 'Retrieve Active VMs from Local Registry', 'self', task.id)
  const threshold = sim.config.sbdlb.threshold
  const trace = sim.traceMessages ? sim.trace : undefined
  // The round trip is as long as the farthest VM queried; an LB with only its home zone (and no
  // trace to write) knows that without looking at every VM.
  let hop = sim.config.latencies.intraZoneMs
  if (trace || lb.zones.length > 1) {
    hop = 0
    const lbId = trace ? intern(trace, lb.id) : 0
    const taskId = trace ? getTaskStrId(sim, task.index) : 0
    for (const vm of lb.pool) {
      if (vm.activeTasks >= threshold) continue
      const h = getHopMs(sim, lb.homeZone, vm.zone)
      if (h > hop) hop = h
      if (trace) {
        const label = vm.zone !== lb.homeZone ? LABELS.queryCross : LABELS.query
        appendMessageIds(
          trace,
          sim.world.now,
          lbId,
          getVmStrId(sim, vm.index),
          intern(trace, label),
          0,
          taskId,
        )
      }
    }
  }
  schedule(sim, sim.world.now + 2 * hop, PRIO.TASK, EV.STATS_REPLY, lb.index, lb.roundGen)
}

/** The stats replies are in: crashed VMs never answered, so they are not candidates. */
export function onStatsReply(sim: Sim, lb: LbRecord, gen: number): void {
  if (lb.state !== 'ACTIVE' || gen !== lb.roundGen || lb.roundTask < 0) return
  const task = sim.world.tasks[lb.roundTask]
  const fromOverflow = lb.roundFromOverflow
  lb.roundTask = -1
  if (sim.traceMessages) {
    const trace = sim.trace
    const threshold = sim.config.sbdlb.threshold
    const lbId = intern(trace, lb.id)
    const taskId = getTaskStrId(sim, task.index)
    for (const vm of lb.pool) {
      if (vm.activeTasks >= threshold || vm.state !== 'ALIVE') continue
      const label = vm.zone !== lb.homeZone ? LABELS.replyCross : LABELS.reply
      appendMessageIds(
        trace,
        sim.world.now,
        getVmStrId(sim, vm.index),
        lbId,
        intern(trace, label),
        1,
        taskId,
      )
    }
  }
  decide(sim, lb, task, fromOverflow)
  trySchedule(sim, lb)
}

function getCandidates(lb: LbRecord): readonly VmRecord[] {
  if (!lb.poolHasCrashed) return lb.pool
  return lb.pool.filter((vm) => vm.state === 'ALIVE')
}

function decide(sim: Sim, lb: LbRecord, task: TaskRecord, fromOverflow: boolean): void {
  const ctx: PolicyContext = {
    random: () => nextRandom(lb.rng),
    state: lb.policyState,
    explain: false,
  }
  const vms = isStatsPolicy(sim) ? getCandidates(lb) : lb.pool
  const decision = sim.policy.choose(task, vms, ctx)
  if (sim.explain) explainDecision(sim, lb, task, vms, decision.chosen)
  emit(sim, lb.id, lb.id, 'Calculate Score & Select Best VM', 'self', task.id)
  if (decision.chosen >= 0) {
    sendToVm(sim, lb, task, vms[decision.chosen])
    if (fromOverflow) updateZoneMetrics(sim, lb)
    return
  }
  if (fromOverflow) {
    putBack(lb, task, true)
    lb.overflowBlocked = true
  } else if (hasRoom(sim, lb)) {
    fifoPush(lb.overflow, task.index)
    emit(
      sim,
      lb.id,
      lb.id,
      `Move ${task.id} to Overflow Queue (no VM fits it now)`,
      'self',
      task.id,
    )
    updateZoneMetrics(sim, lb)
    offerWork(sim, lb)
  } else {
    putBack(lb, task, false)
    lb.blocked = true
    lb.overflowBlocked = true
  }
}

/**
 * Records why the VM won: the best few candidates' figures and SBDLB scores on the task (for the
 * Why panel) and in a note. Scores are recomputed here rather than asked of the policy, so a pool
 * of hundreds of VMs costs a pass over numbers, not an object per VM. Other policies name the VM.
 */
function explainDecision(
  sim: Sim,
  lb: LbRecord,
  task: TaskRecord,
  vms: readonly VmRecord[],
  chosen: number,
): void {
  const winner = chosen >= 0 ? vms[chosen].id : 'none'
  const name = sim.policy.name.toUpperCase()
  if (!isStatsPolicy(sim)) {
    note(sim, [lb.id], `${name} for ${task.id}: ${winner}`)
    return
  }
  const params = sim.config.sbdlb
  const top: VmRecord[] = []
  const scores: number[] = []
  let unsuitable = 0
  for (const vm of vms) {
    if (getSbdlbSkip(vm, task.p, params.threshold) !== undefined) {
      unsuitable++
      continue
    }
    const score = getSbdlbScore(vm, params)
    if (top.length === KEPT_CANDIDATES && score <= scores[top.length - 1]) continue
    let i = top.length
    while (i > 0 && scores[i - 1] < score) i--
    top.splice(i, 0, vm)
    scores.splice(i, 0, score)
    if (top.length > KEPT_CANDIDATES) {
      top.pop()
      scores.pop()
    }
  }
  const decision = top.map((vm, i) => ({
    vm: vm.id,
    availMips: vm.availMips,
    availRamMb: vm.availRamMb,
    availBwMbps: vm.availBwMbps,
    score: scores[i],
  }))
  sim.world.decisions ??= createDecisionLog()
  recordDecision(sim.world.decisions, task.index, top, scores)
  const rest = vms.length - top.length - unsuitable
  appendExplainNote(
    sim.trace,
    sim.world.now,
    lb.id,
    name,
    task.id,
    winner,
    decision,
    rest,
    unsuitable,
  )
}

function sendToVm(sim: Sim, lb: LbRecord, task: TaskRecord, vm: VmRecord): void {
  const world = sim.world
  task.attempts++
  task.vm = vm.index
  task.lb = lb.index
  task.remainingMi = task.lengthMi * task.pes
  task.heldMips = task.p * vm.mips
  task.heldRamMb = task.p * vm.ramMb
  task.heldBwMbps = task.p * vm.bwMbps
  vm.availMips -= task.heldMips
  vm.availRamMb -= task.heldRamMb
  vm.availBwMbps -= task.heldBwMbps
  vm.activeTasks++
  const cross = vm.zone !== lb.homeZone
  note(sim, [lb.id, vm.id], 'Execution Phase')
  emit(sim, lb.id, vm.id, cross ? 'Send Task Payload' : 'Send Task for Execution', 'call', task.id)
  cmdHset1(
    sim,
    lb.id,
    world.l2[vm.zone - 1],
    'Update Task Mapping (Status: RUNNING)',
    vm.id,
    task.id,
    'RUNNING',
    task.id,
  )
  emitState(sim, task.id, 'QUEUED', 'RUNNING', `on ${vm.id}, attempt ${task.attempts}`)
  task.state = 'RUNNING'
  cmdHset(
    sim,
    lb.id,
    world.l1,
    'Update Task Meta (Status: RUNNING)',
    task.metaKey,
    [
      'Status',
      'RUNNING',
      'Attempts',
      formatCount(task.attempts),
      'Assigned_Zone',
      getZoneName(vm.zone),
    ],
    task.id,
  )
  removeFromQueuedSet(sim, lb, lb, task)
  const hop = getHopMs(sim, lb.homeZone, vm.zone)
  schedule(sim, world.now + hop, PRIO.TASK, EV.TASK_AT_VM, vm.index, task.index, vm.epoch)
}

/** A completion notice reaches an LB; a crashed LB loses it (L2 keeps FINISHED for the next owner). */
export function onCompletionAtLb(sim: Sim, lb: LbRecord, taskIndex: number, vmIndex: number): void {
  if (lb.state !== 'ACTIVE') return
  const world = sim.world
  const task = world.tasks[taskIndex]
  const vm = world.vms[vmIndex]
  recordFinished(sim, lb, task, vm)
  onCapacityChanged(sim, lb)
  const owner = world.lbs[world.zoneOwner[vm.zone - 1]]
  if (owner !== lb && owner.state === 'ACTIVE') onCapacityChanged(sim, owner)
}

/** Marks a task FINISHED in L1 and clears its field from L2; a second report is counted, not applied. */
export function recordFinished(sim: Sim, lb: LbRecord, task: TaskRecord, vm: VmRecord): void {
  const world = sim.world
  if (task.state === 'FINISHED') {
    world.counters.duplicates++
    return
  }
  if (task.state !== 'RUNNING' || task.vm !== vm.index) return
  cmdHset1(
    sim,
    lb.id,
    world.l1,
    'Update Task Meta (Status: FINISHED)',
    task.metaKey,
    'Status',
    'FINISHED',
    task.id,
  )
  cmdHdel(
    sim,
    lb.id,
    world.l2[vm.zone - 1],
    `Clear Finished Task from ${vm.id}`,
    vm.id,
    task.id,
    task.id,
  )
  emitState(sim, task.id, 'RUNNING', 'FINISHED', `on ${vm.id}`)
  task.state = 'FINISHED'
  if (task.finishMs < 0) task.finishMs = world.now
  world.counters.finished++
}

/** Gives a task up after too many attempts, visibly: QUARANTINED in L1 with the reason. */
export function quarantine(sim: Sim, lb: LbRecord, task: TaskRecord, reason: string): void {
  const from = task.state
  task.state = 'QUARANTINED'
  task.reason = reason
  task.finishMs = sim.world.now
  emitState(sim, task.id, from, 'QUARANTINED', reason)
  cmdHset(
    sim,
    lb.id,
    sim.world.l1,
    'Update Task Meta (Status: QUARANTINED)',
    task.metaKey,
    ['Status', 'QUARANTINED', 'Reason', reason],
    task.id,
  )
  sim.world.counters.quarantined++
}

/** Writes the LB's queue figures into L1's `Zone_Metrics` (what thieves read). */
export function updateZoneMetrics(sim: Sim, lb: LbRecord): void {
  if (!sim.config.queues.workStealing) return
  let queued = 0
  for (const q of lb.queues) queued += fifoSize(q)
  cmdHset(sim, lb.id, sim.world.l1, 'Update Zone Metrics', 'Zone_Metrics', [
    `${lb.id}_Overflow`,
    String(fifoSize(lb.overflow)),
    `${lb.id}_Queued`,
    String(queued),
  ])
}

/** Clock-driven aging: a task waiting longer than the threshold moves one level up. */
export function onAging(sim: Sim, lb: LbRecord, gen: number): void {
  if (gen !== lb.agingGen) return
  lb.agingAt = Number.POSITIVE_INFINITY
  if (lb.state !== 'ACTIVE') return
  const { agingMs } = sim.config.queues
  const now = sim.world.now
  for (let level = 1; level <= 2; level++) {
    const q = lb.queues[level]
    while (fifoSize(q) > 0) {
      const task = sim.world.tasks[fifoPeek(q)]
      if (now - task.queuedAt <= agingMs) break
      fifoShift(q)
      task.level = level - 1
      task.queuedAt = now
      fifoPush(lb.queues[level - 1], task.index)
      sim.world.counters.promoted++
      emit(
        sim,
        lb.id,
        lb.id,
        `Promote ${task.id} to ${LEVEL_NAMES[level - 1]} Priority Queue (waited > ${agingMs / 1000}s)`,
        'self',
        task.id,
      )
    }
  }
  scheduleAging(sim, lb)
}

/** Schedules the next aging pass at the moment the oldest medium/low task becomes overdue. */
export function scheduleAging(sim: Sim, lb: LbRecord): void {
  let at = Number.POSITIVE_INFINITY
  for (let level = 1; level <= 2; level++) {
    const head = fifoPeek(lb.queues[level])
    if (head >= 0) at = Math.min(at, sim.world.tasks[head].queuedAt + sim.config.queues.agingMs + 1)
  }
  lb.agingGen++
  lb.agingAt = at
  if (at < Number.POSITIVE_INFINITY) schedule(sim, at, PRIO.TASK, EV.AGING, lb.index, lb.agingGen)
}

function isIdle(lb: LbRecord): boolean {
  if (lb.roundTask >= 0 || fifoSize(lb.overflow) > 0) return false
  for (const q of lb.queues) if (fifoSize(q) > 0) return false
  return true
}

/** A peer's overflow grew: idle LBs look for work (what their polling of Zone_Metrics would find). */
function offerWork(sim: Sim, victim: LbRecord): void {
  if (!sim.config.queues.workStealing) return
  for (const lb of sim.world.lbs) {
    if (lb !== victim && lb.state === 'ACTIVE' && isIdle(lb)) {
      schedule(
        sim,
        sim.world.now + sim.config.latencies.crossZoneMs,
        PRIO.TASK,
        EV.STEAL_CHECK,
        lb.index,
      )
    }
  }
}

/**
 * Work stealing (SPEC §4.1): an idle LB with room reads Zone_Metrics in L1 and takes up to a batch
 * from the busiest peer's overflow queue, atomically; each task's Assigned_LB/Zone change in L1.
 */
export function tryStealing(sim: Sim, lb: LbRecord): void {
  const world = sim.world
  if (!sim.config.queues.workStealing || lb.state !== 'ACTIVE' || !isIdle(lb)) return
  if (!hasRoom(sim, lb)) return
  let victim: LbRecord | undefined
  for (const peer of world.lbs) {
    if (peer === lb || peer.state !== 'ACTIVE') continue
    if (!victim || fifoSize(peer.overflow) > fifoSize(victim.overflow)) victim = peer
  }
  if (!victim || !hasStealable(sim, victim)) return
  note(sim, [lb.id, victim.id], 'Work Stealing', true)
  const metrics = sim.traceMessages
    ? cmdHgetall(sim, lb.id, world.l1, 'Read Zone Metrics', 'Zone_Metrics')
    : hgetall(world.l1, 'Zone_Metrics')
  if (Number(metrics[`${victim.id}_Overflow`] ?? 0) <= 0) return
  const batch = sim.config.queues.stealBatch
  emit(sim, lb.id, victim.id, `Request Work (up to ${batch} tasks)`)
  const taken: TaskRecord[] = []
  const kept: number[] = []
  while (fifoSize(victim.overflow) > 0) {
    const task = world.tasks[fifoShift(victim.overflow)]
    if (taken.length < batch && !task.stolen) taken.push(task)
    else kept.push(task.index)
  }
  for (const i of kept) fifoPush(victim.overflow, i)
  emit(
    sim,
    victim.id,
    lb.id,
    `Hand Over ${taken.map((t) => t.id).join(', ')} from Overflow Queue`,
    'reply',
  )
  for (const task of taken) {
    task.stolen = true
    world.counters.stolen++
    const zone = ['Assigned_Zone', getZoneName(lb.homeZone)]
    handOverQueuedTask(sim, victim, victim, lb, task, zone, getTypeLevel(task))
  }
  updateZoneMetrics(sim, victim)
  trySchedule(sim, lb)
}

function hasStealable(sim: Sim, victim: LbRecord): boolean {
  const q = victim.overflow
  for (let i = q.head; i < q.items.length; i++) if (!sim.world.tasks[q.items[i]].stolen) return true
  return false
}

/** Takes a task out of `owner`'s `Queued_<LB>` set in L1; `by` issues the SREM. */
export function removeFromQueuedSet(sim: Sim, by: LbRecord, owner: LbRecord, task: TaskRecord) {
  const label = `Remove Task from ${owner.id}'s Queue`
  cmdSrem(sim, by.id, sim.world.l1, label, `Queued_${owner.id}`, task.id, task.id)
}

/**
 * Moves a queued task from `from` to `to` (a takeover or a steal): out of `from`'s queued set (the
 * SREM issued by `by`), `Assigned_LB` (and `extra` field/value pairs) updated, into `to`'s queue.
 */
export function handOverQueuedTask(
  sim: Sim,
  by: LbRecord,
  from: LbRecord,
  to: LbRecord,
  task: TaskRecord,
  extra: readonly string[],
  level: number,
): void {
  removeFromQueuedSet(sim, by, from, task)
  const label = `Update Task Meta (Assigned_LB: ${to.id})`
  cmdHset(sim, to.id, sim.world.l1, label, task.metaKey, ['Assigned_LB', to.id, ...extra], task.id)
  enqueue(sim, to, task, level)
}

/** Moves a rescued task to the LB's high-priority queue, or quarantines it past the retry limit. */
export function rescueTask(sim: Sim, lb: LbRecord, task: TaskRecord, vm: VmRecord): void {
  const world = sim.world
  cmdHdel(
    sim,
    lb.id,
    world.l2[vm.zone - 1],
    `Clear Rescued Task from ${vm.id}`,
    vm.id,
    task.id,
    task.id,
  )
  if (task.state !== 'RUNNING' || task.vm !== vm.index) return
  if (task.heldMips || task.heldRamMb || task.heldBwMbps) {
    task.heldMips = task.heldRamMb = task.heldBwMbps = 0
  }
  task.vm = -1
  task.rescues++
  world.counters.rescued++
  if (task.attempts >= sim.config.queues.retryLimit) {
    quarantine(sim, lb, task, `failed ${task.attempts} attempts; last on ${vm.id}, which crashed`)
    return
  }
  emit(sim, lb.id, lb.id, `Move ${task.id} to High Priority Queue`, 'self', task.id)
  emitState(sim, task.id, 'RUNNING', 'QUEUED', `rescued from ${vm.id}`)
  task.state = 'QUEUED'
  cmdHset(
    sim,
    lb.id,
    world.l1,
    'Update Task Meta (Status: QUEUED)',
    task.metaKey,
    ['Status', 'QUEUED', 'Assigned_LB', lb.id],
    task.id,
  )
  enqueue(sim, lb, task, 0)
}
