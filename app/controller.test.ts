import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { activateEntity, nudgeSpeed, seekTo } from './controller'
import { useUiStore } from './store/uiStore'
import { type FakeWorker, getSent, installFakeClient, resetApp, showFrame } from './testing/harness'

let worker: FakeWorker

beforeEach(() => {
  worker = installFakeClient()
})

afterEach(resetApp)

describe('activateEntity', () => {
  it('crashes a live VM and selects it', () => {
    showFrame('A')

    activateEntity('VM_5')

    expect(getSent(worker)).toEqual([{ type: 'fault', target: 'VM_5', action: 'crash' }])
    expect(useUiStore.getState().selected).toBe('VM_5')
  })

  it('crashes an active LB and restarts a dead one', () => {
    showFrame('A')
    activateEntity('LB1')
    showFrame('C', 30000)

    activateEntity('LB1')

    expect(getSent(worker)).toEqual([
      { type: 'fault', target: 'LB1', action: 'crash' },
      { type: 'fault', target: 'LB1', action: 'restart' },
    ])
  })
})

describe('nudgeSpeed', () => {
  it('steps through the presets and stops at the ends', () => {
    for (let i = 0; i < 20; i++) nudgeSpeed(1)
    const top = useUiStore.getState().speed
    for (let i = 0; i < 20; i++) nudgeSpeed(-1)

    expect([top, useUiStore.getState().speed]).toEqual([1000, 0.1])
  })
})

describe('seekTo', () => {
  it('keeps only the latest seek while one is in flight', () => {
    showFrame('A')

    seekTo(100)
    seekTo(200)
    seekTo(300)

    expect(getSent(worker)).toEqual([{ type: 'seek', timeMs: 100 }])
  })
})
