import { select } from 'd3'
import type { LbFrame, VmFrame } from '../../../src/protocol/messages'
import type { TopologyModel } from './drawTopology'
import type { Box, TopologyLayout } from './topologyLayout'
import { getActionHint, getLbName, getVmName } from './topologyText'

interface HitDatum {
  id: string
  kind: 'vm' | 'lb'
  zone: number
  state: string
  name: string
  box: Box
}

/** A button and what was last written to it, so a frame writes only what changed. */
interface HitEntry {
  node: HTMLButtonElement
  id: string
  kind: 'vm' | 'lb'
  /** The VM or LB it was last written from: the same object means nothing to write. */
  source: VmFrame | LbFrame | null
  zone: number
  state: string
  name: string
  selected: boolean
  box: Box | null
}

type HitNode = HTMLButtonElement & { __hit?: HitEntry }

/** What the layer shows now: the layout it was placed for and its buttons in frame order. */
interface Drawn {
  layout: TopologyLayout
  describedBy: string
  selected: string | null
  /** Per LB and per VM in frame order (null when not drawn), and by id. */
  lbs: (HitEntry | null)[]
  vms: (HitEntry | null)[]
  lbIds: string[]
  vmIds: string[]
  byId: Map<string, HitEntry>
}

const B = 'zone-map'
const drawn = new WeakMap<HTMLElement, Drawn>()

function getLbHit(lb: LbFrame, box: Box): HitDatum {
  return { id: lb.id, kind: 'lb', zone: lb.homeZone, state: lb.state, name: getLbName(lb), box }
}

function getVmHit(vm: VmFrame, box: Box): HitDatum {
  return { id: vm.id, kind: 'vm', zone: vm.zone, state: vm.state, name: getVmName(vm), box }
}

/** The button reads id, zone, state and task count: nothing else of the VM shows here. */
function isSameVmHit(a: VmFrame, b: VmFrame): boolean {
  return a.state === b.state && a.zone === b.zone && a.tasks.length === b.tasks.length
}

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
    if (box) add(getLbHit(lb, box))
  }
  for (const vm of frame.vms) {
    const box = layout.vms.get(vm.id)
    if (box) add(getVmHit(vm, box))
  }
  // Tab order follows the picture: zone by zone, the LB first, then its VMs.
  return layout.zones.flatMap((z) => byZone.get(z.zone) ?? [])
}

/** Writes to `entry`'s button the parts of `d` (and the selection) that differ from the last. */
function writeHit(entry: HitEntry, d: HitDatum, selected: boolean): void {
  const { node } = entry
  if (entry.kind !== d.kind || entry.zone !== d.zone) {
    node.setAttribute('data-testid', `zone.z${d.zone}.${d.kind}.${d.id}`)
  }
  if (entry.name !== d.name) node.setAttribute('aria-label', d.name)
  if (entry.state !== d.state) node.setAttribute('data-state', d.state)
  if (entry.name !== d.name || entry.state !== d.state) {
    const hint = getActionHint(d.kind, d.state)
    node.setAttribute('title', `${d.name}. ${hint}; Shift+click to select only`)
  }
  entry.kind = d.kind
  entry.zone = d.zone
  entry.name = d.name
  entry.state = d.state
  // A new button (no box yet) gets its class whether selected or not.
  if (entry.selected !== selected || !entry.box) writeSelected(entry, selected)
  writeBox(entry, d.box)
}

function writeSelected(entry: HitEntry, selected: boolean): void {
  const { node, kind } = entry
  node.className = `${B}__hit ${B}__hit--${kind}${selected ? ` ${B}__hit--selected` : ''}`
  if (selected) node.setAttribute('data-selected', 'true')
  else node.removeAttribute('data-selected')
  entry.selected = selected
}

