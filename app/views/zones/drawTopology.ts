import { type Selection, select } from 'd3'
import type { Frame, LbFrame } from '../../../src/protocol/messages'
import { drawVmCards } from './drawVmCards'
import { put } from './put'
import { type Box, getCenter, type TopologyLayout } from './topologyLayout'
import { fitLabel, getStateGlyph } from './topologyText'

export { getHeartbeatFraction, getHeartbeatLevel } from './drawVmCards'

/** What the draw functions need: the frame, where things go and who owns which zone. */
export interface TopologyModel {
  frame: Frame
  layout: TopologyLayout
  /** Palette slot (0–7) of each LB: its zones' borders and its box share the colour. */
  lbColor: Map<string, number>
  /** Owning LB of each zone (frame.zoneOwners; the home LB when absent). */
  owners: Map<number, string>
  /** VM heartbeat timeout, ms: the heartbeat ring is full (and red) at this age. */
  vmTimeoutMs: number
}

export const PALETTE_SIZE = 8
const B = 'zone-map'

/** The model for `frame` laid out by `layout`. */
export function getTopologyModel(frame: Frame, layout: TopologyLayout): TopologyModel {
  const lbColor = new Map<string, number>()
  const sorted = [...frame.lbs].sort((a, b) => a.homeZone - b.homeZone)
  sorted.forEach((lb, i) => {
    lbColor.set(lb.id, i % PALETTE_SIZE)
  })
  const owners = new Map<number, string>()
  for (const lb of frame.lbs) owners.set(lb.homeZone, lb.id)
  for (const o of frame.zoneOwners) owners.set(o.zone, o.owner)
  const vmTimeoutMs = frame.timings?.vmTimeoutMs ?? 10_000
  return { frame, layout, lbColor, owners, vmTimeoutMs }
}

export function getOwnerColor(model: TopologyModel, lbId: string | undefined): string {
  const slot = lbId === undefined ? undefined : model.lbColor.get(lbId)
  return slot === undefined ? 'var(--zm-zone-border)' : `var(--zm-owner-${slot})`
}

type G = Selection<SVGGElement, unknown, null, undefined>

function getLayer(svg: SVGSVGElement, name: string): G {
  const root = select(svg)
  const found = root.select<SVGGElement>(`g.${B}__${name}`)
  return found.empty() ? root.append('g').attr('class', `${B}__${name}`) : found
}

/** What an SVG shows now: the layout and the keys of what its links and boxes were drawn from. */
interface Drawn {
  layout: TopologyLayout
  linksKey: string
  nodesKey: string
}

const drawn = new WeakMap<SVGSVGElement, Drawn>()

/** Everything the links and zone regions show: who owns which zone, each LB's home and state. */
function getLinksKey(model: TopologyModel): string {
  const lbs = model.frame.lbs.map((lb) => `${lb.id}@${lb.homeZone}:${lb.state}`).join(',')
  return `${lbs}|${[...model.owners].join(',')}`
}

/** Everything the boxes show besides the layout: the links' key plus each LB's zones and restart. */
function getNodesKey(model: TopologyModel, linksKey: string): string {
  const lbs = model.frame.lbs.map((lb) => `${lb.zones.join('.')}:${lb.restartProgress}`).join(',')
  return `${linksKey}|${lbs}`
}

/**
 * The static picture into `svg`: links, zone regions, the dispatcher, L1, each zone's LB and L2,
 * and, in `cards` mode, a card per VM. Joins are keyed by id; a frame redraws the links, zones
 * and boxes only when the layout or what they show changed, and only the VM cards that changed.
 */
