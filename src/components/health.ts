// Failure detection and recovery (seed diagrams B and C): the LB's health checks of its VMs, VM
// death, rescue and restart; LB heartbeats, peer checks, zone takeover and an LB's rejoin.
// Periodic work costs an event only at trace detail `full`; otherwise checks are scheduled for the
// ticks whose outcome something observes, which gives the same run (see README, "Derived timers").

import { hgetall } from '../cache'
import {
  cmdHget,
  cmdHgetall,
  cmdHset,
  cmdHset1,
  cmdHsetnx,
  cmdSmembers,
  EV,
  emit,
  formatSeconds,
  getTaskById,
  note,
  PRIO,
  type Sim,
  schedule,
} from '../engine/context'
import { fifoDrain } from '../engine/fifo'
import type { LbRecord, VmRecord } from '../engine/world'
import { sendLb, sendVm } from './lifecycle'
import {
  enqueue,
  getTypeLevel,
  handOverQueuedTask,
  onCapacityChanged,
  recordFinished,
  removeFromQueuedSet,
  rescueTask,
} from './loadBalancer'
import { getLastVmHeartbeat } from './vmAgent'

const INF = Number.POSITIVE_INFINITY

/** First tick of a series (phase + k × interval) at or after `t` and after `lastRun`. */
export function getTickAtOrAfter(
  phase: number,
  interval: number,
  t: number,
  lastRun: number,
): number {
  const from = Math.max(t, lastRun + 1)
  const k = Math.max(0, Math.ceil((from - phase) / interval))
  return phase + k * interval
}

function vmsOfZone(sim: Sim, zone: number): VmRecord[] {
  const [start, end] = sim.world.zoneVmRange[zone - 1]
  return sim.world.vms.slice(start, end)
}

// ---- VM health (diagram B) -------------------------------------------------------------------

/** Derived mode: schedules the LB's next health check that will find something, if any. */
export function scheduleHealthCheck(sim: Sim, lb: LbRecord): void {
  if (sim.periodic || lb.state !== 'ACTIVE') return
  const t = sim.config.timings
  const now = sim.world.now
  // A check already due now sees everything that could change this instant.
  if (lb.checkAt === now && lb.lastCheckAt !== now) return
  let due = INF
  for (const zone of lb.zones) {
    const [start, end] = sim.world.zoneVmRange[zone - 1]
    for (let i = start; i < end; i++) {
      const vm = sim.world.vms[i]
      let at = INF
      if (vm.l2Status === 'ALIVE') {
        if (vm.hbStop >= 0) at = getLastVmHeartbeat(sim, vm, now) + t.vmTimeoutMs + 1
        else if (!vm.inPool) at = now
      } else if (vm.l2Status === 'RESTARTING' && vm.state !== 'ALIVE') {
        at = vm.restartIssuedAt + t.vmRestartMs + t.vmTimeoutMs + 1
      }
      if (at < due) due = at
    }
  }
  const tick =
    due === INF
      ? INF
      : getTickAtOrAfter(lb.checkPhase, t.healthCheckMs, Math.max(due, now), lb.lastCheckAt)
  if (tick === lb.checkAt) return
  lb.checkGen++
  lb.checkAt = tick
  if (tick < INF) schedule(sim, tick, PRIO.CHECK, EV.HEALTH_CHECK, lb.index, lb.checkGen)
}

