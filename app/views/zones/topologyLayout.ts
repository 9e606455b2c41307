/** Geometry of the topology view: where the dispatcher, L1, zones, LBs, L2s and VMs go (px). */

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/**
 * `cards`: one SVG card per VM with bars, ring and tasks (small topologies). `dense`: a canvas of
 * small cells (large ones); the same accessible buttons overlay both.
 */
export type TopologyMode = 'cards' | 'dense'

export interface ZoneLayout {
  zone: number
  box: Box
  /** The zone's own LB (the one whose home it is) and its box, if any. */
  lbId: string | null
  lb: Box
  l2: Box
  l2Id: string
  /** Where its VM cells start, how many go in a row and the gap between them (px). */
  grid: { x: number; y: number; perRow: number; gap: number }
}

export interface TopologyLayout {
  mode: TopologyMode
  width: number
  height: number
  dispatcher: Box
  l1: Box
  zones: ZoneLayout[]
  /** Box of every LB, in its home zone's header. */
  lbs: Map<string, Box>
  /** Cell of every VM. */
  vms: Map<string, Box>
  /** VM cell size (a card in `cards` mode). */
  cell: { w: number; h: number }
}

/** The topology as far as layout cares: which VMs each zone holds and each LB's home zone. */
export interface TopologyShape {
  zones: { zone: number; vmIds: string[] }[]
  lbs: { id: string; homeZone: number }[]
}

const PAD = 8
const TOP_BOX_H = 40
const TOP_BAND = 72
const ZONE_GAP = 8
const ZONE_PAD = 5
const ZONE_LABEL_H = 22
/** Cards stretch between these widths to use the zone's room. */
export const CARD_MIN_W = 94
export const CARD_MAX_W = 136
export const CARD_H = 76
const CARD_GAP = 5
const CARD_HEADER_H = 44
const DENSE_HEADER_H = 40
/** Smallest dense cell: below this a cell is hard to hit; the view scrolls instead. */
const MIN_CELL = 10
const MAX_CELL = 40
/** Zones narrower than this cannot show their LB and L2 boxes legibly. */
const MIN_ZONE_W = 230
/** Up to this many VMs cards are always used (the view scrolls if it must)… */
const ALWAYS_CARDS = 32
/** …and above this many never, whatever the room. */
const MAX_CARDS = 64

interface Arrangement {
  zoneCols: number
  perRow: number
  zoneW: number
  zoneH: number
  cellW: number
  height: number
}

interface CellSpec {
  minW: number
  maxW: number
  h: number
  gap: number
  headerH: number
}

/**
 * The zone grid with the least height for cells of `spec` (as wide as the room allows within
 * minW…maxW), rows balanced so a zone's VMs fill its rows evenly. Null when nothing fits.
 */
function arrange(shape: TopologyShape, width: number, spec: CellSpec): Arrangement | null {
  const zoneCount = Math.max(1, shape.zones.length)
  const maxVms = Math.max(1, ...shape.zones.map((z) => z.vmIds.length))
  const { minW, maxW, h, gap, headerH } = spec
  let best: Arrangement | null = null
  for (let zoneCols = 1; zoneCols <= zoneCount; zoneCols++) {
    const zoneW = (width - 2 * PAD - (zoneCols - 1) * ZONE_GAP) / zoneCols
    const inner = zoneW - 2 * ZONE_PAD
    const fit = Math.floor((inner + gap) / (minW + gap))
    if (fit < 1 || (zoneCols > 1 && zoneW < MIN_ZONE_W)) break
    const rows = Math.ceil(maxVms / fit)
    const perRow = Math.ceil(maxVms / rows)
    const cellW = Math.min(maxW, Math.floor((inner - (perRow - 1) * gap) / perRow))
    const zoneH = ZONE_PAD * 2 + ZONE_LABEL_H + headerH + rows * (h + gap)
    const zoneRows = Math.ceil(zoneCount / zoneCols)
    const height = TOP_BAND + zoneRows * zoneH + (zoneRows - 1) * ZONE_GAP + PAD
    // Ties go to more zone columns: zones side by side read like the architecture diagram.
    if (!best || height <= best.height) best = { zoneCols, perRow, zoneW, zoneH, cellW, height }
  }
  return best
}

/**
 * Where everything goes for `shape` in `width` px, aiming to fit `targetHeight`: cards for a few
 * VMs, or for up to MAX_CARDS when they fit, else the largest dense cells that fit (at least
 * MIN_CELL px, and then the view scrolls).
 */
