import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TraceEvent } from '../../../src/trace/types'
import { drawFlights, MAX_NEW_FLIGHTS } from './drawFlights'
import { computeTopologyLayout } from './topologyLayout'

const SVG_NS = 'http://www.w3.org/2000/svg'
const layout = computeTopologyLayout(
  { zones: [{ zone: 1, vmIds: ['VM_1', 'VM_2'] }], lbs: [{ id: 'LB1', homeZone: 1 }] },
  800,
  600,
)

function message(
  seq: number,
  from: string,
  to: string,
  kind: 'call' | 'reply' | 'self' = 'call',
): TraceEvent {
  return { seq, t: seq, type: 'message', from, to, label: 'm', kind }
}

afterEach(() => {
  vi.unstubAllGlobals()
  Reflect.deleteProperty(Element.prototype, 'animate')
})

describe('drawFlights', () => {
  it('starts a dot per message between drawn participants, skipping self-messages', () => {
    Object.defineProperty(Element.prototype, 'animate', {
      configurable: true,
      value: vi.fn(() => ({ onfinish: null, oncancel: null })),
    })
    const svg = document.createElementNS(SVG_NS, 'svg')

    const started = drawFlights(svg, layout, [
      message(1, 'LB1', 'VM_1'),
      message(2, 'VM_1', 'LB1', 'reply'),
      message(3, 'LB1', 'LB1', 'self'),
      message(4, 'LB1', 'VM_999'),
      message(5, 'VM_2', 'L2_Z1'),
    ])

    expect(started).toBe(3)
    expect(svg.querySelectorAll('.zone-map__flight--reply')).toHaveLength(1)
  })

  it('samples at most a dozen new dots per frame', () => {
    Object.defineProperty(Element.prototype, 'animate', {
      configurable: true,
      value: vi.fn(() => ({ onfinish: null, oncancel: null })),
    })
    const svg = document.createElementNS(SVG_NS, 'svg')
    const many = Array.from({ length: 500 }, (_, i) => message(i + 1, 'VM_1', 'L2_Z1'))

    expect(drawFlights(svg, layout, many)).toBe(MAX_NEW_FLIGHTS)
  })

  it('draws nothing where Web Animations are missing', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')

    expect(drawFlights(svg, layout, [message(1, 'LB1', 'VM_1')])).toBe(0)
  })
})