/** The LB's 3 s health check: reads each VM's last heartbeat in L2 and acts on what it finds. */
export function onHealthCheck(sim: Sim, lb: LbRecord, gen: number): void {
  if (gen !== lb.checkGen || lb.state !== 'ACTIVE') return
  const world = sim.world
  const t = sim.config.timings
  const now = world.now
  lb.checkAt = INF
  if (lb.lastCheckAt !== now) {
    lb.lastCheckAt = now
    for (const zone of lb.zones) {
      const l2 = world.l2[zone - 1]
      for (const vm of vmsOfZone(sim, zone)) {
        const last = getLastVmHeartbeat(sim, vm, now)
        const stale = vm.l2Status === 'ALIVE' && now - last > t.vmTimeoutMs
        const restartFailed =
          vm.l2Status === 'RESTARTING' &&
          vm.state !== 'ALIVE' &&
          now - vm.restartIssuedAt > t.vmRestartMs + t.vmTimeoutMs
        const rejoined = vm.l2Status === 'ALIVE' && !stale && !vm.inPool
        if (sim.periodic || stale || restartFailed) {
          cmdHget(sim, lb.id, l2, 'Check Last Heartbeat Timestamp', vm.id, 'Last_Heartbeat')
        }
        if (stale) declareVmDead(sim, lb, vm, last)
        else if (restartFailed) triggerRestart(sim, lb, vm, 'the restart timed out')
        else if (rejoined) addToPool(sim, lb, vm)
      }
    }
  }
  if (sim.periodic) {
    schedule(sim, now + t.healthCheckMs, PRIO.CHECK, EV.HEALTH_CHECK, lb.index, gen)
  } else {
    scheduleHealthCheck(sim, lb)
  }
}

function addToPool(sim: Sim, lb: LbRecord, vm: VmRecord): void {
  vm.inPool = true
  insertByNum(lb.pool, vm)
  const restarted = vm.epoch > 0
  note(
    sim,
    [lb.id],
    `${vm.id} ${restarted ? 'added back to' : 'added to'} Available Pool`,
    restarted,
  )
  for (const d of sim.world.detections) {
    if (d.kind === 'vm' && d.target === vm.id && d.recoveredAt < 0 && d.detectedAt >= 0)
      d.recoveredAt = sim.world.now
  }
  onCapacityChanged(sim, lb)
}

/** Inserts `vm` into a pool kept ascending by VM number (binary search; no full sort). */
function insertByNum(pool: VmRecord[], vm: VmRecord): void {
  let lo = 0
  let hi = pool.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (pool[mid].num < vm.num) lo = mid + 1
    else hi = mid
  }
  pool.splice(lo, 0, vm)
}

function removeFromPool(lb: LbRecord, vm: VmRecord): void {
  vm.inPool = false
  lb.pool = lb.pool.filter((v) => v !== vm)
  lb.poolHasCrashed = lb.pool.some((v) => v.state !== 'ALIVE')
}

/** Diagram B: mark DEAD, rescue every RUNNING task from L2, trigger a restart. */
function declareVmDead(sim: Sim, lb: LbRecord, vm: VmRecord, lastHeartbeat: number): void {
  const world = sim.world
  const t = sim.config.timings
  const l2 = world.l2[vm.zone - 1]
  note(sim, [lb.id, l2.id], 'Failure Detection', true)
  emit(sim, lb.id, lb.id, `Detect Timeout (>${formatSeconds(t.vmTimeoutMs)})`, 'self')
  cmdHset1(sim, lb.id, l2, 'Mark VM Status as DEAD', vm.id, 'Status', 'DEAD')
  vm.l2Status = 'DEAD'
  // A zone nobody watched (its LB dead, no takeover yet) is judged from when watching resumed.
  const since = world.zoneWatchedSince[vm.zone - 1]
  const watched =
    since > lastHeartbeat ? `; zone watched by ${lb.id} since ${formatSeconds(since)}` : ''
  const detail = `last heartbeat at ${formatSeconds(lastHeartbeat)}${watched}`
  sendVm(sim, vm, { type: 'HEARTBEAT_TIMED_OUT' }, detail)
  if (vm.inPool) removeFromPool(lb, vm)
  for (const d of world.detections) {
    if (d.kind === 'vm' && d.target === vm.id && d.detectedAt < 0) d.detectedAt = world.now
  }
  note(sim, [lb.id, l2.id], 'Task Rescue', true)
  const fields = cmdHgetall(sim, lb.id, l2, `Retrieve All RUNNING Tasks on ${vm.id}`, vm.id)
  const running = Object.keys(fields)
    .filter((f) => f.startsWith('Task_') && fields[f] === 'RUNNING')
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
  emit(sim, l2.id, lb.id, `Return Task List (${running.join(', ') || 'none'})`, 'reply')
  for (const id of running) rescueTask(sim, lb, getTaskById(sim, id), vm)
  triggerRestart(sim, lb, vm)
  onCapacityChanged(sim, lb)
}

