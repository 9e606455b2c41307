import { describe, expect, it } from 'vitest'
import { type BuiltinScenarioId, getBuiltinScenario } from '../../src/scenarios/builtins'
import { HostError, SimHost } from './simHost'

function makeHost(id: BuiltinScenarioId = 'A', seed?: number) {
  let wall = 0
  const host = new SimHost(() => wall)
  host.load(getBuiltinScenario(id), { seed })
  return {
    host,
    advanceWall(ms: number) {
      wall += ms
    },
  }
}

// What a user sees of the run: caches, VM and LB states, zone owners, tasks.
function getVisibleState(host: SimHost) {
  const f = host.getFrame()
  return {
    simTimeMs: f.simTimeMs,
    caches: f.caches,
    vms: f.vms.map((vm) => [vm.id, vm.state, vm.tasks.join(' '), vm.sinceHeartbeatMs]),
    lbs: f.lbs.map((lb) => [lb.id, lb.state, lb.zones.join(' ')]),
    owners: f.zoneOwners,
    tasks: f.tasks.map((t) => [t.id, t.state, t.vm]),
  }
}

describe('SimHost', () => {
  it('loads a scenario paused at time 0 and sends the whole trace first', () => {
    const { host } = makeHost('A')

    const frame = host.getFrame()

    expect(frame).toMatchObject({ simTimeMs: 0, playing: false, reset: true, baseIndex: 0 })
    expect(frame.newEvents).toHaveLength(frame.traceLength)
    expect(host.getFrame()).toMatchObject({ reset: false, newEvents: [] })
  })

  it('steps one message at a time', () => {
    const { host } = makeHost('A')
    host.seek(999)

    host.step('message')
    const frame = host.getFrame()

    const last = frame.newEvents.filter((e) => e.seq <= frame.playheadSeq).at(-1)
    expect(last).toMatchObject({ type: 'message', from: 'Dispatcher', to: 'LB1', t: 1000 })
  })

  it('walks a multi-message event one message at a time, then back', () => {
    const { host } = makeHost('A')
    host.seek(1004)
    host.step('message')
    const first = host.playheadSeq
    host.step('message')
    const second = host.playheadSeq

    host.back('message')

    expect(second).toBeGreaterThan(first)
    expect(host.playheadSeq).toBe(first)
  })

  it('shows the caches as of a playhead inside an engine event', () => {
    const { host } = makeHost('A')
    host.seek(1004)
    host.step('message')
    const frame = host.getFrame()

    const meta = frame.caches[0].keyspace.Task_Meta_101

    // The first message at 1,005 writes QUEUED; the RUNNING update comes later in the trace.
    expect(meta).toMatchObject({ type: 'hash', value: { Status: 'QUEUED' } })
  })

  it('restores an earlier state exactly when seeking back', () => {
    const fresh = makeHost('B').host
    fresh.seek(20000)
    const expected = getVisibleState(fresh)
    const { host } = makeHost('B')
    host.seek(60000)

    host.seek(20000)

    expect(getVisibleState(host)).toEqual(expected)
  })

  it('goes back one event', () => {
    const { host } = makeHost('A')
    host.seek(1100)
    const events = host.getFrame().eventCount

    host.back('event')

    expect(host.getFrame().eventCount).toBe(events - 1)
  })

  it('replays a user fault after seeking back past it and forward again', () => {
    const { host } = makeHost('A')
    host.seek(3000)
    host.fault('VM_5', 'crash')
    host.seek(50000)
    const expected = getVisibleState(host)

    host.seek(1000)
    host.seek(50000)

    expect(getVisibleState(host)).toEqual(expected)
    expect(expected.vms.find(([id]) => id === 'VM_5')?.[1]).toBe('ALIVE')
    expect(host.getFrame().faults).toEqual([
      { atMs: 3001, target: 'VM_5', action: 'crash', source: 'user' },
    ])
  })

  it('forgets the recorded future when a fault is injected after going back', () => {
    const { host } = makeHost('A')
    host.seek(3000)
    host.fault('VM_5', 'crash')
    host.seek(30000)

    host.seek(2000)
    host.fault('VM_2', 'crash')
    host.seek(30000)

    expect(host.getFrame().faults.map((f) => f.target)).toEqual(['VM_2'])
  })

  it('advances simulated time by speed times wall time while playing', () => {
    const { host, advanceWall } = makeHost('A')
    host.setSpeed(10)
    host.play()
    host.tick(10)

    advanceWall(50)
    host.tick(10)

    // 50 ms of wall time at 10× is 500 ms of simulated time.
    expect(host.getFrame().simTimeMs).toBe(500)
  })

  it('sends only the VMs that changed while playing', () => {
    const { host, advanceWall } = makeHost('B')
    host.seek(7900)
    host.getFrame()
    host.setSpeed(1)
    host.play()
    host.tick(10)

    advanceWall(200)
    host.tick(10)
    const frame = host.getFrame()

    // The scripted crash of VM_5 at 8,000 ms is the only change in those 200 ms.
    expect(frame.vmsChanged).toEqual([4])
    expect(frame.vms.map((vm) => [vm.id, vm.state])).toEqual([['VM_5', 'CRASHED']])
  })

  it('clamps the speed to 0.1×–1000×', () => {
    const { host } = makeHost('A')

    host.setSpeed(5000)
    const high = host.speed
    host.setSpeed(0.001)

    expect([high, host.speed]).toEqual([1000, 0.1])
  })

  it('pauses at each phase in guided mode', () => {
    const { host, advanceWall } = makeHost('A')
    host.setGuided(true)
    host.setSpeed(1000)
    const phases: string[] = []

    for (let i = 0; i < 200 && phases.length < 4; i++) {
      if (!host.playing) host.play()
      advanceWall(10)
      host.tick(10)
      const frame = host.getFrame()
      if (!frame.playing) phases.push(frame.phase)
    }

    expect(phases).toEqual([
      'Submission Phase',
      'Scheduling Phase (SBDLB)',
      'Execution Phase',
      'Completion Phase',
    ])
  })

  it('rejects a fault on an unknown target', () => {
    const { host } = makeHost('A')

    expect(() => host.fault('VM_999', 'crash')).toThrow(HostError)
  })

  it('moves the playhead to a trace seq', () => {
    const { host } = makeHost('B')
    host.seek(30000)

    host.goToSeq(200)

    expect(host.getFrame().playheadSeq).toBe(200)
  })

  it('re-runs with another seed', () => {
    const { host } = makeHost('free', 7)

    expect(host.getFrame().seed).toBe(7)
  })

  it('spaces checkpoints so that cloning the world takes at most a tenth of the wall time', () => {
    // Each clock read moves wall time 30 ms on, so every checkpoint "costs" at least 30 ms.
    const count = (msPerRead: number) => {
      let wall = 0
      const host = new SimHost(() => {
        wall += msPerRead
        return wall
      })
      host.load(getBuiltinScenario('free'))
      host.setSpeed(1000)
      host.play()
      while (wall < 6000) {
        host.tick(10)
        wall += 16
      }
      return host.checkpointCount
    }

    const slow = count(30)
    const free = count(0)

    // One checkpoint per ≥ 300 ms of wall time (10 × its cost), plus the one taken at load.
    expect(slow).toBeLessThanOrEqual(6000 / 300 + 1)
    expect(free).toBeGreaterThan(2 * slow)
  })

  it('sends caches and tasks at most every 250 ms of wall time while playing fast', () => {
    const { host, advanceWall } = makeHost('free')
    host.setSpeed(100)
    host.getFrame()
    host.play()
    const included: boolean[] = []
    for (let i = 0; i < 32; i++) {
      advanceWall(16)
      host.tick(10)
      const frame = host.getFrame()
      included.push(frame.tasksIncluded !== false && frame.cachesIncluded !== false)
    }

    // 32 frames of 16 ms: about two a 250 ms interval carry the lists, never two in a row.
    const count = included.filter(Boolean).length
    expect(count).toBeGreaterThanOrEqual(2)
    expect(count).toBeLessThanOrEqual(3)
    expect(included.some((x, i) => x && included[i + 1])).toBe(false)
  })
})
