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

const EMPTY_PLAN: MachinePlan = { delayed: [], cancelled: [], actions: [] }

// Transitions whose result depends only on (state value, event type) and which return no action
// are cached: `transition` costs ~20 µs, and idle/busy flips happen on the per-task path.
const pureCache = new WeakMap<AnyStateMachine, Map<string, unknown>>()

function keyOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value)
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
  const [snapshot, actions] = initialTransition(machine, input) as unknown as [
    { value: unknown },
    RawAction[],
  ]
  return { slot: { value: snapshot.value }, plan: toPlan(actions) }
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
  pure = false,
): MachinePlan {
  let cache: Map<string, unknown> | undefined
  let key = ''
  if (pure) {
    cache = pureCache.get(machine)
    if (!cache) {
      cache = new Map()
      pureCache.set(machine, cache)
    }
    key = `${keyOf(slot.value)}|${event.type}`
    const hit = cache.get(key)
    if (hit !== undefined) {
      slot.value = hit
      return EMPTY_PLAN
    }
  }
  const snapshot = machine.resolveState({ value: slot.value as never, context })
  const [next, actions] = transition(machine, snapshot, event as never) as unknown as [
    { value: unknown },
    RawAction[],
  ]
  slot.value = next.value
  const plan = toPlan(actions)
  if (cache && plan.delayed.length === 0 && plan.actions.length === 0) cache.set(key, next.value)
  return plan
}

function toPlan(actions: readonly RawAction[]): MachinePlan {
  if (actions.length === 0) return EMPTY_PLAN
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
