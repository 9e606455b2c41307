import type { SequenceModel } from '../../../src/trace/toSequenceRows'

/** Fixed geometry of the timeline (px); virtualisation relies on the fixed row height. */
export const ROW_HEIGHT = 26
export const HEADER_HEIGHT = 34
/** The phase stripe along the left edge. */
export const STRIPE_WIDTH = 4
/**
 * The seq number ends at GUTTER_NUM_X (right-aligned), the time starts at GUTTER_TIME_X. Sized
 * for 7 digits of the widest bold digit we meet (DejaVu Sans Bold at 11 px, GUTTER_DIGIT_WIDTH)
 * and a time of up to "9999.999" s.
 */
export const GUTTER_DIGIT_WIDTH = 7.7
export const GUTTER_NUM_X = 62
export const GUTTER_TIME_X = 68
export const GUTTER_WIDTH = 126
export const MIN_COLUMN_WIDTH = 58
export const MAX_COLUMN_WIDTH = 170
/** Rows drawn above and below the viewport so a fast scroll shows no gap. */
export const OVERSCAN_ROWS = 6
/**
 * Following, every row is new each frame and the user's first scroll leaves follow mode (and
 * redraws with the full overscan), so one row is enough: it saves painting six per frame.
 */
export const FOLLOW_OVERSCAN_ROWS = 1
/** Average glyph width of the 11 px label font, for truncation without measuring text. */
export const CHAR_WIDTH = 6.3

/**
 * How VMs share columns. `each`: one column per VM; `zone`: one per zone ("VMs Z1"); `all`: one
 * for every VM. The first that fits the width wins; what still does not fit scrolls sideways.
 */
export type VmCollapse = 'each' | 'zone' | 'all'

export interface TimelineColumns {
  keys: string[]
  labels: string[]
  /** Title (tooltip) of each column: the participant or the VMs it stands for. */
  titles: string[]
  /** Centre of each column (px from the left of the diagram). */
  x: number[]
  /** The column of each participant (index into the model's participants), −1 when hidden. */
  colOf: Int32Array
  collapse: VmCollapse
  columnWidth: number
  width: number
}

function getColumnKey(model: SequenceModel, p: number, collapse: VmCollapse): string {
  const part = model.participants[p]
  if (part.kind !== 'vm' || collapse === 'each') return part.id
  return collapse === 'zone' && part.zone > 0 ? `VMs Z${part.zone}` : 'VMs'
}

/**
 * The columns for the participants marked in `used` (all of the model's when null), in canonical
 * order, collapsing VMs when one column each would be narrower than MIN_COLUMN_WIDTH.
 */
export function computeTimelineColumns(
  model: SequenceModel,
  used: Uint8Array | null,
  availableWidth: number,
): TimelineColumns {
  const shown: number[] = []
  for (let p = 0; p < model.participantCount; p++) if (!used || used[p]) shown.push(p)
  shown.sort((a, b) => model.participants[a].rank - model.participants[b].rank || a - b)

  const room = Math.max(0, availableWidth - GUTTER_WIDTH)
  let collapse: VmCollapse = 'each'
  let keys = shown.map((p) => getColumnKey(model, p, collapse))
  for (const next of ['zone', 'all'] as const) {
    if (new Set(keys).size * MIN_COLUMN_WIDTH <= room) break
    collapse = next
    keys = shown.map((p) => getColumnKey(model, p, collapse))
  }

  const unique: string[] = []
  const titles: string[] = []
  const colByKey = new Map<string, number>()
  const colOf = new Int32Array(model.participantCount).fill(-1)
  shown.forEach((p, i) => {
    let col = colByKey.get(keys[i])
    if (col === undefined) {
      col = unique.push(keys[i]) - 1
      colByKey.set(keys[i], col)
      titles.push(model.participants[p].id)
    }
    if (keys[i] !== model.participants[p].id) titles[col] = `${keys[i]}: VMs drawn together`
    colOf[p] = col
  })

  const n = Math.max(1, unique.length)
  const columnWidth = Math.max(MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, room / n))
  const x = unique.map((_, i) => GUTTER_WIDTH + columnWidth * (i + 0.5))
  const width = Math.max(availableWidth, GUTTER_WIDTH + columnWidth * n + 8)
  return { keys: unique, labels: unique, titles, x, colOf, collapse, columnWidth, width }
}

/** The participants that the listed rows touch, as flags by participant index. */
export function getUsedParticipants(
  model: SequenceModel,
  indices: readonly number[],
  count: number,
): Uint8Array {
  const used = new Uint8Array(model.participantCount)
  for (let i = 0; i < count; i++) {
    const row = model.rows[indices[i]]
    if (row.from >= 0) used[row.from] = 1
    if (row.to >= 0) used[row.to] = 1
    for (const p of row.over) used[p] = 1
  }
  return used
}

/** The most rows getRowWindow gives for a viewport `viewportHeight` px tall and `overscan`. */
export function getWindowCapacity(viewportHeight: number, overscan = OVERSCAN_ROWS): number {
  return Math.ceil(Math.max(0, viewportHeight - HEADER_HEIGHT) / ROW_HEIGHT) + 2 * overscan + 1
}

/**
 * The first and last (exclusive) list positions to draw, `overscan` rows beyond the viewport on
 * each side. Row `pos` sits at content y HEADER_HEIGHT + pos × ROW_HEIGHT, under a sticky header
 * of HEADER_HEIGHT.
 */
export function getRowWindow(
  scrollTop: number,
  viewportHeight: number,
  count: number,
  overscan = OVERSCAN_ROWS,
): { first: number; last: number } {
  const top = Math.max(0, scrollTop)
  const bottom = top + Math.max(0, viewportHeight - HEADER_HEIGHT)
  const first = Math.min(count, Math.max(0, Math.floor(top / ROW_HEIGHT) - overscan))
  const last = Math.min(count, Math.ceil(bottom / ROW_HEIGHT) + overscan)
  return { first, last: Math.max(first, last) }
}

/** The scrollTop that shows the last row at the bottom of the viewport. */
export function getBottomScrollTop(viewportHeight: number, count: number): number {
  return Math.max(0, HEADER_HEIGHT + count * ROW_HEIGHT - viewportHeight)
}

/** `text` cut to about `maxWidth` px with an ellipsis. */
export function fitText(text: string, maxWidth: number): string {
  const max = Math.floor(maxWidth / CHAR_WIDTH)
  if (text.length <= max) return text
  return max <= 1 ? '…' : `${text.slice(0, max - 1)}…`
}
