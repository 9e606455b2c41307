import { describe, expect, it } from 'vitest'
import { createActor, SimulatedClock, transition } from 'xstate'
import { getLbDetail, getLbStateName, lbMachine } from './lbMachine'

const input = { restartMs: 5000 }

describe('lbMachine', () => {
  it('takes a zone over and then manages extra zones', () => {
    const active = lbMachine.resolveState({ value: { active: 'managingHomeZone' }, context: input })

    const [taking] = transition(lbMachine, active, { type: 'TAKEOVER_STARTED' })
    const [managing] = transition(lbMachine, taking, { type: 'TAKEOVER_DONE', zones: 2 })

    expect(getLbDetail(taking.value)).toBe('takingOver')
    expect(getLbDetail(managing.value)).toBe('managingExtraZones')
    expect(getLbStateName(managing.value)).toBe('ACTIVE')
  })

  it('goes back to its home zone only once extra zones are released', () => {
    const extra = lbMachine.resolveState({
      value: { active: 'managingExtraZones' },
      context: input,
    })

    const [stillExtra] = transition(lbMachine, extra, { type: 'ZONES_RELEASED', zones: 2 })
    const [home] = transition(lbMachine, extra, { type: 'ZONES_RELEASED', zones: 1 })

    expect(getLbDetail(stillExtra.value)).toBe('managingExtraZones')
    expect(getLbDetail(home.value)).toBe('managingHomeZone')
  })

  it('is declared dead only after crashing', () => {
    const active = lbMachine.resolveState({ value: { active: 'managingHomeZone' }, context: input })

    const [unchanged] = transition(lbMachine, active, { type: 'PEER_TIMED_OUT' })
    const [crashed] = transition(lbMachine, active, { type: 'CRASH' })
    const [dead] = transition(lbMachine, crashed, { type: 'PEER_TIMED_OUT' })

    expect(getLbStateName(unchanged.value)).toBe('ACTIVE')
    expect(getLbStateName(dead.value)).toBe('DEAD')
  })

  it('rejoins as active after its restart delay on a simulated clock', () => {
    const clock = new SimulatedClock()
    let rejoined = 0
    const machine = lbMachine.provide({ actions: { rejoin: () => rejoined++ } })
    const actor = createActor(machine, { clock, input }).start()
    actor.send({ type: 'CRASH' })
    actor.send({ type: 'PEER_TIMED_OUT' })
    actor.send({ type: 'RESTART' })

    clock.increment(4999)
    expect(getLbStateName(actor.getSnapshot().value)).toBe('RESTARTING')
    clock.increment(1)

    expect(getLbStateName(actor.getSnapshot().value)).toBe('ACTIVE')
    expect(rejoined).toBe(1)
  })
})
