// Steps an XState machine with the pure `transition` function and turns its output into a plan the
// engine applies: delayed events to schedule, delays to cancel, named actions to run. No timers.

import { type AnyStateMachine, initialTransition, transition } from 'xstate'

/** What a machine holds between steps: its state value (plain data, so checkpoints copy it). */
export interface MachineSlot {
  value: unknown
}

/** What the engine must do after a step. */
export interface MachinePlan {
  /** Delayed events: schedule `event` after `delayMs` under `id` (a later cancel names it). */
  delayed: { id: string; event: string; delayMs: number }[]
  cancelled: string[]
  /** Names of the machine's own actions that ran (the engine implements them). */
  actions: string[]
}

// `transition` costs ~20 µs, and a 16,000-VM run makes tens of thousands of identical steps (every
// VM boots the same way). A step's result depends only on the machine, the state value, the event
// and the context, so it is cached under exactly those; the cached plan is shared, never mutated.
const stepCache = new WeakMap<AnyStateMachine, Map<string, { value: unknown; plan: MachinePlan }>>()
const initialCache = new WeakMap<
  AnyStateMachine,
  Map<string, { value: unknown; plan: MachinePlan }>
>()

function keyOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function getCache<T>(caches: WeakMap<AnyStateMachine, Map<string, T>>, machine: AnyStateMachine) {
  let cache = caches.get(machine)
  if (!cache) {
    cache = new Map()
    caches.set(machine, cache)
  }
  return cache
}

interface RawAction {
  type: string
  params?: { delay?: number; id?: string; sendId?: string; event?: { type: string } }
}

/** The initial state value and plan of `machine` with `input`. */
export function startMachine(
  machine: AnyStateMachine,
  input: unknown,
): { slot: MachineSlot; plan: MachinePlan } {
  const cache = getCache(initialCache, machine)
  const key = JSON.stringify(input)
  let hit = cache.get(key)
  if (!hit) {
    const [snapshot, actions] = initialTransition(machine, input) as unknown as [
      { value: unknown },
      RawAction[],
    ]
    hit = { value: snapshot.value, plan: toPlan(actions) }
    cache.set(key, hit)
  }
  return { slot: { value: hit.value }, plan: hit.plan }
}

/**
 * Sends `event` to a machine at `slot` with `context`, updating `slot.value`. Returns what the
 * engine must do; an event the current state does not handle changes nothing.
 */
export function stepMachine(
  machine: AnyStateMachine,
  slot: MachineSlot,
  context: unknown,
  event: { type: string },
  contextKey = JSON.stringify(context),
): MachinePlan {
  const cache = getCache(stepCache, machine)
  // An event that is only its type (most are) keys by the type, without serialising it.
  const eventKey = Object.keys(event).length === 1 ? event.type : JSON.stringify(event)
  const key = `${keyOf(slot.value)}|${eventKey}|${contextKey}`
  let hit = cache.get(key)
  if (!hit) {
    const snapshot = machine.resolveState({ value: slot.value as never, context })
    const [next, actions] = transition(machine, snapshot, event as never) as unknown as [
      { value: unknown },
      RawAction[],
    ]
    hit = { value: next.value, plan: toPlan(actions) }
    cache.set(key, hit)
  }
  slot.value = hit.value
  return hit.plan
}

function toPlan(actions: readonly RawAction[]): MachinePlan {
  const plan: MachinePlan = { delayed: [], cancelled: [], actions: [] }
  for (const action of actions) {
    if (action.type === 'xstate.raise' && action.params?.delay !== undefined) {
      plan.delayed.push({
        id: action.params.id ?? action.params.event?.type ?? '',
        event: action.params.event?.type ?? '',
        delayMs: action.params.delay,
      })
    } else if (action.type === 'xstate.cancel') {
      plan.cancelled.push(action.params?.sendId ?? '')
    } else if (!action.type.startsWith('xstate.')) {
      plan.actions.push(action.type)
    }
  }
  return plan
}
