import {
  getRowDescription,
  type SequenceModel,
  type SequenceRow,
} from '../../../src/trace/toSequenceRows'
import { ROW_HEIGHT } from './timelineLayout'

/** What the row slots show: the rows in the drawn window and which one takes Tab focus. */
export interface RowSlotsModel {
  seq: SequenceModel
  /** Rows shown (indexes into seq.rows), in order; positions first…last−1 get a slot. */
  indices: readonly number[]
  first: number
  last: number
  /** List position with tabindex 0 (roving tabindex); must lie in first…last−1 to count. */
  focusPos: number
}

// What a slot shows now, so an update writes only what changed (−1: empty).
type Slot = HTMLElement & { __pos?: number; __row?: SequenceRow | null; __tab?: number }

const BLOCK = 'seq-timeline'

/**
 * Gives `layer` exactly `capacity` slots: transparent, fixed-size buttons over the canvas, slot i
 * over the window's row i. Creates or removes elements only when the capacity changes (a resize).
 */
export function ensureRowSlots(layer: HTMLElement, capacity: number): void {
  while (layer.children.length > capacity) layer.lastElementChild?.remove()
  while (layer.children.length < capacity) {
    const slot = document.createElement('div') as Slot
    slot.className = `${BLOCK}__row`
    slot.style.top = `${layer.children.length * ROW_HEIGHT}px`
    slot.tabIndex = -1
    slot.style.visibility = 'hidden'
    slot.__pos = -1
    slot.__tab = -1
    layer.append(slot)
  }
}

/**
 * Points slot i of `layer` at row first + i and empties the slots past the last row. Touches only
 * attributes (the layer moves, not the slots), so no layout and no layer update. A focused row
 * keeps the focus when the window slides under it.
 */
export function drawRowSlots(layer: HTMLElement, m: RowSlotsModel): void {
  const slots = layer.children as HTMLCollectionOf<Slot>
  const active = document.activeElement as Slot | null
  const focused = active?.parentElement === layer ? (active.__pos ?? -1) : -1
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]
    const pos = m.first + i
    if (pos >= m.last) {
      emptySlot(slot)
      continue
    }
    const row = m.seq.rows[m.indices[pos]]
    if (slot.__pos !== pos || slot.__row !== row) fillSlot(slot, m.seq, row, pos)
    const tab = pos === m.focusPos ? 0 : -1
    if (slot.__tab !== tab) {
      slot.tabIndex = tab
      slot.__tab = tab
    }
  }
  const next = focused >= m.first && focused < m.last ? slots[focused - m.first] : null
  if (next && next !== active) next.focus({ preventScroll: true })
}

function fillSlot(slot: Slot, seq: SequenceModel, row: SequenceRow, pos: number): void {
  if (slot.__pos === -1) {
    slot.setAttribute('role', 'button')
    slot.style.visibility = ''
  }
  slot.__pos = pos
  slot.__row = row
  slot.setAttribute('aria-label', getRowDescription(seq, row))
  slot.setAttribute('data-pos', String(pos))
  slot.setAttribute('data-seq', String(row.seq))
  slot.setAttribute('data-t', String(row.t))
  slot.setAttribute('data-testid', `timeline.row.${row.seq}`)
}

function emptySlot(slot: Slot): void {
  if (slot.__pos === -1) return
  slot.__pos = -1
  slot.__row = null
  // Hidden by visibility (no layout), which also takes it out of the tab order and the AT tree.
  slot.style.visibility = 'hidden'
  for (const name of ['role', 'aria-label', 'data-pos', 'data-seq', 'data-t', 'data-testid']) {
    slot.removeAttribute(name)
  }
  if (slot.__tab !== -1) {
    slot.tabIndex = -1
    slot.__tab = -1
  }
}
