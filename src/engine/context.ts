// The running simulation's shared context: config, world, event queue, trace and the helpers every
// component uses to schedule events and record trace events. No component logic lives here.

import { type CacheStore, hdel, hget, hgetall, hset, hsetnx, sadd, smembers, srem } from '../cache'
import { FIRST_TASK_NUMBER, type ListedTask, type SimConfig } from '../model/config'
import type { Policy } from '../policies/types'
import {
  appendFault,
  appendMessage,
  appendNote,
  appendState,
  intern,
  type TraceStore,
} from '../trace/store'
import type { MessageKind } from '../trace/types'
import { type EventQueue, pushEvent } from './eventQueue'
import type { TaskRecord, World } from './world'

/** Event kinds in the queue; `a`, `b`, `c` are integer arguments whose meaning the kind sets. */
export const EV = {
  ARRIVAL: 1,
  LB_RECEIVE: 2,
  DISPATCH_TIMEOUT: 3,
  STATS_REPLY: 4,
  TASK_AT_VM: 5,
  VM_COMPLETION: 6,
  COMPLETION_AT_LB: 7,
  HEALTH_CHECK: 8,
  PEER_CHECK: 9,
  VM_HEARTBEAT: 10,
  LB_HEARTBEAT: 11,
  MACHINE_DELAYED: 12,
  FAULT: 13,
  AGING: 14,
  STEAL_CHECK: 15,
  INJECTED_FAULT: 16,
} as const

/**
 * Same-millisecond order: faults first (a crash at t stops the heartbeat due at t), then machine
 * timers (a VM back at t is seen by a check at t), then task traffic, heartbeats, checks.
 */
export const PRIO = { FAULT: 0, MACHINE: 1, TASK: 3, HEARTBEAT: 4, CHECK: 5 } as const

export interface Sim {
  readonly config: SimConfig
  readonly policy: Policy
  world: World
  queue: EventQueue
  trace: TraceStore
  /** Trace messages (all but the periodic ones) — detail `full` or `messages`. */
  readonly traceMessages: boolean
  /** Every periodic heartbeat and health check is a real event (and traced when messages are). */
  readonly periodic: boolean
  /** Fill SBDLB candidates in decisions and in the trace's score notes. */
  readonly explain: boolean
  /** Gap between zones' VM numbers (SPEC §1: 100 unless zones hold more VMs). */
  readonly stride: number
  /** A list workload's tasks in arrival order (stable by `atMs`). */
  readonly listedTasks: readonly ListedTask[]
  /** Interned trace-string ids of VM ids (by VM index) and task ids (by task index), or −1. */
  readonly vmStrIds: Int32Array
  readonly taskStrIds: number[]
}

/** The trace-string id of a VM's id, interned once. */
export function getVmStrId(sim: Sim, index: number): number {
  let id = sim.vmStrIds[index]
  if (id < 0) {
    id = intern(sim.trace, sim.world.vms[index].id)
    sim.vmStrIds[index] = id
  }
  return id
}

/** The trace-string id of a task's id, interned once. */
export function getTaskStrId(sim: Sim, index: number): number {
  let id = sim.taskStrIds[index]
  if (id === undefined) {
    id = intern(sim.trace, sim.world.tasks[index].id)
    sim.taskStrIds[index] = id
  }
  return id
}

/** The task record of a trace id such as `Task_101` (ids are dense from FIRST_TASK_NUMBER). */
export function getTaskById(sim: Sim, id: string): TaskRecord {
  return sim.world.tasks[Number(id.slice(5)) - FIRST_TASK_NUMBER]
}

/** Schedules an event at `time` (integer ms, never before now). */
export function schedule(
  sim: Sim,
  time: number,
  prio: number,
  kind: number,
  a = 0,
  b = 0,
  c = 0,
): void {
  pushEvent(sim.queue, Math.max(time, sim.world.now), prio, kind, a, b, c)
}

