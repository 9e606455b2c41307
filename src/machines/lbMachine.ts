// Lifecycle of one load balancer as an XState v5 machine. Pure definition, stepped by the engine
// with `transition` on simulated time; it owns no timers and no engine state.

import { setup } from 'xstate'

export interface LbMachineContext {
  restartMs: number
}

export type LbMachineEvent =
  | { type: 'CRASH' }
  | { type: 'PEER_TIMED_OUT' }
  | { type: 'RESTART' }
  | { type: 'TAKEOVER_STARTED' }
  | { type: 'TAKEOVER_DONE'; zones: number }
  | { type: 'ZONES_RELEASED'; zones: number }

/**
 * active (managing its home zone, taking over a dead peer's zone, or managing extra zones) →
 * crashed (stopped; nobody knows yet) → dead (a peer declared it) → restarting → active.
 */
export const lbMachine = setup({
  types: {
    context: {} as LbMachineContext,
    events: {} as LbMachineEvent,
    input: {} as LbMachineContext,
  },
  actions: {
    rejoin: () => {},
  },
  guards: {
    hasExtraZones: ({ event }) => 'zones' in event && event.zones > 1,
  },
  delays: {
    restartMs: ({ context }) => context.restartMs,
  },
}).createMachine({
  id: 'loadBalancer',
  context: ({ input }) => input,
  initial: 'active',
  states: {
    active: {
      initial: 'managingHomeZone',
      states: {
        managingHomeZone: { on: { TAKEOVER_STARTED: 'takingOver' } },
        takingOver: {
          on: {
            TAKEOVER_DONE: [
              { guard: 'hasExtraZones', target: 'managingExtraZones' },
              { target: 'managingHomeZone' },
            ],
          },
        },
        managingExtraZones: {
          on: {
            TAKEOVER_STARTED: 'takingOver',
            ZONES_RELEASED: { guard: ({ event }) => event.zones <= 1, target: 'managingHomeZone' },
          },
        },
      },
      on: { CRASH: 'crashed' },
    },
    crashed: {
      on: { PEER_TIMED_OUT: 'dead', RESTART: 'restarting' },
    },
    dead: {
      on: { RESTART: 'restarting' },
    },
    restarting: {
      after: { restartMs: { target: 'active', actions: 'rejoin' } },
      on: { CRASH: 'crashed' },
    },
  },
})

/** SPEC §6 name of an LB machine state value. */
export function getLbStateName(value: unknown): 'ACTIVE' | 'CRASHED' | 'DEAD' | 'RESTARTING' {
  const top = typeof value === 'string' ? value : Object.keys(value as object)[0]
  switch (top) {
    case 'active':
      return 'ACTIVE'
    case 'crashed':
      return 'CRASHED'
    case 'dead':
      return 'DEAD'
    default:
      return 'RESTARTING'
  }
}

/** The sub-state under `active`, for a trace event's `detail`. */
export function getLbDetail(value: unknown): string | undefined {
  if (typeof value === 'string') return undefined
  const inner = (value as Record<string, unknown>).active
  return typeof inner === 'string' ? inner : undefined
}
