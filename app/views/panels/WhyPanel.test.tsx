import { fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { selectEntity, selectTask } from '../../store/uiStore'
import { installFakeClient, resetApp, showFrame } from '../../testing/harness'
import { WhyPanel } from './WhyPanel'

beforeEach(() => {
  installFakeClient()
})

afterEach(resetApp)

describe('WhyPanel', () => {
  it('shows a task’s SBDLB candidates and marks the winner', () => {
    showFrame('A', 1100)
    selectTask('Task_101')

    render(<WhyPanel />)
    const table = screen.getByRole('table')
    const winner = within(table).getByText('winner').closest('tr')

    expect(winner?.textContent).toContain('VM_5')
    // VM_5: 40,000 MIPS + 8,192 MB + 1,000 Mbps = 49,192
    expect(winner?.textContent).toContain('49,192')
    expect(within(table).getAllByRole('row').length).toBeGreaterThan(2)
  })

  it('lights the current state of a VM’s machine', () => {
    showFrame('B', 20000)
    selectEntity('VM_5')

    render(<WhyPanel />)
    const machine = screen.getByRole('list', { name: 'State machine' })
    const current = within(machine)
      .getAllByRole('listitem')
      .find((li) => li.getAttribute('aria-current') === 'step')

    expect(current?.textContent).toContain('restarting')
  })

  it('lists the recent history of a VM, newest first', () => {
    showFrame('B', 20000)
    selectEntity('VM_5')

    render(<WhyPanel />)
    const history = screen.getByRole('list', { name: 'History of VM_5' })

    expect(
      within(history)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual([
      expect.stringContaining('DEAD → RESTARTING'),
      expect.stringContaining('CRASHED → DEAD'),
      expect.stringContaining('ALIVE → CRASHED'),
      expect.stringContaining('BOOTING → ALIVE'),
    ])
  })

  it('shows an LB’s machine with its sub-states', () => {
    showFrame('A')
    selectEntity('LB1')

    render(<WhyPanel />)

    const machine = screen.getByRole('list', { name: 'State machine' })
    expect(machine.textContent).toContain('managingHomeZone')
    expect(machine.textContent).toContain('takingOver')
  })

  it('picks what to inspect from a list', () => {
    showFrame('A')
    render(<WhyPanel />)

    fireEvent.change(screen.getByRole('combobox', { name: 'Inspect' }), {
      target: { value: 'VM_3' },
    })

    expect(screen.getByRole('heading', { name: /VM_3/ })).toBeDefined()
  })
})
