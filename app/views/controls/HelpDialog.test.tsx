import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useUiStore } from '../../store/uiStore'
import {
  type FakeWorker,
  getSent,
  installFakeClient,
  resetApp,
  showFrame,
} from '../../testing/harness'
import { HelpDialog } from './HelpDialog'
import { handleShortcut, SHORTCUTS } from './shortcuts'

let worker: FakeWorker

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body) {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
  Object.defineProperty(e, 'target', { value: target })
  act(() => {
    handleShortcut(e)
  })
  return e
}

beforeEach(() => {
  worker = installFakeClient()
  showFrame('A')
})

afterEach(resetApp)

describe('keyboard shortcuts', () => {
  it.each([
    [' ', {}, { type: 'play' }],
    ['ArrowRight', {}, { type: 'step', unit: 'message' }],
    ['ArrowLeft', {}, { type: 'back', unit: 'message' }],
    ['ArrowRight', { shiftKey: true }, { type: 'step', unit: 'event' }],
    ['ArrowLeft', { shiftKey: true }, { type: 'back', unit: 'event' }],
    ['+', {}, { type: 'speed', factor: 2 }],
    ['-', {}, { type: 'speed', factor: 0.5 }],
    ['Home', {}, { type: 'seek', timeMs: 0 }],
  ])('sends a command for %s', (key, init, command) => {
    press(key, init)

    expect(getSent(worker)).toEqual([command])
  })

  it('leaves keys alone while a text field has focus', () => {
    const input = document.createElement('input')
    document.body.append(input)

    press('ArrowRight', {}, input)
    input.remove()

    expect(worker.commands).toEqual([])
  })

  it('still opens the help from a focused checkbox, leaving Space to it', () => {
    const box = document.createElement('input')
    box.type = 'checkbox'
    document.body.append(box)

    const space = press(' ', {}, box)
    press('?', {}, box)
    box.remove()

    expect(space.defaultPrevented).toBe(false)
    expect(useUiStore.getState().helpOpen).toBe(true)
  })

  it('leaves Space to a focused button (a VM click crashes it)', () => {
    const button = document.createElement('button')
    document.body.append(button)

    const e = press(' ', {}, button)
    button.remove()

    expect(e.defaultPrevented).toBe(false)
    expect(worker.commands).toEqual([])
  })

  it('toggles the theme with T', () => {
    const before = useUiStore.getState().theme

    press('t')

    expect(useUiStore.getState().theme).not.toBe(before)
  })
})

describe('HelpDialog', () => {
  it('opens on ? and lists every shortcut', () => {
    render(<HelpDialog />)

    press('?')

    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    for (const s of SHORTCUTS) expect(dialog.textContent).toContain(s.description)
  })

  it('closes on Escape and on its Close button', () => {
    render(<HelpDialog />)
    press('?')

    press('Escape')
    const afterEscape = screen.queryByRole('dialog')
    press('?')
    fireEvent.click(screen.getByRole('button', { name: 'Close' }))

    expect(afterEscape).toBeNull()
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('moves focus into the dialog', () => {
    render(<HelpDialog />)

    press('?')

    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }))
  })
})