export function drawTopology(svg: SVGSVGElement, model: TopologyModel): void {
  const { layout } = model
  const last = drawn.get(svg)
  const relaid = last?.layout !== layout
  if (relaid) {
    select(svg)
      .attr('width', layout.width)
      .attr('height', layout.height)
      .attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
  }
  const linksKey = getLinksKey(model)
  if (relaid || last.linksKey !== linksKey) {
    const links = getLinks(model)
    drawLinks(
      getLayer(svg, 'links'),
      links.filter((l) => !l.above),
    )
    drawZones(getLayer(svg, 'zones'), model)
    drawLinks(
      getLayer(svg, 'takeovers'),
      links.filter((l) => l.above),
    )
    drawOwnerPills(getLayer(svg, 'pills'), model)
  }
  const nodesKey = getNodesKey(model, linksKey)
  if (relaid || last.nodesKey !== nodesKey) drawNodes(getLayer(svg, 'nodes'), model)
  drawVmCards(getLayer(svg, 'cards'), model)
  drawn.set(svg, { layout, linksKey, nodesKey })
}

interface LinkDatum {
  key: string
  d: string
  cls: string
  color: string
  /** Drawn over the zone regions (a takeover crosses them); others pass beneath. */
  above?: boolean
}

function curve(from: [number, number], to: [number, number]): string {
  const midY = (from[1] + to[1]) / 2
  return `M${from[0]},${from[1]} C${from[0]},${midY} ${to[0]},${midY} ${to[0]},${to[1]}`
}

function getLinks(model: TopologyModel): LinkDatum[] {
  const { layout, frame } = model
  const links: LinkDatum[] = []
  const d = layout.dispatcher
  const l1 = layout.l1
  const lbState = new Map(frame.lbs.map((lb) => [lb.id, lb.state]))
  // Only the first row of zones is linked to the top: lower rows' links would cross the zones.
  const firstRowY = Math.min(...layout.zones.map((z) => z.box.y))
  for (const [id, box] of layout.lbs) {
    if (box.y > firstRowY + 60) continue
    const live = lbState.get(id) === 'ACTIVE'
    const cls = `${B}__link${live ? '' : ` ${B}__link--down`}`
    const color = getOwnerColor(model, id)
    const top: [number, number] = [box.x + box.w * 0.35, box.y]
    const top2: [number, number] = [box.x + box.w * 0.65, box.y]
    links.push({ key: `d-${id}`, d: curve([d.x + d.w / 2, d.y + d.h], top), cls, color })
    links.push({ key: `l1-${id}`, d: curve([l1.x + l1.w / 2, l1.y + l1.h], top2), cls, color })
  }
  for (const z of layout.zones) {
    const owner = model.owners.get(z.zone)
    const ownerBox = owner ? layout.lbs.get(owner) : undefined
    if (!ownerBox) continue
    const color = getOwnerColor(model, owner)
    if (owner === z.lbId) {
      const y = z.lb.y + z.lb.h / 2
      const path = `M${z.lb.x + z.lb.w},${y} L${z.l2.x},${y}`
      links.push({ key: `l2-${z.zone}`, d: path, cls: `${B}__link ${B}__link--zone`, color })
      continue
    }
    // A takeover: an arc from the new owner over the zones to the orphaned zone's L2.
    const from: [number, number] = [ownerBox.x + ownerBox.w / 2, ownerBox.y]
    const to: [number, number] = [z.l2.x + z.l2.w / 2, z.l2.y]
    const lift = Math.min(from[1], to[1]) - 52
    const path = `M${from[0]},${from[1]} C${from[0]},${lift} ${to[0]},${lift} ${to[0]},${to[1]}`
    const cls = `${B}__link ${B}__link--takeover`
    links.push({ key: `l2-${z.zone}`, d: path, cls, color, above: true })
  }
  return links
}

function drawLinks(layer: G, links: LinkDatum[]): void {
  const paths = layer
    .selectAll<SVGPathElement, LinkDatum>('path')
    .data(links, (l) => l.key)
    .join('path')
  put(paths)
    .attr('class', (l) => l.cls)
    .attr('d', (l) => l.d)
    .style('--owner', (l) => l.color)
}

interface ZoneDatum {
  zone: number
  box: Box
  owner: string
  home: string | null
}

function getZoneData(model: TopologyModel): ZoneDatum[] {
  return model.layout.zones.map((z) => ({
    zone: z.zone,
    box: z.box,
    owner: model.owners.get(z.zone) ?? '',
    home: z.lbId,
  }))
}

