import { select } from 'd3'
import type { TopologyModel } from './drawTopology'
import type { Box } from './topologyLayout'
import { getActionHint, getLbName, getVmName } from './topologyText'

interface HitDatum {
  id: string
  kind: 'vm' | 'lb'
  zone: number
  state: string
  name: string
  box: Box
}

type HitNode = HTMLButtonElement & { __sig?: string }

const B = 'zone-map'

function getHits(model: TopologyModel): HitDatum[] {
  const { layout, frame } = model
  const byZone = new Map<number, HitDatum[]>()
  const add = (d: HitDatum) => {
    const list = byZone.get(d.zone) ?? []
    list.push(d)
    byZone.set(d.zone, list)
  }
  for (const lb of frame.lbs) {
    const box = layout.lbs.get(lb.id)
    if (box)
      add({ id: lb.id, kind: 'lb', zone: lb.homeZone, state: lb.state, name: getLbName(lb), box })
  }
  for (const vm of frame.vms) {
    const box = layout.vms.get(vm.id)
    if (box)
      add({ id: vm.id, kind: 'vm', zone: vm.zone, state: vm.state, name: getVmName(vm), box })
  }
  // Tab order follows the picture: zone by zone, the LB first, then its VMs.
  return layout.zones.flatMap((z) => byZone.get(z.zone) ?? [])
}

/**
 * The accessible layer: a real <button> over every LB and VM, named "VM_5, zone 1, ALIVE, …" and
 * carrying data-state, in cards and dense mode alike. Also the highlight layer: the selected one
 * is marked here, so selection never redraws the static picture. Writes only what changed.
 */
export function drawHitLayer(
  layer: HTMLElement,
  model: TopologyModel,
  selected: string | null,
  describedBy: string,
): void {
  select(layer)
    .selectAll<HitNode, HitDatum>(`button.${B}__hit`)
    .data(getHits(model), (d) => d.id)
    .join((enter) =>
      enter
        .append('button')
        .attr('type', 'button')
        .attr('aria-describedby', describedBy)
        .attr('data-id', (d) => d.id),
    )
    .each(function (d) {
      const node = this as HitNode
      const isSelected = d.id === selected
      const { x, y, w, h } = d.box
      const sig = `${d.name}|${d.state}|${x},${y},${w},${h}|${isSelected}`
      if (node.__sig === sig) return
      node.__sig = sig
      node.className = `${B}__hit ${B}__hit--${d.kind}${isSelected ? ` ${B}__hit--selected` : ''}`
      node.setAttribute('aria-label', d.name)
      node.setAttribute('data-state', d.state)
      node.setAttribute('data-testid', `zone.z${d.zone}.${d.kind}.${d.id}`)
      node.setAttribute(
        'title',
        `${d.name}. ${getActionHint(d.kind, d.state)}; Shift+click to select only`,
      )
      if (isSelected) node.setAttribute('data-selected', 'true')
      else node.removeAttribute('data-selected')
      node.style.transform = `translate(${x}px,${y}px)`
      node.style.width = `${w}px`
      node.style.height = `${h}px`
    })
    .order()
}