function triggerRestart(sim: Sim, lb: LbRecord, vm: VmRecord, why?: string): void {
  const l2 = sim.world.l2[vm.zone - 1]
  note(sim, [lb.id, vm.id], 'Soft Recovery', true)
  emit(sim, lb.id, vm.id, 'Trigger Restart Command')
  sendVm(sim, vm, { type: 'RESTART' }, why)
  vm.restartIssuedAt = sim.world.now
  cmdHset1(sim, lb.id, l2, 'Update VM Status (RESTARTING)', vm.id, 'Status', 'RESTARTING')
  vm.l2Status = 'RESTARTING'
  note(
    sim,
    [vm.id],
    `⏳ Booting up (${formatSeconds(sim.config.timings.vmRestartMs)} delay)...`,
    true,
  )
}

// ---- LB health (diagram C) -------------------------------------------------------------------

/** Time of the LB's last heartbeat into L1 at or before `at`. */
export function getLastLbHeartbeat(sim: Sim, lb: LbRecord, at: number): number {
  const end = lb.hbStop >= 0 ? lb.hbStop - 1 : at
  if (end < lb.hbPhase) return lb.hbPhase
  const period = sim.config.timings.lbHeartbeatMs
  return lb.hbPhase + Math.floor((end - lb.hbPhase) / period) * period
}

/** A periodic LB heartbeat into L1 (only at trace detail `full`). */
export function onLbHeartbeat(sim: Sim, lb: LbRecord, epoch: number): void {
  if (lb.epoch !== epoch || lb.state !== 'ACTIVE') return
  const period = sim.config.timings.lbHeartbeatMs
  cmdHset1(
    sim,
    lb.id,
    sim.world.l1,
    'Send Heartbeat',
    'LB_Status',
    `LB_${lb.num}_Heartbeat`,
    String(sim.world.now),
  )
  schedule(sim, sim.world.now + period, PRIO.HEARTBEAT, EV.LB_HEARTBEAT, lb.index, epoch)
}

/** Derived mode: schedules the LB's next peer check that will find a stale peer, if any. */
export function schedulePeerCheck(sim: Sim, lb: LbRecord): void {
  if (sim.periodic || lb.state !== 'ACTIVE') return
  const t = sim.config.timings
  let due = INF
  for (const peer of sim.world.lbs) {
    if (peer === lb || peer.l1Status !== 'ALIVE' || peer.hbStop < 0) continue
    due = Math.min(due, getLastLbHeartbeat(sim, peer, sim.world.now) + t.lbTimeoutMs + 1)
  }
  const tick =
    due === INF
      ? INF
      : getTickAtOrAfter(
          lb.checkPhase,
          t.lbCheckMs,
          Math.max(due, sim.world.now),
          lb.lastPeerCheckAt,
        )
  if (tick === lb.peerCheckAt) return
  lb.peerCheckGen++
  lb.peerCheckAt = tick
  if (tick < INF) schedule(sim, tick, PRIO.CHECK, EV.PEER_CHECK, lb.index, lb.peerCheckGen)
}

/** The LB's 3 s peer check: reads each peer's heartbeat in L1; a stale one is declared dead. */
export function onPeerCheck(sim: Sim, lb: LbRecord, gen: number): void {
  if (gen !== lb.peerCheckGen || lb.state !== 'ACTIVE') return
  const now = sim.world.now
  const t = sim.config.timings
  lb.peerCheckAt = INF
  if (lb.lastPeerCheckAt !== now) {
    lb.lastPeerCheckAt = now
    for (const peer of sim.world.lbs) {
      if (peer === lb || peer.l1Status !== 'ALIVE') continue
      const stale = now - getLastLbHeartbeat(sim, peer, now) > t.lbTimeoutMs
      if (sim.periodic || stale) {
        cmdHget(
          sim,
          lb.id,
          sim.world.l1,
          `Check ${peer.id} Heartbeat`,
          'LB_Status',
          `LB_${peer.num}_Heartbeat`,
        )
      }
      if (stale) declareLbDead(sim, lb, peer)
    }
  }
  if (sim.periodic) schedule(sim, now + t.lbCheckMs, PRIO.CHECK, EV.PEER_CHECK, lb.index, gen)
  else schedulePeerCheck(sim, lb)
}

