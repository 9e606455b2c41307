import { describe, expect, it } from 'vitest'
import { createActor, initialTransition, SimulatedClock, transition } from 'xstate'
import { getVmStateName, vmMachine } from './vmMachine'

const input = { bootMs: 0, restartMs: 30_000 }

describe('vmMachine', () => {
  it('starts booting and asks for a delayed boot event', () => {
    const [state, actions] = initialTransition(vmMachine, input)

    expect(state.value).toBe('booting')
    expect(actions.map((a) => a.type)).toContain('xstate.raise')
  })

  it('goes crashed → dead → restarting on a crash, a timeout and a restart command', () => {
    const alive = vmMachine.resolveState({ value: { alive: 'idle' }, context: input })

    const [crashed] = transition(vmMachine, alive, { type: 'CRASH' })
    const [dead] = transition(vmMachine, crashed, { type: 'HEARTBEAT_TIMED_OUT' })
    const [restarting, actions] = transition(vmMachine, dead, { type: 'RESTART' })

    expect(getVmStateName(crashed.value)).toBe('CRASHED')
    expect(getVmStateName(dead.value)).toBe('DEAD')
    expect(getVmStateName(restarting.value)).toBe('RESTARTING')
    const raise = actions.find((a) => a.type === 'xstate.raise') as { params?: { delay?: number } }
    expect(raise?.params?.delay).toBe(30_000)
  })

  it('moves between idle and busy while alive', () => {
    const idle = vmMachine.resolveState({ value: { alive: 'idle' }, context: input })

    const [busy] = transition(vmMachine, idle, { type: 'TASK_STARTED' })
    const [again] = transition(vmMachine, busy, { type: 'TASKS_DRAINED' })

    expect(busy.value).toEqual({ alive: 'busy' })
    expect(again.value).toEqual({ alive: 'idle' })
  })

  it('ignores a restart command while alive', () => {
    const alive = vmMachine.resolveState({ value: { alive: 'busy' }, context: input })

    const [next] = transition(vmMachine, alive, { type: 'RESTART' })

    expect(next.value).toEqual({ alive: 'busy' })
  })

  it('is ALIVE again 30 s after a restart on a simulated clock, and sends its first heartbeat', () => {
    const clock = new SimulatedClock()
    const heartbeats: number[] = []
    const machine = vmMachine.provide({
      actions: { sendFirstHeartbeat: () => heartbeats.push(clock.now()) },
    })
    const actor = createActor(machine, { clock, input }).start()
    clock.increment(0)
    actor.send({ type: 'CRASH' })
    actor.send({ type: 'HEARTBEAT_TIMED_OUT' })
    actor.send({ type: 'RESTART' })

    clock.increment(29_999)
    expect(getVmStateName(actor.getSnapshot().value)).toBe('RESTARTING')
    clock.increment(1)

    expect(getVmStateName(actor.getSnapshot().value)).toBe('ALIVE')
    expect(heartbeats).toEqual([0, 30_000])
  })
})
