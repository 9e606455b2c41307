// The keyboard map: one table drives both the handler and the help overlay, so they agree.

import { back, nudgeSpeed, seekTo, step, toggleGuided, togglePlay } from '../../controller'
import { useSimStore } from '../../store/simStore'
import { selectEntity, selectTask, setHelpOpen, toggleTheme, useUiStore } from '../../store/uiStore'

export interface Shortcut {
  /** Keys as shown in the help overlay. */
  keys: string[]
  description: string
  matches(e: KeyboardEvent): boolean
  run(): void
}

export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: ['Space'],
    description: 'Play or pause',
    matches: (e) => e.key === ' ',
    run: togglePlay,
  },
  {
    keys: ['→'],
    description: 'Step to the next message',
    matches: (e) => e.key === 'ArrowRight' && !e.shiftKey,
    run: () => step('message'),
  },
  {
    keys: ['←'],
    description: 'Back to the previous message',
    matches: (e) => e.key === 'ArrowLeft' && !e.shiftKey,
    run: () => back('message'),
  },
  {
    keys: ['Shift', '→'],
    description: 'Step one engine event',
    matches: (e) => e.key === 'ArrowRight' && e.shiftKey,
    run: () => step('event'),
  },
  {
    keys: ['Shift', '←'],
    description: 'Back one engine event',
    matches: (e) => e.key === 'ArrowLeft' && e.shiftKey,
    run: () => back('event'),
  },
  {
    keys: ['+'],
    description: 'Faster',
    matches: (e) => e.key === '+' || e.key === '=',
    run: () => nudgeSpeed(1),
  },
  {
    keys: ['−'],
    description: 'Slower',
    matches: (e) => e.key === '-' || e.key === '_' || e.key === '−',
    run: () => nudgeSpeed(-1),
  },
  {
    keys: ['Home'],
    description: 'Back to the start of the run',
    matches: (e) => e.key === 'Home',
    run: () => seekTo(0),
  },
  {
    keys: ['End'],
    description: 'Forward to the latest time reached',
    matches: (e) => e.key === 'End',
    run: () => seekTo(useSimStore.getState().frame?.horizonMs ?? 0),
  },
  {
    keys: ['G'],
    description: 'Guided mode on or off (restarts the scenario)',
    matches: (e) => e.key === 'g' || e.key === 'G',
    run: () => void toggleGuided(),
  },
  {
    keys: ['T'],
    description: 'Light or dark theme',
    matches: (e) => e.key === 't' || e.key === 'T',
    run: toggleTheme,
  },
  {
    keys: ['?'],
    description: 'Show this list of shortcuts',
    matches: (e) => e.key === '?',
    run: () => setHelpOpen(true),
  },
  {
    keys: ['Esc'],
    description: 'Close this list, or clear the selection',
    matches: (e) => e.key === 'Escape',
    run: () => {
      if (useUiStore.getState().helpOpen) setHelpOpen(false)
      else {
        selectEntity(null)
        selectTask(null)
      }
    },
  },
]

const ACTIVATION_KEYS = new Set([' ', 'Enter'])
const SLIDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'])

/**
 * Keys the focused element uses itself: every key in a text field or list box, arrows and
 * Home/End on a slider, Space and Enter on buttons and checkboxes (a VM's click crashes it).
 */
function isOwnedByTarget(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null
  if (!el || typeof el.closest !== 'function') return false
  if (el.closest('textarea, select, [contenteditable="true"]')) return true
  if (el instanceof HTMLInputElement) {
    if (el.type === 'range') return SLIDER_KEYS.has(e.key) || ACTIVATION_KEYS.has(e.key)
    if (['checkbox', 'radio', 'button', 'submit', 'file'].includes(el.type)) {
      return ACTIVATION_KEYS.has(e.key)
    }
    return true
  }
  return ACTIVATION_KEYS.has(e.key) && el.closest('button, [role="button"], a, summary') !== null
}

/** The keydown handler for the window; returns true when it handled the key. */
export function handleShortcut(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return false
  if (useUiStore.getState().helpOpen && e.key !== 'Escape' && e.key !== '?') return false
  if (isOwnedByTarget(e)) return false
  const shortcut = SHORTCUTS.find((s) => s.matches(e))
  if (!shortcut) return false
  e.preventDefault()
  shortcut.run()
  return true
}
