import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TraceEvent } from '../../../src/trace/types'
import { SequenceTimeline } from './SequenceTimeline'
import { makeHeartbeats, makeScenarioEvents } from './testEvents'

afterEach(cleanup)

function renderTimeline(
  events: readonly TraceEvent[],
  overrides: Partial<Parameters<typeof SequenceTimeline>[0]> = {},
) {
  const onSeek = vi.fn()
  const props = {
    events,
    playheadSeq: events.length,
    taskFilter: null,
    participantFilter: null,
    onSeek,
    ...overrides,
  }
  const view = render(<SequenceTimeline {...props} />)
  const region = screen.getByRole('region', { name: 'Sequence timeline' })
  const rerender = (more: Partial<typeof props>) =>
    view.rerender(<SequenceTimeline {...props} {...more} />)
  return { region, onSeek, rerender }
}

function getRowSeqs(region: HTMLElement): number[] {
  return [...region.querySelectorAll<SVGGElement>('[data-seq]')].map((g) => Number(g.dataset.seq))
}

describe('SequenceTimeline', () => {
  it('names each row with its number, ends, label and time', () => {
    const { region } = renderTimeline(makeScenarioEvents())

    const row = within(region).getByRole('button', {
      name: '4. LB1 → L1: Update Task Meta (Status: QUEUED) at 1.005 s',
    })

    expect(row.getAttribute('data-seq')).toBe('4')
    expect(within(region).getAllByRole('button', { name: /^\d+\. / })).toHaveLength(12)
  })

  it('draws only a window of rows for 100,000 events, following the newest', () => {
    const { region } = renderTimeline(makeHeartbeats(100_000))

    const seqs = getRowSeqs(region)

    expect(seqs.length).toBeGreaterThan(10)
    expect(seqs.length).toBeLessThan(60)
    expect(Math.max(...seqs)).toBe(100_000)
    expect(within(region).getByTestId('timeline.count').textContent).toBe('100,000 events')
  })

  it('keeps the window small as events keep arriving', () => {
    const all = makeHeartbeats(20_000)
    const { region, rerender } = renderTimeline(all.slice(0, 10_000))

    rerender({ events: all })

    const seqs = getRowSeqs(region)
    expect(seqs.length).toBeLessThan(60)
    expect(Math.max(...seqs)).toBe(20_000)
  })

  it('seeks to a row on click', () => {
    const { region, onSeek } = renderTimeline(makeScenarioEvents())

    fireEvent.click(within(region).getByRole('button', { name: /^3\. Dispatcher → LB1/ }))

    expect(onSeek).toHaveBeenCalledWith(3, 1000)
  })

  it('seeks to a row on Enter and Space', () => {
    const { region, onSeek } = renderTimeline(makeScenarioEvents())
    const row = within(region).getByRole('button', { name: /^8\. VM_5 → LB1/ })

    fireEvent.keyDown(row, { key: 'Enter' })
    fireEvent.keyDown(row, { key: ' ' })

    expect(onSeek).toHaveBeenCalledTimes(2)
    expect(onSeek).toHaveBeenLastCalledWith(8, 1007)
  })

  it('moves focus between rows with the arrow keys', () => {
    const { region } = renderTimeline(makeScenarioEvents())
    const row = within(region).getByRole('button', { name: /^8\. / })
    row.focus()

    fireEvent.keyDown(row, { key: 'ArrowUp' })

    expect(document.activeElement?.getAttribute('data-seq')).toBe('7')
    expect(document.activeElement?.getAttribute('tabindex')).toBe('0')
  })

  it('shows only the rows of the filtered task', () => {
    const { region } = renderTimeline(makeScenarioEvents(), { taskFilter: 'Task_101' })

    expect(getRowSeqs(region)).toEqual([3, 4, 6, 7, 8, 9, 10])
    expect(within(region).getByTestId('timeline.count').textContent).toBe('7 of 12 events')
  })

  it('shows only the rows and columns of the filtered participant', () => {
    const { region } = renderTimeline(makeScenarioEvents(), { participantFilter: 'L1' })

    expect(getRowSeqs(region)).toEqual([4])
    const header = region.querySelectorAll('.seq-timeline__participant')
    expect([...header].map((g) => g.textContent)).toEqual(['LB1LB1', 'L1L1'])
  })

  it('draws calls solid, replies dashed, self-messages as loops and phase bands', () => {
    const { region } = renderTimeline(makeScenarioEvents())
    const row = (seq: number) => region.querySelector(`[data-seq="${seq}"]`) as Element

    expect(row(3).querySelector('.seq-timeline__arrow--reply')).toBeNull()
    expect(row(8).querySelector('.seq-timeline__arrow--reply')).not.toBeNull()
    expect(row(6).querySelector('.seq-timeline__arrow--self')).not.toBeNull()
    expect(row(3).querySelector('.seq-timeline__band--p0')).not.toBeNull()
    expect(row(11).querySelector('.seq-timeline__fault-mark')).not.toBeNull()
  })

  it('marks the playhead row and dims later rows', () => {
    const { region } = renderTimeline(makeScenarioEvents(), { playheadSeq: 5 })

    expect(region.querySelector('.seq-timeline__row--playhead')?.getAttribute('data-seq')).toBe('5')
    expect(region.querySelectorAll('.seq-timeline__row--future')).toHaveLength(7)
  })

  it('stops following when the user scrolls up and resumes on Follow', () => {
    const { region } = renderTimeline(makeHeartbeats(1000))
    const scroller = region.querySelector('.seq-timeline__scroll') as HTMLElement
    const follow = within(region).getByRole('button', { name: 'Follow' })
    expect(follow.getAttribute('aria-pressed')).toBe('true')

    // Following, the scroller is column-reverse: offsets are negative away from the end.
    scroller.scrollTop = -5000
    act(() => {
      scroller.dispatchEvent(new Event('scroll'))
    })

    expect(follow.getAttribute('aria-pressed')).toBe('false')
    expect(Math.min(...getRowSeqs(region))).toBe(1)

    fireEvent.click(follow)

    expect(follow.getAttribute('aria-pressed')).toBe('true')
    expect(Math.max(...getRowSeqs(region))).toBe(1000)
  })

  it('starts over when the trace is replaced after a seek', () => {
    const events = makeScenarioEvents()
    const { region, rerender } = renderTimeline(events)

    rerender({ events: events.slice(0, 4), playheadSeq: 4 })

    expect(getRowSeqs(region)).toEqual([1, 2, 3, 4])
  })
})
