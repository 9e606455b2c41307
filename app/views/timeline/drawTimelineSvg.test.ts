import { describe, expect, it } from 'vitest'
import { filterSequenceRows, toSequenceRows } from '../../../src/trace/toSequenceRows'
import { drawTimelineSvg } from './drawTimelineSvg'
import { makeScenarioEvents } from './testEvents'
import { getTimelineDisplayList } from './timelineDisplayList'
import { computeTimelineColumns, ROW_HEIGHT } from './timelineLayout'
import type { TimelinePalette } from './timelinePalette'

const SVG_NS = 'http://www.w3.org/2000/svg'

const PALETTE: TimelinePalette = {
  colors: new Map([
    ['reply', '#111111'],
    ['arrow', '#222222'],
    ['bg', '#333333'],
    ['fg', '#444444'],
  ]),
  fontFamily: 'Test Sans',
}

function drawRows(first: number, last: number, playheadSeq = 12): SVGSVGElement {
  const seq = toSequenceRows(makeScenarioEvents())
  const { indices } = filterSequenceRows(seq, { task: null, participant: null })
  const columns = computeTimelineColumns(seq, null, 1000)
  const list = getTimelineDisplayList({ seq, indices, first, last, columns, playheadSeq })
  const svg = document.createElementNS(SVG_NS, 'svg')
  drawTimelineSvg(svg, list, PALETTE)
  return svg
}

describe('drawTimelineSvg', () => {
  it('leaves out the screen-only pointers to rows scrolled out of view', () => {
    const seq = toSequenceRows(makeScenarioEvents())
    const { indices } = filterSequenceRows(seq, { task: null, participant: null })
    const columns = computeTimelineColumns(seq, null, 1000)
    const model = { seq, indices, first: 11, last: 12, columns, playheadSeq: 12 }
    const list = getTimelineDisplayList({ ...model, view: { left: 0, width: 500 } })
    expect(list.ops.some((op) => op.screenOnly)).toBe(true)
    const svg = document.createElementNS(SVG_NS, 'svg')
    drawTimelineSvg(svg, list, PALETTE)

    expect(svg.textContent).not.toContain('›')
    const texts = list.ops.filter((op) => op.type === 'text' && !op.screenOnly)
    expect(svg.querySelectorAll('text')).toHaveLength(texts.length)
  })

  it('sizes the svg to the display list', () => {
    const svg = drawRows(2, 7)

    expect([svg.getAttribute('width'), svg.getAttribute('height')]).toEqual([
      '1000',
      String(5 * ROW_HEIGHT),
    ])
  })

  it('writes a reply as a dashed line with an open head, colours as attributes', () => {
    const svg = drawRows(7, 8) // seq 8: VM_5 → LB1

    const reply = svg.querySelector('line[stroke-dasharray="4 3"]')
    const head = reply?.nextElementSibling

    expect(reply?.getAttribute('stroke')).toBe('#111111')
    expect(head?.getAttribute('d')).toBe('M390,15L382,19L390,23')
    expect([head?.getAttribute('fill'), head?.getAttribute('stroke')]).toEqual(['none', '#111111'])
  })

  it('writes a call with a filled head', () => {
    const svg = drawRows(2, 3) // seq 3: Dispatcher → LB1

    const call = svg.querySelector('line:not([stroke-dasharray])[stroke="#222222"]')

    expect(call?.nextElementSibling?.getAttribute('fill')).toBe('#222222')
  })

  it('writes labels with their font on a knockout box, so the file needs no stylesheet', () => {
    const svg = drawRows(2, 3)

    const label = [...svg.querySelectorAll('text')].find(
      (t) => t.textContent === 'Submit Task Payload',
    )
    const boxes = [...svg.querySelectorAll('rect')].filter(
      (r) => r.nextElementSibling === label || r.nextElementSibling?.nextElementSibling === label,
    )

    expect(label?.getAttribute('class')).toBe('seq-timeline__label')
    expect(label?.getAttribute('font-family')).toBe('Test Sans')
    expect(label?.getAttribute('font-size')).toBe('11')
    expect(label?.getAttribute('text-anchor')).toBe('middle')
    expect(boxes[0]?.getAttribute('fill')).toBe('#333333')
  })

  it('dims the rows after the playhead', () => {
    const svg = drawRows(3, 5, 4)

    const nums = [...svg.querySelectorAll('text.seq-timeline__num')]

    expect(nums.map((t) => [t.textContent, t.getAttribute('opacity')])).toEqual([
      ['4', null],
      ['5', '0.45'],
    ])
  })

  it('replaces what the svg held', () => {
    const svg = drawRows(0, 12)
    const seq = toSequenceRows(makeScenarioEvents())
    const { indices } = filterSequenceRows(seq, { task: null, participant: null })
    const columns = computeTimelineColumns(seq, null, 1000)

    const list = getTimelineDisplayList({
      seq,
      indices,
      first: 0,
      last: 1,
      columns,
      playheadSeq: 1,
    })
    drawTimelineSvg(svg, list, PALETTE)

    expect(svg.querySelectorAll('text.seq-timeline__num')).toHaveLength(1)
  })
})
