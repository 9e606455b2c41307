import { fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type FakeWorker,
  getSent,
  installFakeClient,
  resetApp,
  showFrame,
} from '../../testing/harness'
import { TransportBar } from './TransportBar'

let worker: FakeWorker

beforeEach(() => {
  worker = installFakeClient()
})

afterEach(resetApp)

describe('TransportBar', () => {
  it('names its controls as the accessibility contract says', () => {
    showFrame('A', 1100)

    render(<TransportBar />)

    for (const name of ['Back', 'Play', 'Step']) {
      expect(screen.getByRole('button', { name })).toBeDefined()
    }
    expect(screen.getByRole('slider', { name: 'Speed' })).toBeDefined()
    expect(screen.getByRole('slider', { name: 'Seek' })).toBeDefined()
    expect(screen.getByRole('timer', { name: 'Simulation time' }).textContent).toBe('1.100 s')
  })

  it('sends play, and shows Pause while playing', () => {
    showFrame('A')
    const { rerender } = render(<TransportBar />)

    fireEvent.click(screen.getByRole('button', { name: 'Play' }))
    showFrame('A', 0, { playing: true })
    rerender(<TransportBar />)
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }))

    expect(getSent(worker)).toEqual([{ type: 'play' }, { type: 'pause' }])
  })

  it('steps and goes back by message, or by engine event with Shift', () => {
    showFrame('A')
    render(<TransportBar />)

    fireEvent.click(screen.getByRole('button', { name: 'Step' }))
    fireEvent.click(screen.getByRole('button', { name: 'Back' }), { shiftKey: true })

    expect(getSent(worker)).toEqual([
      { type: 'step', unit: 'message' },
      { type: 'back', unit: 'event' },
    ])
  })

  it('maps the speed slider logarithmically from 0.1× to 1000×', () => {
    showFrame('A')
    render(<TransportBar />)
    const slider = screen.getByRole('slider', { name: 'Speed' })

    fireEvent.change(slider, { target: { value: '2' } })
    fireEvent.change(slider, { target: { value: '-1' } })

    // 10^2 = 100×, 10^-1 = 0.1×
    expect(getSent(worker)).toEqual([
      { type: 'speed', factor: 100 },
      { type: 'speed', factor: 0.1 },
    ])
    expect(slider.getAttribute('aria-valuetext')).toBe('0.1×')
  })

  it('seeks when the scrubber moves', () => {
    showFrame('B', 20000)
    render(<TransportBar />)

    fireEvent.change(screen.getByRole('slider', { name: 'Seek' }), { target: { value: '8000' } })

    expect(getSent(worker)).toEqual([{ type: 'seek', timeMs: 8000 }])
  })

  it('disables the buttons until a run is loaded', () => {
    render(<TransportBar />)

    expect(screen.getByRole('button', { name: 'Play' }).hasAttribute('disabled')).toBe(true)
  })
})
