import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { showError } from '../../store/simStore'
import { setGuided, useUiStore } from '../../store/uiStore'
import {
  type FakeWorker,
  getSent,
  installFakeClient,
  resetApp,
  showFrame,
} from '../../testing/harness'
import { FaultPanel } from './FaultPanel'
import { GuideCaption } from './GuideCaption'
import { PHASE_CAPTIONS } from './phaseCaptions'
import { formatMi, TaskTable } from './TaskTable'
import { TimelinePane } from './TimelinePane'
import { Toast } from './Toast'

let worker: FakeWorker

beforeEach(() => {
  worker = installFakeClient()
})

afterEach(resetApp)

describe('Toast', () => {
  it('shows an error as an alert until dismissed', () => {
    render(<Toast />)

    act(() => showError({ code: 'unknown-target', message: 'no VM [VM_999]', simTime: 0, seed: 1 }))
    const alert = screen.getByRole('alert')
    const text = alert.textContent
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }))

    expect(text).toContain('no VM [VM_999]')
    expect(screen.queryByRole('alert')).toBeNull()
  })
})

describe('FaultPanel', () => {
  it('schedules a crash ahead', () => {
    showFrame('A')
    render(<FaultPanel />)
    const form = screen.getByRole('form', { name: 'Schedule a fault' })

    fireEvent.change(within(form).getByRole('combobox', { name: 'Target' }), {
      target: { value: 'LB1' },
    })
    fireEvent.change(within(form).getByRole('spinbutton', { name: 'At (s)' }), {
      target: { value: '12.5' },
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Schedule' }))

    expect(getSent(worker)).toEqual([
      { type: 'fault', target: 'LB1', action: 'crash', atMs: 12500 },
    ])
  })

  it('lists the run’s faults', () => {
    showFrame('B')

    render(<FaultPanel />)

    expect(screen.getByRole('list').textContent).toContain('VM_5')
  })
})

describe('TaskTable', () => {
  it('lists tasks and selects one for the Why panel', () => {
    showFrame('C', 30000)
    render(<TaskTable />)

    fireEvent.click(screen.getByRole('button', { name: 'Task_102' }))

    expect(screen.getAllByRole('row')).toHaveLength(5)
    expect([1_000_000, 1_250_000, 300_000, 2_500, 10_000].map(formatMi)).toEqual([
      '1M',
      '1.3M',
      '300k',
      '2,500',
      '10k',
    ])
    expect(useUiStore.getState()).toMatchObject({ selectedTask: 'Task_102', sideTab: 'why' })
  })
})

describe('GuideCaption', () => {
  it('explains the current phase in guided mode', () => {
    showFrame('B', 18000)
    act(() => setGuided(true))

    render(<GuideCaption />)

    const guide = screen.getByRole('region', { name: 'Guide' })
    expect(guide.textContent).toContain('Scheduling Phase (SBDLB)')
    expect(guide.textContent).toContain(PHASE_CAPTIONS['Scheduling Phase (SBDLB)'])
  })

  it('has a caption for every phase note', async () => {
    const { PHASES } = await import('../../../src/trace/types')

    expect(PHASES.filter((p) => !PHASE_CAPTIONS[p])).toEqual([])
  })

  it('stays hidden outside guided mode', () => {
    showFrame('A')

    render(<GuideCaption />)

    expect(screen.queryByRole('region', { name: 'Guide' })).toBeNull()
  })
})

describe('TimelinePane', () => {
  it('lists tasks in the task filter while it has focus, and keeps the chosen one after', () => {
    showFrame('A', 20_000)
    render(<TimelinePane />)
    const select = screen.getByRole('combobox', { name: 'Filter by task' })
    const names = () =>
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent)

    const idle = names()
    fireEvent.focus(select)
    const listed = names()
    fireEvent.change(select, { target: { value: 'Task_101' } })
    fireEvent.blur(select)

    expect(idle).toEqual(['All tasks'])
    expect(listed).toContain('Task_101')
    expect(useUiStore.getState().taskFilter).toBe('Task_101')
    expect(names()).toEqual(['All tasks', 'Task_101'])
    expect(select).toHaveProperty('value', 'Task_101')
  })
})