function writeBox(entry: HitEntry, box: Box): void {
  const { node } = entry
  const { x, y, w, h } = box
  const old = entry.box
  if (!old || old.x !== x || old.y !== y) node.style.transform = `translate(${x}px,${y}px)`
  if (!old || old.w !== w) node.style.width = `${w}px`
  if (!old || old.h !== h) node.style.height = `${h}px`
  entry.box = box
}

/**
 * The accessible layer: a real <button> over every LB and VM, named "VM_5, zone 1, ALIVE, …" and
 * carrying data-state, in cards and dense mode alike. Also the highlight layer: the selected one
 * is marked here, so selection never redraws the static picture. Buttons are created, ordered
 * and placed when the layout changes; otherwise a frame touches only the buttons whose VM or LB
 * changed what they show (state, zone, name) and the two whose selection changed.
 */
export function drawHitLayer(
  layer: HTMLElement,
  model: TopologyModel,
  selected: string | null,
  describedBy: string,
): void {
  const last = drawn.get(layer)
  const same = last && last.layout === model.layout && last.describedBy === describedBy
  if (!same || !updateHits(last, model, selected)) joinHits(layer, model, selected, describedBy)
}

/** Creates, removes, orders and writes every button (first frame, or a new layout). */
function joinHits(
  layer: HTMLElement,
  model: TopologyModel,
  selected: string | null,
  describedBy: string,
): void {
  const byId = new Map<string, HitEntry>()
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
      if (node.getAttribute('aria-describedby') !== describedBy) {
        node.setAttribute('aria-describedby', describedBy)
      }
      const entry = node.__hit ?? {
        node,
        id: d.id,
        kind: d.kind,
        source: null,
        zone: -1,
        state: '',
        name: '',
        selected: false,
        box: null,
      }
      node.__hit = entry
      writeHit(entry, d, d.id === selected)
      byId.set(d.id, entry)
    })
    .order()

  const { frame } = model
  const getEntry = (source: VmFrame | LbFrame) => {
    const entry = byId.get(source.id) ?? null
    if (entry) entry.source = source
    return entry
  }
  drawn.set(layer, {
    layout: model.layout,
    describedBy,
    selected,
    lbs: frame.lbs.map(getEntry),
    vms: frame.vms.map(getEntry),
    lbIds: frame.lbs.map((lb) => lb.id),
    vmIds: frame.vms.map((vm) => vm.id),
    byId,
  })
}

/**
 * Same layout: writes only the buttons whose entity changed, and the selection. False when the
 * frame holds other VMs or LBs than the buttons (then everything is joined again).
 */
function updateHits(last: Drawn, model: TopologyModel, selected: string | null): boolean {
  const { frame } = model
  if (frame.vms.length !== last.vmIds.length || frame.lbs.length !== last.lbIds.length) {
    return false
  }
  for (let i = 0; i < frame.lbs.length; i++) {
    const lb = frame.lbs[i]
    if (lb.id !== last.lbIds[i]) return false
    const entry = last.lbs[i]
    if (!entry || entry.source === lb) continue
    entry.source = lb
    if (lb.homeZone !== entry.zone || lb.state !== entry.state || getLbName(lb) !== entry.name) {
      writeHit(entry, getLbHit(lb, entry.box as Box), entry.selected)
    }
  }
  for (let i = 0; i < frame.vms.length; i++) {
    const vm = frame.vms[i]
    if (vm.id !== last.vmIds[i]) return false
    const entry = last.vms[i]
    if (!entry || entry.source === vm) continue
    const shown = entry.source as VmFrame
    entry.source = vm
    if (!isSameVmHit(vm, shown)) writeHit(entry, getVmHit(vm, entry.box as Box), entry.selected)
  }
  if (selected !== last.selected) {
    const before = last.selected === null ? undefined : last.byId.get(last.selected)
    const after = selected === null ? undefined : last.byId.get(selected)
    if (before) writeSelected(before, false)
    if (after) writeSelected(after, true)
    last.selected = selected
  }
  return true
}