function declareLbDead(sim: Sim, lb: LbRecord, dead: LbRecord): void {
  const world = sim.world
  note(sim, [lb.id, world.l1.id], 'Peer Failure Detection', true)
  emit(
    sim,
    lb.id,
    lb.id,
    `Detect Timeout (>${formatSeconds(sim.config.timings.lbTimeoutMs)})`,
    'self',
  )
  cmdHset1(
    sim,
    lb.id,
    world.l1,
    `Mark ${dead.id} Status as DEAD`,
    'LB_Status',
    `LB_${dead.num}_Status`,
    'DEAD',
  )
  dead.l1Status = 'DEAD'
  if (dead.state === 'CRASHED')
    sendLb(sim, dead, { type: 'PEER_TIMED_OUT' }, `declared by ${lb.id}`)
  for (const d of world.detections) {
    if (d.kind === 'lb' && d.target === dead.id && d.detectedAt < 0) d.detectedAt = world.now
  }
  const zones = world.zoneOwner.flatMap((owner, z) => (owner === dead.index ? [z + 1] : []))
  if (zones.length === 0) return
  note(sim, [lb.id, world.l2[zones[0] - 1].id], 'Zone Takeover', true)
  sendLb(sim, lb, { type: 'TAKEOVER_STARTED' })
  for (const z of zones) takeOverZone(sim, lb, z, dead)
  note(sim, [lb.id, world.l1.id], 'Task Recovery', true)
  recoverQueuedTasks(sim, lb, dead)
  note(sim, [lb.id], 'Unified Scheduling', true)
  sendLb(sim, lb, { type: 'TAKEOVER_DONE', zones: lb.zones.length } as never)
  for (const z of zones) {
    note(sim, [lb.id], `Zone ${z} Resources now managed by ${lb.id}`, true)
    const crash = world.detections.findLast((d) => d.kind === 'lb' && d.target === dead.id)
    world.takeovers.push({
      zone: z,
      from: dead.id,
      to: lb.id,
      crashedAt: crash?.crashedAt ?? -1,
      atMs: world.now,
    })
    if (crash && crash.recoveredAt < 0) crash.recoveredAt = world.now
  }
  scheduleHealthCheck(sim, lb)
  onCapacityChanged(sim, lb)
}

/** Claims zone `z` atomically in L1 (one winner per epoch) and merges its VMs into `lb`'s registry. */
function takeOverZone(sim: Sim, lb: LbRecord, z: number, from: LbRecord): boolean {
  const world = sim.world
  const epoch = world.zoneEpoch[z - 1] + 1
  const won = cmdHsetnx(
    sim,
    lb.id,
    world.l1,
    `Claim Zone ${z} (epoch ${epoch})`,
    'Zone_Owner_Claims',
    `Zone_${z}@${epoch}`,
    lb.id,
  )
  if (!won) return false
  cmdHset1(
    sim,
    lb.id,
    world.l1,
    `Update Zone ${z} Owner`,
    'Zone_Owner',
    `Zone_${z}`,
    `${lb.id}@${epoch}`,
  )
  world.zoneEpoch[z - 1] = epoch
  world.zoneOwner[z - 1] = lb.index
  world.zoneWatchedSince[z - 1] = world.now
  releaseZone(sim, from, z)
  const l2 = world.l2[z - 1]
  cmdHget(
    sim,
    lb.id,
    world.l1,
    `Request Zone ${z} Configuration`,
    'System_Registry',
    `Zone_${z}_Config`,
  )
  emit(sim, world.l1.id, lb.id, `Return Zone ${z} L2 Cache Details`, 'reply')
  emit(sim, lb.id, l2.id, `Connect to Zone ${z} Cache`)
  cmdSmembers(sim, lb.id, l2, `Retrieve Zone ${z} Active VM List`, 'Zone_VMs')
  emit(sim, l2.id, lb.id, 'Return VM IDs & Access Info', 'reply')
  emit(sim, lb.id, lb.id, `Merge Zone ${z} VMs into Local Registry`, 'self')
  adoptZone(sim, lb, z)
  return true
}

