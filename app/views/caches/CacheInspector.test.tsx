import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyFrame, useSimStore } from '../../store/simStore'
import {
  type FakeWorker,
  getSent,
  installFakeClient,
  resetApp,
  showFrame,
} from '../../testing/harness'
import { CacheInspector, KEYS_PER_PAGE } from './CacheInspector'

let worker: FakeWorker

beforeEach(() => {
  worker = installFakeClient()
})

afterEach(resetApp)

describe('CacheInspector', () => {
  it('shows L1 and each zone’s L2 as named regions', () => {
    showFrame('A', 1100)

    render(<CacheInspector />)

    for (const name of ['Redis L1', 'Redis L2 (Zone 1)', 'Redis L2 (Zone 2)']) {
      expect(screen.getByRole('region', { name })).toBeDefined()
    }
  })

  it('lists keys, fields and values', () => {
    showFrame('A', 1100)

    render(<CacheInspector />)
    const l1 = screen.getByRole('region', { name: 'Redis L1' })
    const meta = within(l1).getByRole('button', { name: 'Task_Meta_101' }).closest('li')

    expect(meta?.textContent).toContain('Status')
    expect(meta?.textContent).toContain('RUNNING')
  })

  it('highlights what was written recently', () => {
    showFrame('A', 1100)

    render(<CacheInspector />)
    const l1 = screen.getByRole('region', { name: 'Redis L1' })
    const meta = within(l1).getByRole('button', { name: 'Task_Meta_101' }).closest('li')
    const registry = within(l1).getByRole('button', { name: 'System_Registry' }).closest('li')

    // Task_Meta_101 was written at 1,005–1,007 ms; the registry only at time 0.
    expect(meta?.className).toContain('cache__key--recent')
    expect(registry?.className).not.toContain('cache__key--recent')
  })

  it('shows a key’s history of commands on click, and seeks from it', () => {
    showFrame('A', 1600)
    render(<CacheInspector />)
    const l1 = screen.getByRole('region', { name: 'Redis L1' })

    fireEvent.click(within(l1).getByRole('button', { name: 'Task_Meta_101' }))
    const history = screen.getByRole('list', { name: 'History of Task_Meta_101' })
    const rows = within(history).getAllByRole('button')
    fireEvent.click(rows[rows.length - 1])

    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('HSET Task_Meta_101 Status FINISHED'),
      expect.stringContaining('HSET Task_Meta_101 Status RUNNING'),
      expect.stringContaining('HSET Task_Meta_101 Assigned_Zone Zone_1'),
    ])
    expect(getSent(worker)).toEqual([{ type: 'seekSeq', traceSeq: expect.any(Number) }])
  })

  it('keeps an open key’s history in step with the playhead between cache updates', () => {
    const later = showFrame('A', 1600)
    render(<CacheInspector />)
    fireEvent.click(screen.getByRole('button', { name: 'Task_Meta_101' }))
    const rows = () =>
      within(screen.getByRole('list', { name: 'History of Task_Meta_101' })).getAllByRole('button')
    expect(rows()).toHaveLength(3)

    // Back before the task finished, in a frame that leaves the caches out (as frames between
    // cache updates do): the inspector itself does not re-render, the history does.
    const finish = useSimStore
      .getState()
      .events.find(
        (e) =>
          e.type === 'message' &&
          e.command?.args[0] === 'Task_Meta_101' &&
          e.command.args.includes('FINISHED'),
      )
    if (!finish) throw new Error('no FINISHED write in scenario A by 1.6 s')
    act(() => {
      const held = useSimStore.getState().events.length
      const back = { reset: false, baseIndex: held, playheadSeq: finish.seq - 1 }
      applyFrame({ ...later, ...back, cachesIncluded: false }, [])
    })

    expect(rows()).toHaveLength(2)
    expect(rows()[0].textContent).toContain('Status RUNNING')
  })

  it('folds and unfolds a cache', () => {
    showFrame('A', 1100)
    render(<CacheInspector />)
    const l2 = screen.getByRole('region', { name: 'Redis L2 (Zone 1)' })
    const toggle = within(l2).getByRole('button', { expanded: true })

    fireEvent.click(toggle)

    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(within(l2).queryByRole('button', { name: 'VM_5' })).toBeNull()
  })

  it('draws a page of keys per cache and more on request', () => {
    showFrame('free', 120_000)
    render(<CacheInspector />)
    const l1 = screen.getByRole('region', { name: 'Redis L1' })
    const keyCount = () => within(l1).getAllByRole('button', { expanded: false }).length
    const title = within(l1).getByRole('button', { expanded: true })

    const first = keyCount()
    const firstTitle = title.textContent
    fireEvent.click(within(l1).getByRole('button', { name: /^Show \d+ more keys$/ }))

    expect(first).toBe(KEYS_PER_PAGE)
    expect(firstTitle).toMatch(new RegExp(`${KEYS_PER_PAGE} of \\d+ keys`))
    expect(keyCount()).toBeGreaterThan(KEYS_PER_PAGE)
  })

  it('filters keys by name in every cache', () => {
    showFrame('A', 1100)
    render(<CacheInspector />)

    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter keys' }), {
      target: { value: 'meta_101' },
    })
    const l1 = screen.getByRole('region', { name: 'Redis L1' })
    const l2 = screen.getByRole('region', { name: 'Redis L2 (Zone 1)' })

    expect(within(l1).getByRole('button', { name: 'Task_Meta_101' })).toBeDefined()
    expect(within(l1).queryByRole('button', { name: 'System_Registry' })).toBeNull()
    expect(within(l2).queryByRole('button', { name: 'VM_5' })).toBeNull()
    expect(within(l1).getByRole('button', { expanded: true }).textContent).toContain(
      '1 matching key',
    )
  })
})