/** A fresh token (for cancellable timers). */
export function nextToken(sim: Sim): number {
  return ++sim.world.tokens
}

/** Records a message (when messages are traced). */
export function emit(
  sim: Sim,
  from: string,
  to: string,
  label: string,
  kind: MessageKind = 'call',
  task?: string,
): void {
  if (sim.traceMessages) appendMessage(sim.trace, sim.world.now, from, to, label, kind, task)
}

/** Records a note; per-task phase notes only when messages are traced, others always. */
export function note(sim: Sim, over: readonly string[], text: string, always = false): void {
  if (always || sim.traceMessages) appendNote(sim.trace, sim.world.now, over, text)
}

/** Records a lifecycle change. */
export function emitState(
  sim: Sim,
  entity: string,
  from: string,
  to: string,
  detail?: string,
): void {
  appendState(sim.trace, sim.world.now, entity, from, to, detail)
}

/** Records an injected fault. */
export function emitFault(sim: Sim, target: string, action: 'crash' | 'restart'): void {
  appendFault(sim.trace, sim.world.now, target, action)
}

function traceCommand(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  name: string,
  args: readonly string[],
  task?: string,
): void {
  if (sim.traceMessages) {
    appendMessage(sim.trace, sim.world.now, from, store.id, label, 'call', task, name, args)
  }
}

/** HSET with one or more field/value pairs, traced as one command. */
export function cmdHset(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
  pairs: readonly string[],
  task?: string,
): void {
  if (sim.traceMessages) traceCommand(sim, from, store, label, 'HSET', [key, ...pairs], task)
  for (let i = 0; i < pairs.length; i += 2) hset(store, key, pairs[i], pairs[i + 1])
}

/** HSET of a single field, without allocating when messages are not traced. */
export function cmdHset1(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
  field: string,
  value: string,
  task?: string,
): void {
  if (sim.traceMessages) traceCommand(sim, from, store, label, 'HSET', [key, field, value], task)
  hset(store, key, field, value)
}

/** HSETNX: 1 when this caller set the field (it won), 0 when someone had already. */
export function cmdHsetnx(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
  field: string,
  value: string,
): number {
  traceCommand(sim, from, store, label, 'HSETNX', [key, field, value])
  return hsetnx(store, key, field, value)
}

export function cmdHget(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
  field: string,
  task?: string,
): string | null {
  traceCommand(sim, from, store, label, 'HGET', [key, field], task)
  return hget(store, key, field)
}

export function cmdHgetall(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
): Record<string, string> {
  traceCommand(sim, from, store, label, 'HGETALL', [key])
  return hgetall(store, key)
}

export function cmdHdel(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
  field: string,
  task?: string,
): void {
  if (sim.traceMessages) traceCommand(sim, from, store, label, 'HDEL', [key, field], task)
  hdel(store, key, field)
}

export function cmdSadd(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
  member: string,
  task?: string,
): void {
  if (sim.traceMessages) traceCommand(sim, from, store, label, 'SADD', [key, member], task)
  sadd(store, key, member)
}

export function cmdSrem(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
  member: string,
  task?: string,
): void {
  if (sim.traceMessages) traceCommand(sim, from, store, label, 'SREM', [key, member], task)
  srem(store, key, member)
}

export function cmdSmembers(
  sim: Sim,
  from: string,
  store: CacheStore,
  label: string,
  key: string,
): string[] {
  traceCommand(sim, from, store, label, 'SMEMBERS', [key])
  return smembers(store, key)
}

/** One-way network latency between two zones (0 = the dispatcher / L1, which sit outside). */
export function getHopMs(sim: Sim, fromZone: number, toZone: number): number {
  const l = sim.config.latencies
  return fromZone !== 0 && fromZone === toZone ? l.intraZoneMs : l.crossZoneMs
}

/** Seconds as the diagrams write them: `10s`, `2.5s`. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`
}
