import { afterEach, describe, expect, it } from 'vitest'
import type { Frame } from '../../src/protocol/messages'
import { getBuiltinScenario } from '../../src/scenarios/builtins'
import { useSimStore } from '../store/simStore'
import { makeFakeWorker, makeHost, resetApp } from '../testing/harness'
import { createSimClient } from './simClient'
import { SimHost } from './simHost'

afterEach(resetApp)

function makeClient() {
  const worker = makeFakeWorker()
  const queued: (() => void)[] = []
  const client = createSimClient({
    createWorker: () => worker,
    requestFrame: (cb) => queued.push(cb),
  })
  const flush = () => {
    for (const cb of queued.splice(0)) cb()
  }
  return { worker, client, flush }
}

describe('createSimClient', () => {
  it('numbers commands and resolves when their frame is applied', async () => {
    const { worker, client, flush } = makeClient()
    const host = makeHost('A')

    const done = client.play()
    worker.reply({ type: 'frame', seq: 1, frame: host.getFrame() })
    flush()

    expect(worker.commands).toEqual([{ type: 'play', seq: 1 }])
    await expect(done).resolves.toMatchObject({ simTimeMs: 0 })
  })

  it('applies at most one frame per animation frame, keeping every event', () => {
    const { worker, flush } = makeClient()
    const host = makeHost('A')
    const frames: Frame[] = [host.getFrame()]
    host.seek(1005)
    frames.push(host.getFrame())
    host.seek(1600)
    frames.push(host.getFrame())
    let applied = 0
    const stop = useSimStore.subscribe(() => applied++)

    for (const frame of frames) worker.reply({ type: 'frame', seq: 0, frame })
    flush()
    stop()

    const events = useSimStore.getState().events
    expect(applied).toBe(1)
    expect(useSimStore.getState().frame?.simTimeMs).toBe(1600)
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
    expect(events).toHaveLength(frames[2].traceLength)
  })

  it('decodes event batches into the same trace', () => {
    const { worker, flush } = makeClient()
    const host = new SimHost(() => 0, true)
    host.load(getBuiltinScenario('B'))
    worker.reply({ type: 'frame', seq: 0, frame: host.getFrame() })
    host.seek(30000)
    worker.reply({ type: 'frame', seq: 0, frame: host.getFrame() })
    host.seek(20000)
    worker.reply({ type: 'frame', seq: 0, frame: host.getFrame() })
    flush()

    expect(useSimStore.getState().events).toEqual(makeHost('B', 20000).getFrame().newEvents)
  })

  it('drops the events a seek back removed', () => {
    const { worker, flush } = makeClient()
    const host = makeHost('B')
    host.seek(60000)
    worker.reply({ type: 'frame', seq: 0, frame: host.getFrame() })
    flush()

    host.seek(10000)
    worker.reply({ type: 'frame', seq: 0, frame: host.getFrame() })
    flush()

    const fresh = makeHost('B', 10000).getFrame()
    expect(useSimStore.getState().events).toEqual(fresh.newEvents)
  })

  it('keeps the previous caches when a frame leaves them out', () => {
    const { worker, flush } = makeClient()
    const host = makeHost('A', 1100)
    const full = host.getFrame()
    worker.reply({ type: 'frame', seq: 0, frame: full })
    flush()

    worker.reply({ type: 'frame', seq: 0, frame: { ...full, caches: [], cachesIncluded: false } })
    flush()

    expect(useSimStore.getState().frame?.caches).toEqual(full.caches)
  })

  it('merges a frame of changed VMs into the full list, aging the others', () => {
    const { worker, flush } = makeClient()
    const host = makeHost('B', 7900)
    worker.reply({ type: 'frame', seq: 0, frame: host.getFrame() })
    flush()
    const later = makeHost('B', 8100).getFrame()
    const vm5 = later.vms[4]

    worker.reply({ type: 'frame', seq: 0, frame: { ...later, vms: [vm5], vmsChanged: [4] } })
    flush()

    expect(useSimStore.getState().frame?.vms).toEqual(later.vms)
  })

  it('shows an error and keeps the last good frame', () => {
    const { worker, flush } = makeClient()
    worker.reply({ type: 'frame', seq: 0, frame: makeHost('A', 1100).getFrame() })
    flush()

    worker.reply({ type: 'error', seq: 2, code: 'bad', message: 'nope', simTime: 1100, seed: 1 })

    expect(useSimStore.getState().error).toMatchObject({ code: 'bad', message: 'nope' })
    expect(useSimStore.getState().frame?.simTimeMs).toBe(1100)
  })

  it('rejects a command that fails before any run exists', async () => {
    const { worker, client } = makeClient()

    const done = client.load({ format: 'dual-lb-scenario', version: 1 } as never)
    worker.reply({
      type: 'error',
      seq: 1,
      code: 'invalid-field',
      message: 'bad',
      simTime: 0,
      seed: 0,
    })

    await expect(done).rejects.toThrow('bad')
  })
})