export function computeTopologyLayout(
  shape: TopologyShape,
  width: number,
  targetHeight: number,
): TopologyLayout {
  const totalVms = shape.zones.reduce((n, z) => n + z.vmIds.length, 0)
  const cardSpec = {
    minW: CARD_MIN_W,
    maxW: CARD_MAX_W,
    h: CARD_H,
    gap: CARD_GAP,
    headerH: CARD_HEADER_H,
  }
  const cards = arrange(shape, width, cardSpec)
  const cardsFit = cards !== null && cards.height <= targetHeight
  if (cards && (totalVms <= ALWAYS_CARDS || (totalVms <= MAX_CARDS && cardsFit))) {
    return place(shape, width, 'cards', cards, cardSpec)
  }

  let chosen: { a: Arrangement; spec: CellSpec } | null = null
  for (let cell = MAX_CELL; cell >= MIN_CELL; cell--) {
    const gap = Math.max(1, Math.round(cell * 0.14))
    const spec = { minW: cell, maxW: cell, h: cell, gap, headerH: DENSE_HEADER_H }
    const a = arrange(shape, width, spec)
    if (!a) continue
    chosen = { a, spec }
    if (a.height <= targetHeight) break
  }
  if (!chosen) {
    const w = Math.max(width, MIN_ZONE_W + 2 * PAD)
    const spec = { minW: MIN_CELL, maxW: MIN_CELL, h: MIN_CELL, gap: 1, headerH: DENSE_HEADER_H }
    return place(shape, w, 'dense', arrange(shape, w, spec) as Arrangement, spec)
  }
  return place(shape, width, 'dense', chosen.a, chosen.spec)
}

function place(
  shape: TopologyShape,
  width: number,
  mode: TopologyMode,
  a: Arrangement,
  spec: CellSpec,
): TopologyLayout {
  const { gap, headerH } = spec
  const cellW = a.cellW
  const cellH = spec.h
  const topW = Math.min(200, (width - 3 * PAD) / 2)
  const dispatcher = { x: width / 3 - topW / 2, y: 8, w: topW, h: TOP_BOX_H }
  const l1 = { x: (2 * width) / 3 - topW / 2, y: 8, w: topW, h: TOP_BOX_H }
  const homeLb = new Map(shape.lbs.map((lb) => [lb.homeZone, lb.id]))
  const lbs = new Map<string, Box>()
  const vms = new Map<string, Box>()

  const zones = shape.zones.map((z, i) => {
    const col = i % a.zoneCols
    const row = Math.floor(i / a.zoneCols)
    const box = {
      x: PAD + col * (a.zoneW + ZONE_GAP),
      y: TOP_BAND + row * (a.zoneH + ZONE_GAP),
      w: a.zoneW,
      h: a.zoneH,
    }
    const innerW = box.w - 2 * ZONE_PAD
    const headerY = box.y + ZONE_PAD + ZONE_LABEL_H
    const boxW = Math.min(200, (innerW - 8) / 2)
    const lb = { x: box.x + ZONE_PAD, y: headerY, w: boxW, h: headerH - 8 }
    const l2 = { x: box.x + box.w - ZONE_PAD - boxW, y: headerY, w: boxW, h: headerH - 8 }
    const lbId = homeLb.get(z.zone) ?? null
    if (lbId) lbs.set(lbId, lb)

    const gridY = headerY + headerH
    z.vmIds.forEach((id, k) => {
      const c = k % a.perRow
      const r = Math.floor(k / a.perRow)
      vms.set(id, {
        x: box.x + ZONE_PAD + c * (cellW + gap),
        y: gridY + r * (cellH + gap),
        w: cellW,
        h: cellH,
      })
    })
    const grid = { x: box.x + ZONE_PAD, y: gridY, perRow: a.perRow, gap }
    return { zone: z.zone, box, lbId, lb, l2, l2Id: `L2_Z${z.zone}`, grid }
  })

  return {
    mode,
    width,
    height: a.height,
    dispatcher,
    l1,
    zones,
    lbs,
    vms,
    cell: { w: cellW, h: cellH },
  }
}

/** Centre of a box. */
export function getCenter(b: Box): [number, number] {
  return [b.x + b.w / 2, b.y + b.h / 2]
}

/** Cards grow at most this much to fill a large pane (text 10 px → 15 px). */
export const MAX_CARD_SCALE = 1.5
const SCALE_STEP = 0.05

/**
 * The layout for `shape` and the factor to draw it at: a card view with room to spare (a large
 * monitor) is laid out narrower and drawn larger, by the largest factor up to MAX_CARD_SCALE whose
 * drawing still fits `targetHeight`, so the cards fill the pane instead of leaving it half empty.
 * Dense views (their cells already grow to fit) and views without room keep factor 1.
 */
export function fitTopologyLayout(
  shape: TopologyShape,
  width: number,
  targetHeight: number,
): { layout: TopologyLayout; scale: number } {
  const plain = computeTopologyLayout(shape, width, targetHeight)
  if (plain.mode !== 'cards' || plain.height >= targetHeight) return { layout: plain, scale: 1 }
  const steps = Math.round((MAX_CARD_SCALE - 1) / SCALE_STEP)
  for (let i = steps; i > 0; i--) {
    const scale = 1 + i * SCALE_STEP
    const layout = computeTopologyLayout(shape, width / scale, targetHeight / scale)
    if (layout.mode === 'cards' && layout.height * scale <= targetHeight) return { layout, scale }
  }
  return { layout: plain, scale: 1 }
}
