import { describe, expect, it } from 'vitest'
import type { Frame } from '../../../src/protocol/messages'
import {
  drawTopology,
  getHeartbeatFraction,
  getHeartbeatLevel,
  getTopologyModel,
} from './drawTopology'
import { layOut, makeFrame, makeTakeover, makeVm, withVm } from './testFrames'
import {
  computeTopologyLayout,
  fitTopologyLayout,
  MAX_CARD_SCALE,
  type TopologyShape,
} from './topologyLayout'
import { getLbName, getVmName } from './topologyText'

const SVG_NS = 'http://www.w3.org/2000/svg'

function getShape(zones: number, vmsPerZone: number): TopologyShape {
  return {
    zones: Array.from({ length: zones }, (_, z) => ({
      zone: z + 1,
      vmIds: Array.from({ length: vmsPerZone }, (_, i) => `VM_${z * 100 + i + 1}`),
    })),
    lbs: Array.from({ length: zones }, (_, z) => ({ id: `LB${z + 1}`, homeZone: z + 1 })),
  }
}

function drawDetached(frame = makeFrame()) {
  const svg = document.createElementNS(SVG_NS, 'svg')
  const layout = computeTopologyLayout(
    getShape(frame.lbs.length, frame.vms.length / frame.lbs.length),
    1200,
    700,
  )
  drawTopology(svg, getTopologyModel(frame, layout))
  return svg
}

