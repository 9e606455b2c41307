import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Frame } from '../../../src/protocol/messages'
import { drawHitLayer } from './drawHitLayer'
import { getTopologyModel } from './drawTopology'
import { layOut, makeFrame, makeTakeover, withVm } from './testFrames'
import type { TopologyLayout } from './topologyLayout'
import * as topologyText from './topologyText'

let observer: MutationObserver | null = null

afterEach(() => {
  vi.restoreAllMocks()
  observer?.disconnect()
  observer = null
})

function setUp(frame = makeFrame(2, 50), layout = layOut(frame, 1000, 600)) {
  const layer = document.createElement('div')
  drawHitLayer(layer, getTopologyModel(frame, layout), null, 'hint')
  observer = new MutationObserver(() => {})
  observer.observe(layer, { subtree: true, childList: true, attributes: true })
  const button = (id: string) => layer.querySelector(`[data-id="${id}"]`) as HTMLButtonElement
  const draw = (next: Frame, selected: string | null = null, nextLayout = layout) => {
    drawHitLayer(layer, getTopologyModel(next, nextLayout), selected, 'hint')
    return (observer as MutationObserver).takeRecords()
  }
  return { layer, button, draw }
}

/** The ids of the buttons a batch of mutation records touched. */
function getTouched(records: MutationRecord[]): string[] {
  const ids = records.map((r) => (r.target as HTMLElement).dataset.id ?? '')
  return [...new Set(ids)].sort()
}

/** The box a button covers, from its zone's grid and its own styles (as Chrome lays it out). */
function getPlacedBox(node: HTMLElement): { x: number; y: number; w: number; h: number } {
  const zone = node.parentElement as HTMLElement
  const px = (el: HTMLElement, name: string) => Number.parseFloat(el.style.getPropertyValue(name))
  const x = px(zone, 'left')
  const y = px(zone, 'top')
  if (node.classList.contains('zone-map__hit--lb')) {
    return {
      x: x + px(node, 'left'),
      y: y + px(node, 'top'),
      w: px(node, 'width'),
      h: px(node, 'height'),
    }
  }
  const [row, column] = node.style.getPropertyValue('grid-area').split('/').map(Number)
  expect(column).toBeLessThanOrEqual(Number(zone.style.getPropertyValue('--hit-columns')))
  const w = px(zone, '--hit-w')
  const h = px(zone, '--hit-h')
  const gap = px(zone, '--hit-gap')
  return { x: x + (column - 1) * (w + gap), y: y + (row - 1) * (h + gap), w, h }
}

function expectPlaced(node: HTMLElement, box: { x: number; y: number; w: number; h: number }) {
  const placed = getPlacedBox(node)
  for (const key of ['x', 'y', 'w', 'h'] as const) expect(placed[key]).toBeCloseTo(box[key], 6)
}

