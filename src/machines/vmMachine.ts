// Lifecycle of one VM as an XState v5 machine. Pure definition: the engine steps it with the pure
// `transition` function on simulated time; it never starts an actor or reads a timer itself.

import { setup } from 'xstate'

export interface VmMachineContext {
  bootMs: number
  restartMs: number
}

export type VmMachineEvent =
  | { type: 'CRASH' }
  | { type: 'HEARTBEAT_TIMED_OUT' }
  | { type: 'RESTART' }
  | { type: 'TASK_STARTED' }
  | { type: 'TASKS_DRAINED' }

/**
 * booting → alive (idle/busy) → crashed → dead → restarting → alive. `alive` is entered on the
 * VM's first heartbeat (the `sendFirstHeartbeat` action); a crash during a restart goes back to
 * `crashed` and the LB restarts the VM again once the restart has timed out.
 */
export const vmMachine = setup({
  types: {
    context: {} as VmMachineContext,
    events: {} as VmMachineEvent,
    input: {} as VmMachineContext,
  },
  actions: {
    sendFirstHeartbeat: () => {},
  },
  delays: {
    bootMs: ({ context }) => context.bootMs,
    restartMs: ({ context }) => context.restartMs,
  },
}).createMachine({
  id: 'vm',
  context: ({ input }) => input,
  initial: 'booting',
  states: {
    booting: {
      after: { bootMs: { target: 'alive', actions: 'sendFirstHeartbeat' } },
      on: { CRASH: 'crashed' },
    },
    alive: {
      initial: 'idle',
      states: {
        idle: { on: { TASK_STARTED: 'busy' } },
        busy: { on: { TASKS_DRAINED: 'idle' } },
      },
      on: { CRASH: 'crashed' },
    },
    crashed: {
      on: { HEARTBEAT_TIMED_OUT: 'dead', RESTART: 'restarting' },
    },
    dead: {
      on: { RESTART: 'restarting' },
    },
    restarting: {
      after: { restartMs: { target: 'alive', actions: 'sendFirstHeartbeat' } },
      on: { CRASH: 'crashed' },
    },
  },
})

/** SPEC §6 name of a VM machine state value. */
export function getVmStateName(
  value: unknown,
): 'BOOTING' | 'ALIVE' | 'CRASHED' | 'DEAD' | 'RESTARTING' {
  const top = typeof value === 'string' ? value : Object.keys(value as object)[0]
  switch (top) {
    case 'booting':
      return 'BOOTING'
    case 'alive':
      return 'ALIVE'
    case 'crashed':
      return 'CRASHED'
    case 'dead':
      return 'DEAD'
    default:
      return 'RESTARTING'
  }
}