describe('drawTopology', () => {
  it('draws a region per zone, the top boxes and a card per VM into a detached SVG', () => {
    const svg = drawDetached()

    expect(svg.querySelectorAll('.zone-map__zone')).toHaveLength(2)
    expect(svg.querySelectorAll('.zone-map__node--lb')).toHaveLength(2)
    expect(svg.querySelectorAll('.zone-map__node--l2')).toHaveLength(2)
    expect(svg.querySelector('.zone-map__node--dispatcher')?.textContent).toContain('Dispatcher')
    expect(svg.querySelectorAll('.zone-map__vm')).toHaveLength(16)
  })

  it('colours a VM by state and says the state in text too', () => {
    const svg = drawDetached(withVm(makeFrame(), 'VM_5', { state: 'DEAD' }))

    const card = svg.querySelector('[data-testid="zone.z1.card.VM_5"]')

    expect(card?.getAttribute('class')).toContain('zone-map__vm--dead')
    expect(card?.querySelector('.zone-map__vm-state')?.textContent).toBe('✕ DEAD')
  })

  it('scales the utilisation bars by use', () => {
    const svg = drawDetached(withVm(makeFrame(), 'VM_5', { mipsUse: 0.5, ramUse: 1, bwUse: 0 }))
    const card = svg.querySelector('[data-testid="zone.z1.card.VM_5"]') as Element
    const width = (bar: string, part: string) =>
      Number(
        card.querySelector(`.zone-map__bar--${bar} .zone-map__bar-${part}`)?.getAttribute('width'),
      )
    const track = width('mips', 'track')

    expect(track).toBeGreaterThan(40)
    expect([width('mips', 'fill'), width('ram', 'fill'), width('bw', 'fill')]).toEqual([
      track / 2,
      track,
      0,
    ])
  })

  it('marks a taken-over zone and draws the takeover link from its new owner', () => {
    const svg = drawDetached(makeTakeover(makeFrame()))

    const zone1 = svg.querySelector('[data-testid="zone.z1"]')

    expect(zone1?.getAttribute('class')).toContain('zone-map__zone--taken-over')
    const pill = svg.querySelector('[data-testid="zone.z1.owner"]')
    expect(pill?.textContent).toBe('managed by LB2 (takeover)')
    expect(pill?.getAttribute('class')).toContain('zone-map__owner-pill--taken-over')
    const arcs = svg.querySelectorAll('.zone-map__link--takeover')
    expect(arcs).toHaveLength(1)
    // The arc crosses LB2's zone header: it is drawn before (beneath) the owner pills.
    const arc = arcs[0] as Element
    expect(
      arc.compareDocumentPosition(pill as Element) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy()
    expect(svg.querySelector('.zone-map__node--lb.zone-map__node--dead')?.textContent).toContain(
      'DEAD',
    )
  })

  it('updates in place on the next frame (keyed by id)', () => {
    const frame = makeFrame()
    const svg = drawDetached(frame)
    const before = svg.querySelector('[data-testid="zone.z1.card.VM_5"]')
    const layout = computeTopologyLayout(getShape(2, 8), 1200, 700)

    drawTopology(svg, getTopologyModel(withVm(frame, 'VM_5', { state: 'CRASHED' }), layout))

    const after = svg.querySelector('[data-testid="zone.z1.card.VM_5"]')
    expect(after).toBe(before)
    expect(after?.getAttribute('class')).toContain('zone-map__vm--crashed')
  })
})

describe('getHeartbeatFraction', () => {
  it.each([
    [0, 0, 'ok'],
    [5000, 0.5, 'ok'],
    [7500, 0.75, 'warn'],
    [12_000, 1, 'late'],
    [Number.POSITIVE_INFINITY, 1, 'late'],
  ])('maps %d ms since the last heartbeat to %d of the timeout (%s)', (since, fraction, level) => {
    const f = getHeartbeatFraction(makeVm({ sinceHeartbeatMs: since }), 10_000)

    expect(f).toBe(fraction)
    expect(getHeartbeatLevel(f)).toBe(level)
  })
})

describe('accessible names', () => {
  it('start with the id, then the zone and the state', () => {
    expect(getVmName(makeVm({ id: 'VM_5', tasks: ['Task_101'] }))).toBe(
      'VM_5, zone 1, ALIVE, 1 task',
    )
    expect(getLbName(makeFrame().lbs[0])).toBe('LB1, zone 1, ACTIVE, manages zone 1')
    expect(getLbName(makeTakeover(makeFrame()).lbs[0])).toBe('LB1, zone 1, DEAD, manages no zone')
  })
})

describe('computeTopologyLayout', () => {
  it('uses cards for 2 × 8 and places every VM inside its zone', () => {
    const layout = computeTopologyLayout(getShape(2, 8), 1280, 500)

    expect(layout.mode).toBe('cards')
    for (const z of layout.zones) {
      for (const id of getShape(2, 8).zones[z.zone - 1].vmIds) {
        const box = layout.vms.get(id)
        expect(box && box.x >= z.box.x && box.x + box.w <= z.box.x + z.box.w).toBe(true)
        expect(box && box.y + box.h <= z.box.y + z.box.h).toBe(true)
      }
    }
  })

  it('goes dense for 16 × 64 and keeps cells at least 10 px', () => {
    const layout = computeTopologyLayout(getShape(16, 64), 1280, 500)

    expect(layout.mode).toBe('dense')
    expect(layout.vms.size).toBe(1024)
    expect(layout.cell.w).toBeGreaterThanOrEqual(10)
    expect(Math.max(...layout.zones.map((z) => z.box.x + z.box.w))).toBeLessThanOrEqual(1280)
  })

  it('does not overlap VM cells', () => {
    const layout = computeTopologyLayout(getShape(2, 50), 1000, 600)
    const boxes = [...layout.vms.values()]

    const overlaps = boxes.some((a, i) =>
      boxes.some(
        (b, j) => i < j && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h,
      ),
    )

    expect(overlaps).toBe(false)
  })
})

describe('fitTopologyLayout', () => {
  it('draws 2 × 8 cards larger on a large pane, filling its width and not its height', () => {
    const { layout, scale } = fitTopologyLayout(getShape(2, 8), 1340, 560)

    expect(layout.mode).toBe('cards')
    expect(scale).toBeGreaterThan(1.2)
    expect(scale).toBeLessThanOrEqual(MAX_CARD_SCALE)
    expect(layout.height * scale).toBeLessThanOrEqual(560)
    expect(layout.width * scale).toBeCloseTo(1340, 5)
  })

  it('keeps factor 1 when the cards already fill the height, and for dense views', () => {
    const tight = computeTopologyLayout(getShape(2, 8), 900, 2000)
    expect(fitTopologyLayout(getShape(2, 8), 900, tight.height).scale).toBe(1)
    const dense = fitTopologyLayout(getShape(16, 64), 1280, 500)
    expect(dense.layout.mode).toBe('dense')
    expect(dense.scale).toBe(1)
  })

  it('stops at MAX_CARD_SCALE however much room there is', () => {
    expect(fitTopologyLayout(getShape(2, 4), 1280, 5000).scale).toBeCloseTo(MAX_CARD_SCALE, 5)
  })
})

const LAYERS = ['links', 'zones', 'takeovers', 'pills', 'nodes', 'cards']

describe('drawTopology from frame to frame', () => {
  function setUp(frame = makeFrame()) {
    const svg = document.createElementNS(SVG_NS, 'svg')
    const layout = layOut(frame)
    drawTopology(svg, getTopologyModel(frame, layout))
    const observer = new MutationObserver(() => {})
    observer.observe(svg, { subtree: true, childList: true, attributes: true, characterData: true })
    const draw = (next: Frame) => {
      drawTopology(svg, getTopologyModel(next, layout))
      return observer.takeRecords()
    }
    return { svg, draw }
  }

  /** Where each record landed: the test id of the nearest card or zone, else the layer. */
  function getTouched(records: MutationRecord[]): string[] {
    const where = records.map((r) => {
      const el = r.target instanceof Element ? r.target : r.target.parentElement
      const owner = el?.closest('[data-testid]')?.getAttribute('data-testid')
      const layer = el?.closest(LAYERS.map((name) => `.zone-map__${name}`).join(','))
      return owner ?? layer?.getAttribute('class') ?? '?'
    })
    return [...new Set(where)].sort()
  }

  it('writes nothing when only heartbeat ages moved within a ring step', () => {
    const frame = makeFrame()
    const { draw } = setUp(frame)
    // 1000 ms → 1040 ms is 0.4 % of the 10 s timeout, under one ring step (1 %).
    const later = { ...frame, vms: frame.vms.map((vm) => ({ ...vm, sinceHeartbeatMs: 1040 })) }

    expect(draw(later)).toEqual([])
  })

  it('rewrites only the card of the VM whose state changed', () => {
    const frame = makeFrame()
    const { svg, draw } = setUp(frame)

    const records = draw(withVm(frame, 'VM_5', { state: 'DEAD', sinceHeartbeatMs: 12_000 }))

    expect(getTouched(records)).toEqual(['zone.z1.card.VM_5'])
    const card = svg.querySelector('[data-testid="zone.z1.card.VM_5"]')
    expect(card?.getAttribute('class')).toBe('zone-map__vm zone-map__vm--dead')
    expect(card?.querySelector('.zone-map__ring')?.getAttribute('class')).toContain('--late')
  })

  it('moves the heartbeat ring in whole steps', () => {
    const frame = makeFrame()
    const { svg, draw } = setUp(frame)
    const ring = () => svg.querySelector('[data-testid="zone.z1.card.VM_5"] .zone-map__ring')
    const before = ring()?.getAttribute('d')

    draw(withVm(frame, 'VM_5', { sinceHeartbeatMs: 1049 }))
    const within = ring()?.getAttribute('d')
    draw(withVm(frame, 'VM_5', { sinceHeartbeatMs: 1051 }))

    expect(within).toBe(before)
    expect(ring()?.getAttribute('d')).not.toBe(before)
  })

  it('redraws zones and links on a takeover, in the new owner colour, and leaves cards alone', () => {
    const frame = makeFrame()
    const { svg, draw } = setUp(frame)

    const records = draw(makeTakeover(frame))

    const touched = getTouched(records)
    expect(touched).toContain('zone.z1')
    expect(touched.some((t) => t.includes('card'))).toBe(false)
    const takeover = svg.querySelector('.zone-map__link--takeover') as SVGPathElement
    expect(takeover.style.getPropertyValue('--owner')).toBe('var(--zm-owner-1)')
    expect(svg.querySelector('[data-testid="zone.z1"]')?.getAttribute('data-owner')).toBe('LB2')
  })

  it('redraws only the boxes while an LB restarts', () => {
    const frame = makeFrame()
    const restarting = (p: number) => ({
      ...frame,
      lbs: frame.lbs.map((lb) =>
        lb.id === 'LB1' ? { ...lb, state: 'RESTARTING' as const, restartProgress: p } : lb,
      ),
    })
    const { svg, draw } = setUp(restarting(0.2))

    const records = draw(restarting(0.6))

    expect(getTouched(records)).toEqual(['zone-map__nodes'])
    const bar = svg.querySelector('.zone-map__node--lb .zone-map__progress')
    expect(Number(bar?.getAttribute('width'))).toBeGreaterThan(0)
  })
})