describe('drawHitLayer', () => {
  it('writes nothing when only heartbeat ages moved on', () => {
    const frame = makeFrame(2, 50)
    const { draw } = setUp(frame)
    const later = { ...frame, vms: frame.vms.map((vm) => ({ ...vm, sinceHeartbeatMs: 4321 })) }

    expect(draw(later)).toEqual([])
  })

  it('updates only the button of the VM whose state changed', () => {
    const frame = makeFrame(2, 50)
    const { layer, button, draw } = setUp(frame)
    const nodes = [...layer.children]
    const vm6 = button('VM_6').outerHTML

    const records = draw(withVm(frame, 'VM_5', { state: 'CRASHED' }))

    expect(getTouched(records)).toEqual(['VM_5'])
    expect(records.map((r) => r.attributeName).sort()).toEqual([
      'aria-label',
      'data-state',
      'title',
    ])
    expect(button('VM_5').getAttribute('aria-label')).toBe('VM_5, zone 1, CRASHED, 0 tasks')
    expect(button('VM_5').dataset.state).toBe('CRASHED')
    expect(button('VM_5').title).toBe(
      'VM_5, zone 1, CRASHED, 0 tasks. Recovering; Shift+click to select only',
    )
    expect([...layer.children]).toEqual(nodes)
    expect(button('VM_6').outerHTML).toBe(vm6)
  })

  it('names only the VMs that changed, not every VM per frame', () => {
    const frame = makeFrame(16, 64)
    const { draw } = setUp(frame, layOut(frame, 1280, 700))
    const spy = vi.spyOn(topologyText, 'getVmName')

    draw(withVm(frame, 'VM_1564', { state: 'DEAD' }))

    expect(spy.mock.calls.map(([vm]) => vm.id)).toEqual(['VM_1564'])
  })

  it('renames a VM whose task count changed, and only it', () => {
    const frame = makeFrame(2, 50)
    const { button, draw } = setUp(frame)

    const records = draw(withVm(frame, 'VM_101', { tasks: ['Task_1'], mipsUse: 0.3 }))

    expect(getTouched(records)).toEqual(['VM_101'])
    expect(button('VM_101').getAttribute('aria-label')).toBe('VM_101, zone 2, ALIVE, 1 task')
  })

  it('moves the selection by touching the old and the new button only', () => {
    const frame = makeFrame(2, 50)
    const { button, draw } = setUp(frame)
    draw(frame, 'VM_3')

    const records = draw(frame, 'LB2')

    expect(getTouched(records)).toEqual(['LB2', 'VM_3'])
    expect(button('VM_3').hasAttribute('data-selected')).toBe(false)
    expect(button('VM_3').className).toBe('zone-map__hit zone-map__hit--vm')
    expect(button('LB2').dataset.selected).toBe('true')
    expect(button('LB2').className).toBe('zone-map__hit zone-map__hit--lb zone-map__hit--selected')
  })

  it('renames both LBs after a takeover and leaves the VMs alone', () => {
    const frame = makeFrame(2, 50)
    const { button, draw } = setUp(frame)

    const records = draw(makeTakeover(frame))

    expect(getTouched(records)).toEqual(['LB1', 'LB2'])
    expect(button('LB1').getAttribute('aria-label')).toBe('LB1, zone 1, DEAD, manages no zone')
    expect(button('LB2').getAttribute('aria-label')).toBe(
      'LB2, zone 2, ACTIVE, manages zones 1 and 2',
    )
  })

  it('places every button over its box, and keeps the nodes when the layout changes', () => {
    const frame = makeFrame(2, 50)
    const layout = layOut(frame, 1000, 600)
    const { layer, button, draw } = setUp(frame, layout)
    const nodes = [...layer.querySelectorAll('button')]
    for (const [id, box] of [...layout.vms, ...layout.lbs]) expectPlaced(button(id), box)
    const narrower: TopologyLayout = layOut(frame, 800, 500)
    const boxes = [...narrower.vms, ...narrower.lbs]

    const records = draw(frame, null, narrower)

    expect([...layer.querySelectorAll('button')]).toEqual(nodes)
    for (const [id, box] of boxes) expectPlaced(button(id), box)
    // Cells that keep their row and column move with their zone's box: their buttons are not
    // written (here VM_50 changed cell, VM_1 did not, and the LBs moved).
    const touched = getTouched(records).filter((id) => id !== '')
    expect(touched).toContain('LB1')
    expect(touched).toContain('VM_50')
    expect(touched).not.toContain('VM_1')
  })

  it('joins again when the frame holds other VMs, in tab order zone by zone', () => {
    const frame = makeFrame(2, 50)
    const { layer, draw } = setUp(frame)
    const fewer = { ...frame, vms: frame.vms.filter((vm) => vm.id !== 'VM_50') }

    draw(fewer)

    const ids = [...layer.querySelectorAll<HTMLElement>('[data-id]')].map((b) => b.dataset.id)
    expect(ids).toHaveLength(101)
    expect(ids.slice(0, 2)).toEqual(['LB1', 'VM_1'])
    expect(ids[49]).toBe('VM_49')
    expect(ids[50]).toBe('LB2')
  })
})
