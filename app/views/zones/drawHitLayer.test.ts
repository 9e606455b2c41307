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

  it('repositions the buttons, keeping the nodes, when the layout changes', () => {
    const frame = makeFrame(2, 50)
    const layout = layOut(frame, 1000, 600)
    const { layer, button, draw } = setUp(frame, layout)
    const nodes = [...layer.children]
    const narrower: TopologyLayout = layOut(frame, 800, 500)
    const boxes = [...narrower.vms, ...narrower.lbs]
    const moved = boxes.filter(([id, box]) => {
      const old = layout.vms.get(id) ?? layout.lbs.get(id)
      return JSON.stringify(old) !== JSON.stringify(box)
    })

    const records = draw(frame, null, narrower)

    expect([...layer.children]).toEqual(nodes)
    expect(moved.length).toBeGreaterThan(90)
    expect(getTouched(records)).toEqual(moved.map(([id]) => id).sort())
    for (const [id, box] of boxes) {
      expect(button(id).style.transform).toBe(`translate(${box.x}px,${box.y}px)`)
      expect(button(id).style.width).toBe(`${box.w}px`)
      expect(button(id).style.height).toBe(`${box.h}px`)
    }
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