/** `lb` takes zone `z` into its registry: the VMs L2 lists ALIVE join its pool; completions that
 * reached L2 while nobody owned the zone are recorded now. */
function adoptZone(sim: Sim, lb: LbRecord, z: number): void {
  const world = sim.world
  if (!lb.zones.includes(z)) lb.zones = [...lb.zones, z].sort((a, b) => a - b)
  const l2 = world.l2[z - 1]
  for (const vm of vmsOfZone(sim, z)) {
    if (vm.l2Status === 'ALIVE' && !vm.inPool) {
      vm.inPool = true
      lb.pool.push(vm)
      if (vm.state !== 'ALIVE') lb.poolHasCrashed = true
    }
    const fields = hgetall(l2, vm.id)
    for (const f of Object.keys(fields)) {
      if (!f.startsWith('Task_') || fields[f] !== 'FINISHED') continue
      const task = getTaskById(sim, f)
      emit(sim, lb.id, l2.id, `Collect Finished ${f} from ${vm.id}`, 'call', f)
      recordFinished(sim, lb, task, vm)
    }
  }
  lb.pool.sort((a, b) => a.num - b.num)
}

/** `lb` stops managing zone `z` (a peer took it, or gave it back to its restarted home LB). */
function releaseZone(sim: Sim, lb: LbRecord, z: number): void {
  lb.zones = lb.zones.filter((zone) => zone !== z)
  for (const vm of lb.pool) if (vm.zone === z) vm.inPool = false
  lb.pool = lb.pool.filter((vm) => vm.zone !== z)
  lb.poolHasCrashed = lb.pool.some((v) => v.state !== 'ALIVE')
  if (lb.state === 'ACTIVE') {
    sendLb(
      sim,
      lb,
      { type: 'ZONES_RELEASED', zones: lb.zones.length } as never,
      `released Zone ${z}`,
    )
  }
}

/** Diagram C's task recovery: the dead LB's `Queued_<LB>` set moves to `lb`'s queues. */
function recoverQueuedTasks(sim: Sim, lb: LbRecord, dead: LbRecord): void {
  const world = sim.world
  const ids = cmdSmembers(
    sim,
    lb.id,
    world.l1,
    `Retrieve ${dead.id}'s QUEUED Tasks`,
    `Queued_${dead.id}`,
  )
  for (const q of dead.queues) fifoDrain(q)
  fifoDrain(dead.overflow)
  dead.roundTask = -1
  const tasks = ids.map((id) => getTaskById(sim, id))
  tasks.sort((a, b) => a.n - b.n)
  emit(
    sim,
    lb.id,
    lb.id,
    `Add Tasks to Scheduling Queue (${tasks.map((t) => t.id).join(', ') || 'none'})`,
    'self',
  )
  for (const task of tasks) {
    const level = Math.min(task.level, getTypeLevel(task))
    if (task.state === 'QUEUED') handOverQueuedTask(sim, lb, dead, lb, task, [], level)
    else removeFromQueuedSet(sim, lb, dead, task)
  }
}

// ---- LB crash and rejoin ---------------------------------------------------------------------

/** Crashes an LB: it stops heartbeating and answering; its queues stay in L1 for a successor. */
export function crashLb(sim: Sim, lb: LbRecord): boolean {
  if (lb.state === 'CRASHED' || lb.state === 'DEAD') return false
  const world = sim.world
  if (lb.state === 'ACTIVE') {
    lb.hbStop = world.now
    const last = getLastLbHeartbeat(sim, lb, world.now)
    world.detections.push({
      kind: 'lb',
      target: lb.id,
      crashedAt: world.now,
      lastHeartbeatMs: last,
      detectedAt: -1,
      recoveredAt: -1,
    })
  }
  lb.crashedAt = world.now
  lb.epoch++
  lb.checkGen++
  lb.peerCheckGen++
  lb.agingGen++
  lb.roundGen++
  lb.roundTask = -1
  lb.checkAt = INF
  lb.peerCheckAt = INF
  lb.agingAt = INF
  note(sim, [lb.id], `💥 ${lb.id} CRASHES 💥`, true)
  sendLb(sim, lb, { type: 'CRASH' })
  for (const peer of world.lbs) if (peer !== lb) schedulePeerCheck(sim, peer)
  return true
}