const takenOver = (z: ZoneDatum) => z.home !== null && z.owner !== z.home

function drawZones(layer: G, model: TopologyModel): void {
  const zones = layer
    .selectAll<SVGGElement, ZoneDatum>(`g.${B}__zone`)
    .data(getZoneData(model), (z) => String(z.zone))
    .join((enter) => {
      const g = enter.append('g')
      g.append('rect').attr('class', `${B}__zone-box`).attr('rx', 10)
      g.append('text').attr('class', `${B}__zone-label`)
      return g
    })
  put(zones)
    .attr('class', (z) => `${B}__zone${takenOver(z) ? ` ${B}__zone--taken-over` : ''}`)
    .attr('data-testid', (z) => `zone.z${z.zone}`)
    .attr('data-owner', (z) => z.owner)
    .style('--owner', (z) => getOwnerColor(model, z.owner))
  put(zones.select(`.${B}__zone-box`))
    .attr('x', (z) => z.box.x)
    .attr('y', (z) => z.box.y)
    .attr('width', (z) => z.box.w)
    .attr('height', (z) => z.box.h)
  put(zones.select(`.${B}__zone-label`))
    .attr('x', (z) => z.box.x + 12)
    .attr('y', (z) => z.box.y + 22)
    .text((z) => `Zone ${z.zone}`)
}

/**
 * Each zone's owner pill, in a layer above the takeover arcs (which cross the owner's zone
 * header): an arc passes behind a pill, never through its text.
 */
function drawOwnerPills(layer: G, model: TopologyModel): void {
  const pill = layer
    .selectAll<SVGGElement, ZoneDatum>(`g.${B}__owner-pill`)
    .data(getZoneData(model), (z) => String(z.zone))
    .join((enter) => {
      const g = enter.append('g')
      g.append('rect').attr('rx', 9).attr('height', 18)
      g.append('text').attr('y', 13)
      return g
    })
  put(pill)
    .attr('class', (z) => `${B}__owner-pill${takenOver(z) ? ` ${B}__owner-pill--taken-over` : ''}`)
    .attr('data-testid', (z) => `zone.z${z.zone}.owner`)
    .style('--owner', (z) => getOwnerColor(model, z.owner))
  put(pill).attr(
    'transform',
    (z) => `translate(${z.box.x + 20 + `Zone ${z.zone}`.length * 8.2},${z.box.y + 8})`,
  )
  // Narrow zones (dense mode) keep only what matters: who took them over.
  const pillText = (z: ZoneDatum) => {
    const narrow = z.box.w < 300
    if (!z.owner) return 'no owner'
    if (!takenOver(z)) return narrow ? '' : `managed by ${z.owner}`
    return narrow ? `by ${z.owner}` : `managed by ${z.owner} (takeover)`
  }
  put(pill).attr('display', (z) => (pillText(z) ? null : 'none'))
  put(pill.select('rect')).attr('width', (z) => pillText(z).length * 6.9 + 16)
  put(pill.select('text'))
    .attr('x', 8)
    .text((z) => pillText(z))
}

interface NodeDatum {
  id: string
  kind: 'dispatcher' | 'l1' | 'l2' | 'lb'
  box: Box
  title: string
  line: string
  state: string
  color: string
  /** 0–1 restart progress of an LB, else −1. */
  progress: number
}

function getLbLine(lb: LbFrame): string {
  const zones = lb.zones.length > 0 ? `zones ${lb.zones.join(', ')}` : 'no zones'
  return `${getStateGlyph(lb.state)} ${lb.state} · ${zones}`
}

