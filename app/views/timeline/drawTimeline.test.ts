import { describe, expect, it } from 'vitest'
import { filterSequenceRows, toSequenceRows } from '../../../src/trace/toSequenceRows'
import { drawTimelineHeader, drawTimelineRows, type TimelineRowsModel } from './drawTimeline'
import { makeHeartbeats, makeScenarioEvents } from './testEvents'
import { computeTimelineColumns, fitText, getRowWindow, ROW_HEIGHT } from './timelineLayout'

const SVG_NS = 'http://www.w3.org/2000/svg'

function makeModel(first = 0, last = 12, width = 1000): TimelineRowsModel {
  const seq = toSequenceRows(makeScenarioEvents())
  const filtered = filterSequenceRows(seq, { task: null, participant: null })
  const columns = computeTimelineColumns(seq, null, width)
  return {
    seq,
    indices: filtered.indices,
    first,
    last,
    columns,
    playheadSeq: 12,
    focusPos: -1,
    markerId: 't',
  }
}

describe('drawTimelineRows', () => {
  it('draws one focusable row per shown event into a detached SVG', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')

    drawTimelineRows(svg, makeModel(2, 7))

    const rows = svg.querySelectorAll('.seq-timeline__row')
    expect([...rows].map((r) => r.getAttribute('data-seq'))).toEqual(['3', '4', '5', '6', '7'])
    expect(rows[0].getAttribute('role')).toBe('button')
    expect(rows[0].getAttribute('tabindex')).toBe('0')
    expect(rows[1].getAttribute('tabindex')).toBe('-1')
    expect(rows[1].getAttribute('transform')).toBe(`translate(0,${ROW_HEIGHT})`)
  })

  it('draws calls with an arrowhead, replies dashed and self-messages as a loop', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')

    drawTimelineRows(svg, makeModel())

    const row = (seq: number) => svg.querySelector(`[data-seq="${seq}"]`) as Element
    expect(row(4).querySelector('line')?.getAttribute('marker-end')).toBe('url(#t-call)')
    expect(row(8).querySelector('line')?.getAttribute('marker-end')).toBe('url(#t-reply)')
    expect(row(8).querySelector('.seq-timeline__arrow--reply')).not.toBeNull()
    expect(row(6).querySelector('path.seq-timeline__arrow--self')).not.toBeNull()
    expect(row(2).querySelector('.seq-timeline__note--phase')).not.toBeNull()
    expect(
      row(9).querySelector('.seq-timeline__note:not(.seq-timeline__note--phase)'),
    ).not.toBeNull()
  })

  it('reuses row nodes when the window slides (keyed by seq)', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')
    drawTimelineRows(svg, makeModel(0, 6))
    const row5 = svg.querySelector('[data-seq="5"]')

    drawTimelineRows(svg, makeModel(3, 9))

    expect(svg.querySelector('[data-seq="5"]')).toBe(row5)
    expect(svg.querySelector('[data-seq="1"]')).toBeNull()
    expect(svg.querySelectorAll('.seq-timeline__row')).toHaveLength(6)
  })

  it('names the phase on the first row shown in it', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')
    const seq = toSequenceRows(makeScenarioEvents())
    const filtered = filterSequenceRows(seq, { task: 'Task_101', participant: null })
    const columns = computeTimelineColumns(seq, null, 1000)
    const model = {
      ...makeModel(),
      seq,
      indices: filtered.indices,
      first: 0,
      last: filtered.count,
      columns,
    }

    drawTimelineRows(svg, model)

    const names = [...svg.querySelectorAll('.seq-timeline__phase-name')].map((t) => [
      t.closest('[data-seq]')?.getAttribute('data-seq'),
      t.textContent,
    ])
    expect(names).toEqual([
      ['3', 'Submission Phase'],
      ['6', 'Scheduling Phase (SBDLB)'],
    ])
  })

  it('draws a lifeline per column', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')
    const model = makeModel()

    drawTimelineRows(svg, model)

    expect(svg.querySelectorAll('.seq-timeline__lifelines line')).toHaveLength(
      model.columns.keys.length,
    )
  })
})

describe('drawTimelineHeader', () => {
  it('draws a participant box per column, in the seed order', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')

    drawTimelineHeader(svg, makeModel().columns)

    const labels = [...svg.querySelectorAll('.seq-timeline__participant text')].map(
      (t) => t.textContent,
    )
    expect(labels).toEqual(['Dispatcher', 'LB1', 'L1', 'L2_Z1', 'VM_5'])
  })
})

describe('computeTimelineColumns', () => {
  it('gives each VM a column when they fit and collapses them by zone when not', () => {
    const model = toSequenceRows(makeHeartbeats(200))

    const wide = computeTimelineColumns(model, null, 2000)
    const narrow = computeTimelineColumns(model, null, 600)

    expect(wide.collapse).toBe('each')
    expect(wide.keys).toHaveLength(18)
    expect(narrow.collapse).toBe('zone')
    expect(narrow.keys).toEqual(['LB1', 'L2_Z1', 'VMs Z1'])
  })
})

describe('getRowWindow', () => {
  it('covers the viewport plus a few rows either side', () => {
    // Rows 100…117 are visible in 480 − 34 px; 6 rows of overscan on each side.
    expect(getRowWindow(100 * ROW_HEIGHT, 480, 100_000)).toEqual({ first: 94, last: 124 })
    expect(getRowWindow(0, 480, 5)).toEqual({ first: 0, last: 5 })
  })
})

describe('fitText', () => {
  it('cuts long labels with an ellipsis', () => {
    expect(fitText('Update Task Meta (Status: QUEUED)', 64)).toBe('Update Ta…')
    expect(fitText('short', 64)).toBe('short')
  })
})