/** The LB machine's `rejoin`: heartbeats again, reloads what it still owns, takes its home zone back. */
export function rejoinLb(sim: Sim, lb: LbRecord): void {
  const world = sim.world
  const now = world.now
  lb.hbPhase = now
  lb.hbStop = -1
  lb.checkPhase = now
  lb.lastCheckAt = -1
  lb.lastPeerCheckAt = -1
  lb.l1Status = 'ALIVE'
  lb.blocked = false
  lb.overflowBlocked = false
  cmdHset(sim, lb.id, world.l1, 'Send Heartbeat (Status: ALIVE)', 'LB_Status', [
    `LB_${lb.num}_Heartbeat`,
    String(now),
    `LB_${lb.num}_Status`,
    'ALIVE',
  ])
  for (const q of lb.queues) fifoDrain(q)
  fifoDrain(lb.overflow)
  lb.pool = []
  for (const vm of world.vms) if (lb.zones.includes(vm.zone)) vm.inPool = false
  const home = lb.homeZone
  const owner = world.lbs[world.zoneOwner[home - 1]]
  if (owner !== lb) {
    note(sim, [lb.id, owner.id], 'Zone Takeover', true)
    sendLb(sim, lb, { type: 'TAKEOVER_STARTED' })
    takeOverZone(sim, lb, home, owner)
    sendLb(sim, lb, { type: 'TAKEOVER_DONE', zones: lb.zones.length } as never)
    note(sim, [lb.id], `Zone ${home} Resources now managed by ${lb.id}`, true)
    world.takeovers.push({ zone: home, from: owner.id, to: lb.id, crashedAt: -1, atMs: now })
    if (owner.state === 'ACTIVE') onCapacityChanged(sim, owner)
  }
  for (const z of lb.zones) {
    world.zoneWatchedSince[z - 1] = Math.max(world.zoneWatchedSince[z - 1], now)
    adoptZone(sim, lb, z)
  }
  const ids = cmdSmembers(
    sim,
    lb.id,
    world.l1,
    `Retrieve ${lb.id}'s QUEUED Tasks`,
    `Queued_${lb.id}`,
  )
  const tasks = ids.map((id) => getTaskById(sim, id)).sort((a, b) => a.n - b.n)
  for (const task of tasks) {
    if (task.state !== 'QUEUED' || task.lb !== lb.index) {
      removeFromQueuedSet(sim, lb, lb, task)
      continue
    }
    enqueue(sim, lb, task, Math.min(task.level, getTypeLevel(task)))
  }
  startChecks(sim, lb)
  onCapacityChanged(sim, lb)
}

/** Starts the LB's periodic work: real events at detail `full`, derived schedules otherwise. */
export function startChecks(sim: Sim, lb: LbRecord): void {
  const now = sim.world.now
  const t = sim.config.timings
  if (sim.periodic) {
    lb.checkGen++
    lb.peerCheckGen++
    schedule(sim, now, PRIO.CHECK, EV.HEALTH_CHECK, lb.index, lb.checkGen)
    schedule(sim, now, PRIO.CHECK, EV.PEER_CHECK, lb.index, lb.peerCheckGen)
    schedule(sim, now + t.lbHeartbeatMs, PRIO.HEARTBEAT, EV.LB_HEARTBEAT, lb.index, lb.epoch)
  } else {
    lb.checkAt = INF
    lb.peerCheckAt = INF
    scheduleHealthCheck(sim, lb)
    schedulePeerCheck(sim, lb)
  }
}
