import { arc, type Selection, select, selectAll } from 'd3'
import type { VmFrame } from '../../../src/protocol/messages'
import type { TopologyModel } from './drawTopology'
import { put } from './put'
import type { TopologyLayout } from './topologyLayout'
import { fitLabel, formatMips, getStateGlyph } from './topologyText'

const B = 'zone-map'

/** Heartbeat age over the timeout, 0–1 (1 when none yet or overdue). */
export function getHeartbeatFraction(vm: VmFrame, timeoutMs: number): number {
  if (!Number.isFinite(vm.sinceHeartbeatMs)) return 1
  return Math.max(0, Math.min(1, vm.sinceHeartbeatMs / timeoutMs))
}

export function getHeartbeatLevel(fraction: number): 'ok' | 'warn' | 'late' {
  return fraction >= 1 ? 'late' : fraction > 0.5 ? 'warn' : 'ok'
}

/** The ring moves in these steps: half a pixel on its outer edge (2π × 8 px / 100). */
export const RING_STEPS = 100

const ringArc = arc<number>()
  .innerRadius(5)
  .outerRadius(8)
  .startAngle(0)
  .endAngle((f) => f * 2 * Math.PI)
const ringPaths = Array.from({ length: RING_STEPS + 1 }, (_, i) => ringArc(i / RING_STEPS) ?? '')

/** The heartbeat ring's step (0–RING_STEPS) and level. */
function getRing(vm: VmFrame, timeoutMs: number): { step: number; level: string } {
  const f = getHeartbeatFraction(vm, timeoutMs)
  return { step: Math.round(f * RING_STEPS), level: getHeartbeatLevel(f) }
}

/** Whole percent of a boot or restart: the label shows it and the bar fills to it. */
function getBootPercent(vm: VmFrame): number {
  return Math.round(vm.bootProgress * 100)
}

/**
 * Everything of `vm` its card shows, as a key: equal keys draw the same card (the ring and the
 * boot bar are quantised to what can be seen).
 */
export function getCardKey(vm: VmFrame, timeoutMs: number): string {
  const ring = getRing(vm, timeoutMs)
  const tasks = `${vm.tasks.length}:${vm.tasks[0] ?? ''}`
  const use = `${vm.mipsUse},${vm.ramUse},${vm.bwUse}`
  return `${vm.state}|${vm.zone}|${vm.pes}×${vm.mips}|${ring.step}${ring.level}|${use}|${getBootPercent(vm)}|${tasks}`
}

const BAR_X = 36
const BARS = [
  { key: 'mips', label: 'MIPS', y: 33 },
  { key: 'ram', label: 'RAM', y: 42 },
  { key: 'bw', label: 'BW', y: 51 },
] as const

function getUse(vm: VmFrame, key: 'mips' | 'ram' | 'bw'): number {
  const use = key === 'mips' ? vm.mipsUse : key === 'ram' ? vm.ramUse : vm.bwUse
  return Math.max(0, Math.min(1, use))
}

/** PEs × MIPS per PE, e.g. "2×5k". */
function getSpec(vm: VmFrame): string {
  return `${vm.pes}×${formatMips(vm.mips / Math.max(1, vm.pes))}`
}

function getTaskLine(vm: VmFrame): string {
  if (vm.tasks.length === 0) return vm.state === 'ALIVE' ? 'idle' : ''
  return vm.tasks.length === 1 ? vm.tasks[0] : `${vm.tasks.length} tasks`
}

/** What the cards layer shows now: per VM in frame order, its id, card and key. */
interface Drawn {
  layout: TopologyLayout
  timeoutMs: number
  ids: string[]
  nodes: (SVGGElement | undefined)[]
  keys: string[]
}

const drawn = new WeakMap<SVGGElement, Drawn>()

type G = Selection<SVGGElement, unknown, null, undefined>
type Cards = Selection<SVGGElement, VmFrame, null | SVGGElement, unknown>

/**
 * A card per VM into `layer` (only in `cards` mode; dense mode draws on canvas and removes them).
 * Cards are joined and placed when the layout changes; otherwise a frame rewrites only the cards
 * whose key changed. Returns the number of cards written.
 */
export function drawVmCards(layer: G, model: TopologyModel): number {
  const { layout, frame, vmTimeoutMs } = model
  const node = layer.node() as SVGGElement
  const last = drawn.get(node)
  const fresh = !last || last.layout !== layout || last.timeoutMs !== vmTimeoutMs
  if (fresh || layout.mode !== 'cards') {
    if (!fresh && last.ids.length === 0) return 0
    return joinCards(layer, model)
  }
  if (frame.vms.length !== last.ids.length) return joinCards(layer, model)

  const changed: SVGGElement[] = []
  for (let i = 0; i < frame.vms.length; i++) {
    const vm = frame.vms[i]
    if (vm.id !== last.ids[i]) return joinCards(layer, model)
    const key = getCardKey(vm, vmTimeoutMs)
    const card = last.nodes[i]
    if (key === last.keys[i] || !card) continue
    last.keys[i] = key
    select(card).datum(vm)
    changed.push(card)
  }
  if (changed.length > 0) writeCards(selectAll<SVGGElement, VmFrame>(changed), model)
  return changed.length
}

