import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TraceEvent } from '../../../src/trace/types'
import { snapshotView } from '../../lib/svgSnapshot'
import { SequenceTimeline } from './SequenceTimeline'
import { type CanvasCall, makeRecordingContext, stubCanvas } from './testCanvas'
import { makeHeartbeats, makeScenarioEvents } from './testEvents'

// jsdom has no canvas: getContext gives null unless a test hands it a recording context.
beforeEach(() => stubCanvas(null))

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  document.head.replaceChildren()
  delete document.documentElement.dataset.theme
})

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
  const seqs = [...region.querySelectorAll<HTMLElement>('[data-seq]')].map((g) =>
    Number(g.dataset.seq),
  )
  return seqs.sort((a, b) => a - b)
}

/** A recording 2D context for every canvas; `paints()` counts the frames painted. */
function recordCanvas() {
  const { ctx, calls } = makeRecordingContext()
  stubCanvas(ctx)
  const paints = () => calls.filter((c) => c.name === 'setTransform').length
  const texts = (pred: (c: CanvasCall) => boolean = () => true) =>
    calls.filter((c) => c.name === 'fillText' && pred(c)).map((c) => String(c.args[0]))
  return { calls, paints, texts }
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

  it('paints calls solid, replies dashed and the labels on the canvas', () => {
    const { calls, texts } = recordCanvas()

    renderTimeline(makeScenarioEvents())

    const strokes = calls.filter((c) => c.name === 'stroke')
    expect(strokes.some((c) => c.dash.join() === '4,3')).toBe(true)
    expect(strokes.some((c) => c.dash.length === 0 && c.lineWidth === 1.25)).toBe(true)
    expect(texts()).toEqual(
      expect.arrayContaining(['Submit Task Payload', 'Return Current Resource Usage', '12']),
    )
  })

  it('outlines the playhead row and dims later rows', () => {
    const { calls, texts } = recordCanvas()

    renderTimeline(makeScenarioEvents(), { playheadSeq: 5 })

    const dimmed = texts((c) => c.globalAlpha === 0.45 && /^\d+$/.test(String(c.args[0])))
    expect(dimmed).toEqual(['6', '7', '8', '9', '10', '11', '12'])
    const outline = calls.filter((c) => c.name === 'stroke' && c.strokeStyle === '#2563eb')
    expect(outline).toHaveLength(1)
  })

  it('paints again only when something drawn changes', () => {
    const { paints } = recordCanvas()
    const events = makeScenarioEvents()
    const { rerender } = renderTimeline(events, { playheadSeq: 12 })
    const first = paints()

    rerender({ playheadSeq: 12 })
    rerender({ events: [...events], playheadSeq: 12 })
    const unchanged = paints()
    rerender({ playheadSeq: 11 })

    expect(first).toBe(1)
    expect(unchanged).toBe(1)
    expect(paints()).toBe(2)
  })

  it('paints again in the new colours when the theme changes', async () => {
    const style = document.createElement('style')
    style.textContent = '[data-theme="dark"] .seq-timeline__scroll { --seq-bg: #0f172a }'
    document.head.append(style)
    const { calls, paints } = recordCanvas()
    renderTimeline(makeScenarioEvents())
    const before = paints()
    const seen = calls.length

    await act(async () => {
      document.documentElement.dataset.theme = 'dark'
    })

    expect(paints()).toBe(before + 1)
    // A paint starts with the background.
    const background = calls.slice(seen).find((c) => c.name === 'fillRect')
    expect(background?.fillStyle).toBe('#0f172a')
  })

  it('reuses a fixed pool of row buttons as rows arrive', () => {
    const all = makeHeartbeats(3000)
    const { region, rerender } = renderTimeline(all.slice(0, 1000))
    const pool = [...region.querySelectorAll('.seq-timeline__row')]

    rerender({ events: all.slice(0, 2000) })
    rerender({ events: all })

    expect([...region.querySelectorAll('.seq-timeline__row')]).toEqual(pool)
    expect(Math.max(...getRowSeqs(region))).toBe(3000)
  })

  it('exports the rows as vector SVG under the header', () => {
    renderTimeline(makeScenarioEvents())

    const { svg } = snapshotView('timeline')

    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
    expect(doc.querySelector('image')).toBeNull()
    const layers = doc.documentElement.querySelectorAll(':scope > svg')
    expect([...layers].map((l) => l.getAttribute('y'))).toEqual(['0', '34'])
    expect(layers[1].querySelector('line[stroke-dasharray="4 3"]')).not.toBeNull()
    expect([...layers[1].querySelectorAll('text')].map((t) => t.textContent)).toContain(
      'Submit Task Payload',
    )
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