function getNodes(model: TopologyModel): NodeDatum[] {
  const { layout, frame } = model
  const neutral = 'var(--zm-zone-border)'
  const nodes: NodeDatum[] = [
    {
      id: 'Dispatcher',
      kind: 'dispatcher',
      box: layout.dispatcher,
      title: 'Dispatcher',
      line: 'global: submits tasks to LBs',
      state: '',
      color: neutral,
      progress: -1,
    },
    {
      id: 'L1',
      kind: 'l1',
      box: layout.l1,
      title: 'Redis L1',
      line: 'global: LB status, task meta',
      state: '',
      color: neutral,
      progress: -1,
    },
  ]
  for (const z of layout.zones) {
    const owner = model.owners.get(z.zone)
    nodes.push({
      id: z.l2Id,
      kind: 'l2',
      box: z.l2,
      title: z.l2.w < 120 ? `L2 · Z${z.zone}` : `Redis L2 · Z${z.zone}`,
      line: 'VM status, heartbeats',
      state: '',
      color: getOwnerColor(model, owner),
      progress: -1,
    })
  }
  for (const lb of frame.lbs) {
    const box = layout.lbs.get(lb.id)
    if (!box) continue
    nodes.push({
      id: lb.id,
      kind: 'lb',
      box,
      title: lb.id,
      line: getLbLine(lb),
      state: lb.state,
      color: getOwnerColor(model, lb.id),
      progress: lb.restartProgress ?? -1,
    })
  }
  return nodes
}

function drawNodes(layer: G, model: TopologyModel): void {
  const small = model.layout.mode === 'dense'
  const nodes = layer
    .selectAll<SVGGElement, NodeDatum>(`g.${B}__node`)
    .data(getNodes(model), (n) => n.id)
    .join((enter) => {
      const g = enter.append('g')
      g.append('rect').attr('class', `${B}__node-box`).attr('rx', 6)
      g.append('rect').attr('class', `${B}__node-stripe`).attr('width', 4)
      g.append('text').attr('class', `${B}__node-title`)
      g.append('text').attr('class', `${B}__node-line`)
      g.append('rect').attr('class', `${B}__progress-track`).attr('height', 3)
      g.append('rect').attr('class', `${B}__progress`).attr('height', 3)
      return g
    })
  const state = (n: NodeDatum) => (n.state ? ` ${B}__node--${n.state.toLowerCase()}` : '')
  put(nodes)
    .attr('class', (n) => `${B}__node ${B}__node--${n.kind}${state(n)}`)
    .attr('transform', (n) => `translate(${n.box.x},${n.box.y})`)
    .style('--owner', (n) => n.color)
  put(nodes.select(`.${B}__node-box`))
    .attr('width', (n) => n.box.w)
    .attr('height', (n) => n.box.h)
  put(nodes.select(`.${B}__node-stripe`)).attr('height', (n) => n.box.h)
  const titleY = small ? 14 : 16
  put(nodes.select(`.${B}__node-title`))
    .attr('x', 12)
    .attr('y', titleY)
    .text((n) => n.title)
  put(nodes.select(`.${B}__node-line`))
    .attr('x', 12)
    .attr('y', (n) => Math.min(n.box.h - 5, titleY + 14))
    .text((n) => fitLabel(n.line, n.box.w - 16, 6))
  const showProgress = (n: NodeDatum) => n.progress >= 0
  put(nodes.select(`.${B}__progress-track`))
    .attr('x', 8)
    .attr('y', (n) => n.box.h - 5)
    .attr('width', (n) => (showProgress(n) ? n.box.w - 16 : 0))
  put(nodes.select(`.${B}__progress`))
    .attr('x', 8)
    .attr('y', (n) => n.box.h - 5)
    .attr('width', (n) => (showProgress(n) ? (n.box.w - 16) * n.progress : 0))
}

/** Centre of a participant's drawing, for messages in flight; null when it is not drawn. */
export function getAnchor(layout: TopologyLayout, id: string): [number, number] | null {
  if (id === 'Dispatcher') return getCenter(layout.dispatcher)
  if (id === 'L1') return getCenter(layout.l1)
  const box = layout.vms.get(id) ?? layout.lbs.get(id)
  if (box) return getCenter(box)
  const zone = layout.zones.find((z) => z.l2Id === id)
  return zone ? getCenter(zone.l2) : null
}
