// The global dispatcher: turns the workload into tasks, submits each to its zone's LB, and
// re-submits to a live LB when one does not answer. Reads L1 only for LB status and task meta.

import { cmdHget, EV, emit, note, PRIO, type Sim, schedule } from '../engine/context'
import { nextExponential, nextRandom, nextUniform } from '../engine/rng'
import type { LbRecord, TaskRecord } from '../engine/world'
import { FIRST_TASK_NUMBER, getTaskId, type ListedTask } from '../model/config'
import { normaliseLength } from '../policies/taskMix'
import type { TaskType } from '../policies/types'

export const DISPATCHER = 'Dispatcher'
const TYPES: readonly TaskType[] = ['Text', 'Image', 'Reel']

/** Schedules the workload's first arrival. */
export function startWorkload(sim: Sim): void {
  const w = sim.config.workload
  if (w.kind === 'list') {
    scheduleListed(sim)
  } else {
    sim.world.nextPoissonMs = nextExponential(sim.world.arrivals, 1000 / w.ratePerSecond)
    schedulePoisson(sim)
  }
}

function scheduleListed(sim: Sim): void {
  const tasks = sim.listedTasks
  const i = sim.world.workloadCursor
  if (i >= tasks.length) {
    sim.world.workloadDone = true
    return
  }
  schedule(sim, tasks[i].atMs, PRIO.TASK, EV.ARRIVAL)
}

function schedulePoisson(sim: Sim): void {
  const w = sim.config.workload
  if (w.kind !== 'poisson' || sim.world.nextPoissonMs >= w.durationMs) {
    sim.world.workloadDone = true
    return
  }
  schedule(sim, Math.floor(sim.world.nextPoissonMs), PRIO.TASK, EV.ARRIVAL)
}

function drawTask(sim: Sim): { type: TaskType; lengthMi: number } {
  const mix = sim.config.mix
  const total = mix.Text.share + mix.Image.share + mix.Reel.share
  let u = nextRandom(sim.world.arrivals) * total
  let type: TaskType = 'Reel'
  for (const t of TYPES) {
    if (u < mix[t].share) {
      type = t
      break
    }
    u -= mix[t].share
  }
  return {
    type,
    lengthMi: Math.round(nextUniform(sim.world.lengths, mix[type].minMi, mix[type].maxMi)),
  }
}

function createTask(
  sim: Sim,
  spec: { type: TaskType; lengthMi: number; pes?: number; zone?: number },
): TaskRecord {
  const world = sim.world
  const index = world.tasks.length
  const zones = sim.config.zones.length
  let zone = spec.zone
  if (zone === undefined) {
    zone = (world.dispatcher.nextZone % zones) + 1
    world.dispatcher.nextZone = (world.dispatcher.nextZone + 1) % zones
  }
  const range = sim.config.mix[spec.type]
  const task: TaskRecord = {
    index,
    n: FIRST_TASK_NUMBER + index,
    id: getTaskId(FIRST_TASK_NUMBER + index),
    metaKey: `Task_Meta_${FIRST_TASK_NUMBER + index}`,
    type: spec.type,
    lengthMi: spec.lengthMi,
    pes: spec.pes ?? 1,
    p: normaliseLength(spec.lengthMi, range),
    zone,
    arrivalMs: world.now,
    state: 'SUBMITTED',
    lb: -1,
    vm: -1,
    attempts: 0,
    remainingMi: spec.lengthMi,
    heldMips: 0,
    heldRamMb: 0,
    heldBwMbps: 0,
    level: 0,
    queuedAt: -1,
    firstStartMs: -1,
    startMs: -1,
    finishMs: -1,
    dispatchLb: -1,
    submissions: 0,
    rescues: 0,
    stolen: false,
    reason: '',
  }
  world.tasks.push(task)
  world.counters.submitted++
  return task
}

/** The next task of the workload arrives at the dispatcher. */
export function onArrival(sim: Sim): void {
  const world = sim.world
  let task: TaskRecord
  if (sim.config.workload.kind === 'list') {
    const spec: ListedTask = sim.listedTasks[world.workloadCursor++]
    task = createTask(sim, spec)
    scheduleListed(sim)
  } else {
    task = createTask(sim, drawTask(sim))
    world.nextPoissonMs += nextExponential(world.arrivals, 1000 / sim.config.workload.ratePerSecond)
    schedulePoisson(sim)
  }
  route(sim, task)
}

function findLiveLb(sim: Sim, after: number, avoid: number): LbRecord | undefined {
  const lbs = sim.world.lbs
  let fallback: LbRecord | undefined
  for (let k = 1; k <= lbs.length; k++) {
    const lb = lbs[(after + k + lbs.length) % lbs.length]
    if (lb.l1Status !== 'ALIVE') continue
    if (lb.index !== avoid) return lb
    fallback = lb
  }
  return fallback
}

function route(sim: Sim, task: TaskRecord): void {
  const world = sim.world
  const owner = world.lbs[world.zoneOwner[task.zone - 1]]
  const lb = owner.l1Status === 'ALIVE' ? owner : findLiveLb(sim, owner.index, owner.index)
  if (lb) submit(sim, task, lb, 'Submit Task Payload')
  else hold(sim, task)
}

function submit(sim: Sim, task: TaskRecord, lb: LbRecord, label: string): void {
  const now = sim.world.now
  task.submissions++
  task.dispatchLb = lb.index
  note(sim, [DISPATCHER, lb.id], 'Submission Phase')
  emit(sim, DISPATCHER, lb.id, label, 'call', task.id)
  schedule(
    sim,
    now + sim.config.latencies.crossZoneMs,
    PRIO.TASK,
    EV.LB_RECEIVE,
    lb.index,
    task.index,
  )
  schedule(
    sim,
    now + sim.config.timings.dispatchTimeoutMs,
    PRIO.TASK,
    EV.DISPATCH_TIMEOUT,
    task.index,
    task.submissions,
  )
}

function hold(sim: Sim, task: TaskRecord): void {
  sim.world.dispatcher.held.push(task.index)
  note(sim, [DISPATCHER], `${task.id} held: no live LB answers`, true)
}

/** No answer from the LB in time: if L1 has no meta for the task, submit it to another live LB. */
export function onDispatchTimeout(sim: Sim, task: TaskRecord, submission: number): void {
  if (task.submissions !== submission || task.lb >= 0 || task.state !== 'SUBMITTED') return
  const silent = sim.world.lbs[task.dispatchLb]
  const status = cmdHget(
    sim,
    DISPATCHER,
    sim.world.l1,
    `Check Task Meta (no answer from ${silent.id})`,
    task.metaKey,
    'Status',
    task.id,
  )
  if (status !== null) return
  // Each live LB gets two chances before the task waits for an LB to (re)join.
  const lb =
    task.submissions < 2 * sim.world.lbs.length
      ? findLiveLb(sim, silent.index, silent.index)
      : undefined
  if (!lb) {
    hold(sim, task)
    return
  }
  sim.world.counters.resubmitted++
  submit(sim, task, lb, `Re-submit Task Payload (no answer from ${silent.id})`)
}

/** An LB (re)joined: every held task is submitted to it. */
export function releaseHeld(sim: Sim, lb: LbRecord): void {
  const held = sim.world.dispatcher.held
  sim.world.dispatcher.held = []
  for (const i of held) {
    const task = sim.world.tasks[i]
    task.submissions = 0
    submit(sim, task, lb, 'Submit Task Payload')
  }
}
