// Glue between the XState lifecycle machines and the engine: steps a VM's or LB's machine, records
// the `state` trace event, and turns the machine's delayed events into engine events (sim time).

import type { AnyStateMachine, EventObject } from 'xstate'
import { EV, emitState, nextToken, PRIO, type Sim, schedule } from '../engine/context'
import type { LbRecord, VmRecord } from '../engine/world'
import { type MachinePlan, stepMachine } from '../machines/driver'
import { getLbDetail, getLbStateName, lbMachine } from '../machines/lbMachine'
import { getVmStateName, vmMachine } from '../machines/vmMachine'

// Events that only move between alive.idle and alive.busy: cached, no trace event, no action.
const PURE_VM_EVENTS = new Set(['TASK_STARTED', 'TASKS_DRAINED'])

interface Contexts {
  vm: { bootMs: number; restartMs: number }
  vmKey: string
  lb: { restartMs: number }
  lbKey: string
}

// The machines' contexts depend only on the run's timings: built once per run, with their keys.
const contexts = new WeakMap<Sim['config'], Contexts>()

function getContexts(sim: Sim): Contexts {
  let c = contexts.get(sim.config)
  if (!c) {
    const vm = { bootMs: 0, restartMs: sim.config.timings.vmRestartMs }
    const lb = { restartMs: sim.config.timings.lbRestartMs }
    c = { vm, vmKey: JSON.stringify(vm), lb, lbKey: JSON.stringify(lb) }
    contexts.set(sim.config, c)
  }
  return c
}

/** Machine context of a VM, from the run's timings (VMs boot at once at t = 0). */
export function getVmContext(sim: Sim) {
  return getContexts(sim).vm
}

/** Machine context of an LB, from the run's timings. */
export function getLbContext(sim: Sim) {
  return getContexts(sim).lb
}

function eventNameId(sim: Sim, name: string): number {
  const names = sim.world.eventNames
  let id = names.indexOf(name)
  if (id < 0) {
    id = names.length
    names.push(name)
  }
  return id
}

/** Schedules a plan's delayed events and forgets cancelled ones; returns the named actions. */
export function applyPlan(
  sim: Sim,
  timers: Record<string, number>,
  entityCode: number,
  plan: MachinePlan,
): string[] {
  for (const id of plan.cancelled) delete timers[id]
  for (const d of plan.delayed) {
    const token = nextToken(sim)
    timers[d.id] = token
    schedule(
      sim,
      sim.world.now + d.delayMs,
      PRIO.MACHINE,
      EV.MACHINE_DELAYED,
      entityCode,
      token,
      eventNameId(sim, `${d.id}\u0000${d.event}`),
    )
  }
  return plan.actions
}

/** Entity code carried by MACHINE_DELAYED: a VM index, or −(LB index + 1). */
export const lbEntityCode = (lb: LbRecord): number => -(lb.index + 1)

/** Sends `event` to the VM's machine; records a `state` event when its top-level state changes. */
export function sendVm(sim: Sim, vm: VmRecord, event: EventObject, detail?: string): string[] {
  if (PURE_VM_EVENTS.has(event.type)) {
    const c = getContexts(sim)
    stepMachine(vmMachine as AnyStateMachine, vm.machine, c.vm, event, c.vmKey)
    return []
  }
  const before = vm.state
  const c = getContexts(sim)
  const plan = stepMachine(vmMachine as AnyStateMachine, vm.machine, c.vm, event, c.vmKey)
  vm.state = getVmStateName(vm.machine.value)
  if (vm.state !== before) emitState(sim, vm.id, before, vm.state, detail)
  return applyPlan(sim, vm.timers, vm.index, plan)
}

/** Sends `event` to the LB's machine; records a `state` event when its state or sub-state changes. */
export function sendLb(sim: Sim, lb: LbRecord, event: EventObject, detail?: string): string[] {
  const before = lb.state
  const beforeDetail = getLbDetail(lb.machine.value)
  const c = getContexts(sim)
  const plan = stepMachine(lbMachine as AnyStateMachine, lb.machine, c.lb, event, c.lbKey)
  lb.state = getLbStateName(lb.machine.value)
  const afterDetail = getLbDetail(lb.machine.value)
  if (lb.state !== before || afterDetail !== beforeDetail) {
    const text = [afterDetail, detail].filter(Boolean).join('; ')
    emitState(sim, lb.id, before, lb.state, text || undefined)
  }
  return applyPlan(sim, lb.timers, lbEntityCode(lb), plan)
}

/** Decodes a MACHINE_DELAYED event; null when its timer was cancelled or replaced. */
export function takeDelayedEvent(
  sim: Sim,
  timers: Record<string, number>,
  token: number,
  nameId: number,
): EventObject | null {
  const [id, type] = sim.world.eventNames[nameId].split('\u0000')
  if (timers[id] !== token) return null
  delete timers[id]
  return { type }
}
