// UI state only: selection, filters, theme, guided mode, panels. Nothing here comes from the
// simulation; the worker never sees this store.

import { create } from 'zustand'
import type { BuiltinScenarioId } from '../../src/scenarios/builtins'

export type Theme = 'light' | 'dark'
export type SideTab = 'why' | 'tasks' | 'faults'

/** A built-in scenario, or `custom` for an imported file. */
export type ScenarioChoice = BuiltinScenarioId | 'custom'

export interface UiState {
  scenarioId: ScenarioChoice
  /** Name of the imported scenario when `scenarioId` is `custom`. */
  customName: string
  seed: number
  speed: number
  /** A VM or LB id. */
  selected: string | null
  selectedTask: string | null
  /** A cache key whose history is open, as `cacheId key`. */
  selectedKey: { cache: string; key: string } | null
  taskFilter: string | null
  participantFilter: string | null
  theme: Theme
  guided: boolean
  helpOpen: boolean
  sideTab: SideTab
}

function getPreferredTheme(): Theme {
  if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return 'light'
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

export const useUiStore = create<UiState>()(() => ({
  scenarioId: 'A',
  customName: '',
  seed: 1,
  speed: 1,
  selected: null,
  selectedTask: null,
  selectedKey: null,
  taskFilter: null,
  participantFilter: null,
  theme: getPreferredTheme(),
  guided: false,
  helpOpen: false,
  sideTab: 'why',
}))

const set = useUiStore.setState

/** Selects a VM or LB (the Why panel shows its state machine). */
export function selectEntity(id: string | null): void {
  set(id ? { selected: id, sideTab: 'why' } : { selected: null })
}

/** Selects a task (the Why panel shows its SBDLB decision). */
export function selectTask(id: string | null): void {
  set(id ? { selectedTask: id, selected: null, sideTab: 'why' } : { selectedTask: null })
}

export function selectKey(key: { cache: string; key: string } | null): void {
  set({ selectedKey: key })
}

export function setTaskFilter(task: string | null): void {
  set({ taskFilter: task })
}

export function setParticipantFilter(id: string | null): void {
  set({ participantFilter: id })
}

export function setTheme(theme: Theme): void {
  set({ theme })
}

export function toggleTheme(): void {
  set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' }))
}

export function setGuided(on: boolean): void {
  set({ guided: on })
}

export function setHelpOpen(open: boolean): void {
  set({ helpOpen: open })
}

export function setSideTab(tab: SideTab): void {
  set({ sideTab: tab })
}

export function setScenario(id: ScenarioChoice, seed: number, customName = ''): void {
  set({
    scenarioId: id,
    customName,
    seed,
    selected: null,
    selectedTask: null,
    selectedKey: null,
    taskFilter: null,
    participantFilter: null,
  })
}

export function setSeed(seed: number): void {
  set({ seed })
}

export function setSpeedValue(speed: number): void {
  set({ speed })
}

/** Back to the initial state (tests). */
export function resetUiStore(): void {
  set(useUiStore.getInitialState(), true)
}
