import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useUiStore } from '../../store/uiStore'
import { type FakeWorker, installFakeClient, resetApp, showFrame } from '../../testing/harness'
import { ScenarioPicker } from './ScenarioPicker'

let worker: FakeWorker

beforeEach(() => {
  worker = installFakeClient()
})

afterEach(resetApp)

// Answers every command with a frame, as the worker does.
function answerWithFrames(): void {
  const frame = showFrame('A')
  worker.postMessage = (cmd) => {
    worker.commands.push(cmd)
    worker.reply({ type: 'frame', seq: cmd.seq, frame: { ...frame, newEvents: [] } })
  }
}

describe('ScenarioPicker', () => {
  it('offers the five built-in runs by name', () => {
    render(<ScenarioPicker />)

    const names = ['Scenario A', 'Scenario B', 'Scenario C', 'Scenario D', 'Free run']
    for (const name of names) expect(screen.getByRole('button', { name })).toBeDefined()
    expect(screen.getByRole('button', { name: 'Scenario A' }).getAttribute('aria-pressed')).toBe(
      'true',
    )
  })

  it('loads a scenario with its own seed', async () => {
    answerWithFrames()
    render(<ScenarioPicker />)

    fireEvent.click(screen.getByRole('button', { name: 'Scenario B' }))

    await waitFor(() => expect(worker.commands.length).toBeGreaterThanOrEqual(2))
    expect(worker.commands[0]).toMatchObject({
      type: 'load',
      seed: 1,
      scenario: { name: 'Scenario B: VM failure and auto-recovery' },
    })
    expect(useUiStore.getState().scenarioId).toBe('B')
  })

  it('re-runs the current scenario with another seed', async () => {
    answerWithFrames()
    render(<ScenarioPicker />)

    fireEvent.change(screen.getByRole('spinbutton', { name: 'Seed' }), { target: { value: '42' } })
    fireEvent.click(screen.getByRole('button', { name: 'Re-run' }))

    await waitFor(() => expect(worker.commands[0]).toMatchObject({ type: 'load', seed: 42 }))
  })

  it('refuses a seed that is not a whole number', () => {
    render(<ScenarioPicker />)

    fireEvent.change(screen.getByRole('spinbutton', { name: 'Seed' }), { target: { value: '1.5' } })

    expect(screen.getByRole('button', { name: 'Re-run' }).hasAttribute('disabled')).toBe(true)
  })

  it('restarts the scenario in guided mode and plays it', async () => {
    answerWithFrames()
    render(<ScenarioPicker />)

    fireEvent.click(screen.getByRole('checkbox', { name: 'Guided mode' }))

    await waitFor(() => expect(worker.commands.map((c) => c.type)).toContain('play'))
    expect(worker.commands.map((c) => c.type)).toEqual(['load', 'speed', 'guided', 'play'])
  })
})