function joinCards(layer: G, model: TopologyModel): number {
  const { layout, frame, vmTimeoutMs } = model
  const data = layout.mode === 'cards' ? frame.vms : []
  const cards = layer
    .selectAll<SVGGElement, VmFrame>(`g.${B}__vm`)
    .data(data, (vm) => vm.id)
    .join((enter) => enter.append('g').call(appendCard))
  writeCards(cards, model)

  const byId = new Map<string, SVGGElement>()
  cards.each(function (vm) {
    byId.set(vm.id, this)
  })
  drawn.set(layer.node() as SVGGElement, {
    layout,
    timeoutMs: vmTimeoutMs,
    ids: data.map((vm) => vm.id),
    nodes: data.map((vm) => byId.get(vm.id)),
    keys: data.map((vm) => getCardKey(vm, vmTimeoutMs)),
  })
  return data.length
}

function appendCard(g: Selection<SVGGElement, VmFrame, SVGGElement, unknown>): void {
  g.append('rect').attr('class', `${B}__vm-box`).attr('rx', 6)
  g.append('rect').attr('class', `${B}__vm-stripe`).attr('width', 4).attr('rx', 2)
  const ring = g.append('g').attr('class', `${B}__heartbeat`)
  ring.append('circle').attr('class', `${B}__ring-track`).attr('r', 6.5)
  ring.append('path').attr('class', `${B}__ring`)
  g.append('text').attr('class', `${B}__vm-id`).attr('x', 9).attr('y', 15)
  g.append('text').attr('class', `${B}__vm-spec`).attr('text-anchor', 'end')
  g.append('text').attr('class', `${B}__vm-state`).attr('x', 9).attr('y', 27)
  for (const bar of BARS) {
    const row = g.append('g').attr('class', `${B}__bar ${B}__bar--${bar.key}`)
    row
      .append('text')
      .attr('class', `${B}__bar-label`)
      .attr('x', 9)
      .attr('y', bar.y + 6)
      .text(bar.label)
    row.append('rect').attr('class', `${B}__bar-track`).attr('x', BAR_X).attr('y', bar.y)
    row.append('rect').attr('class', `${B}__bar-fill`).attr('x', BAR_X).attr('y', bar.y)
  }
  const boot = g.append('g').attr('class', `${B}__boot`)
  boot.append('text').attr('class', `${B}__boot-label`).attr('x', 9).attr('y', 41)
  boot.append('rect').attr('class', `${B}__bar-track`).attr('x', 9).attr('y', 47).attr('height', 7)
  boot.append('rect').attr('class', `${B}__boot-fill`).attr('x', 9).attr('y', 47).attr('height', 7)
  g.append('text').attr('class', `${B}__vm-tasks`).attr('x', 9)
}

/** Writes what differs into `cards` (each bound to its VM). */
function writeCards(cards: Cards, model: TopologyModel): void {
  const { layout, vmTimeoutMs } = model
  const cell = layout.cell
  put(cards)
    .attr('class', (vm) => `${B}__vm ${B}__vm--${vm.state.toLowerCase()}`)
    .attr('data-testid', (vm) => `zone.z${vm.zone}.card.${vm.id}`)
    .attr('transform', (vm) => {
      const box = layout.vms.get(vm.id)
      return box ? `translate(${box.x},${box.y})` : 'translate(-999,-999)'
    })
  put(cards.select(`.${B}__vm-box`))
    .attr('width', cell.w)
    .attr('height', cell.h)
  put(cards.select(`.${B}__vm-stripe`)).attr('height', cell.h)
  put(cards.select(`.${B}__vm-id`)).text((vm) => vm.id)
  put(cards.select(`.${B}__vm-spec`))
    .attr('x', cell.w - 7)
    .attr('y', cell.h - 7)
    .text((vm) => getSpec(vm))
  put(cards.select(`.${B}__vm-state`)).text((vm) => `${getStateGlyph(vm.state)} ${vm.state}`)
  // The heartbeat ring sits top right: its arc grows with the time since the last heartbeat.
  put(cards.select(`.${B}__heartbeat`)).attr('transform', `translate(${cell.w - 14},14)`)
  put(cards.select(`.${B}__ring`))
    .attr('class', (vm) => `${B}__ring ${B}__ring--${getRing(vm, vmTimeoutMs).level}`)
    .attr('d', (vm) => ringPaths[getRing(vm, vmTimeoutMs).step])

  const booting = (vm: VmFrame) => vm.bootProgress >= 0
  for (const bar of BARS) {
    const row = cards.select(`.${B}__bar--${bar.key}`)
    put(row).attr('display', (vm) => (booting(vm) ? 'none' : null))
    const barW = cell.w - BAR_X - 8
    put(row.select(`.${B}__bar-track`))
      .attr('width', barW)
      .attr('height', 6)
    put(row.select(`.${B}__bar-fill`))
      .attr('height', 6)
      .attr('width', (vm) => barW * getUse(vm, bar.key))
  }
  const boot = cards.select(`.${B}__boot`)
  put(boot).attr('display', (vm) => (booting(vm) ? null : 'none'))
  put(boot.select(`.${B}__boot-label`)).text(
    (vm) => `${vm.state === 'BOOTING' ? 'Booting' : 'Restarting'} ${getBootPercent(vm)}%`,
  )
  put(boot.select(`.${B}__bar-track`)).attr('width', cell.w - 18)
  put(boot.select(`.${B}__boot-fill`)).attr(
    'width',
    (vm) => ((cell.w - 18) * Math.max(0, getBootPercent(vm))) / 100,
  )
  put(cards.select(`.${B}__vm-tasks`))
    .attr('y', cell.h - 7)
    .text((vm) => fitLabel(getTaskLine(vm), cell.w - 22 - getSpec(vm).length * 5.4, 5.6))
}
