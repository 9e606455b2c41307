import { select } from 'd3'
import type { LbFrame, VmFrame } from '../../../src/protocol/messages'
import { setStyle } from '../../lib/dom'
import type { TopologyModel } from './drawTopology'
import type { Box, TopologyLayout, ZoneLayout } from './topologyLayout'
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

/** A zone's buttons: its LB first, then its VMs (the tab order follows the picture). */
interface HitZone {
  zone: number
  grid: ZoneLayout['grid']
  cell: TopologyLayout['cell']
  hits: HitDatum[]
}

function getHitZones(model: TopologyModel): HitZone[] {
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
  return layout.zones.map((z) => ({
    zone: z.zone,
    grid: z.grid,
    cell: layout.cell,
    hits: byZone.get(z.zone) ?? [],
  }))
}

/** A zone's box of buttons sits where its cells start and lays its VM buttons out as a grid. */
function writeZone(el: HTMLElement, z: HitZone): void {
  const { grid, cell } = z
  setStyle(el, 'left', `${grid.x}px`)
  setStyle(el, 'top', `${grid.y}px`)
  setStyle(el, '--hit-columns', String(grid.perRow))
  setStyle(el, '--hit-w', `${cell.w}px`)
  setStyle(el, '--hit-h', `${cell.h}px`)
  setStyle(el, '--hit-gap', `${grid.gap}px`)
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
}

function writeSelected(entry: HitEntry, selected: boolean): void {
  const { node, kind } = entry
  node.className = `${B}__hit ${B}__hit--${kind}${selected ? ` ${B}__hit--selected` : ''}`
  if (selected) node.setAttribute('data-selected', 'true')
  else node.removeAttribute('data-selected')
  entry.selected = selected
}

/**
 * Places a button in its zone's box: a VM by its grid cell, an LB (in the zone's header, above the
 * cells) by its offset. Grid items rather than one positioned element each: Chrome then paints and
 * layerizes a zone's buttons as one piece, not 1,024 (16 × 64: ~2 ms a frame).
 */
function writeBox(entry: HitEntry, box: Box, zone: HitZone): void {
  const { node } = entry
  const old = entry.box
  entry.box = box
  if (old && old.x === box.x && old.y === box.y && old.w === box.w && old.h === box.h) return
  const { grid, cell } = zone
  if (entry.kind === 'vm') {
    const column = Math.round((box.x - grid.x) / (cell.w + grid.gap)) + 1
    const row = Math.round((box.y - grid.y) / (cell.h + grid.gap)) + 1
    setStyle(node, 'grid-area', `${row} / ${column}`)
    return
  }
  setStyle(node, 'left', `${box.x - grid.x}px`)
  setStyle(node, 'top', `${box.y - grid.y}px`)
  setStyle(node, 'width', `${box.w}px`)
  setStyle(node, 'height', `${box.h}px`)
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
    .selectAll<HTMLDivElement, HitZone>(`div.${B}__hit-zone`)
    .data(getHitZones(model), (z) => String(z.zone))
    .join((enter) => enter.append('div').attr('class', `${B}__hit-zone`))
    .each(function (z) {
      writeZone(this, z)
    })
    .order()
    .each(function (z) {
      select(this)
        .selectAll<HitNode, HitDatum>(`button.${B}__hit`)
        .data(z.hits, (d) => d.id)
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
          writeBox(entry, d.box, z)
          byId.set(d.id, entry)
        })
        .order()
    })

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
