// A FIFO of task indices stored as plain data (an array and a head offset), so it clones cheaply.

import type { TaskFifo } from './world'

/** An empty FIFO. */
export const createFifo = (): TaskFifo => ({ items: [], head: 0 })

/** Number of queued items. */
export const fifoSize = (q: TaskFifo): number => q.items.length - q.head

/** The first item, or −1 when empty. */
export const fifoPeek = (q: TaskFifo): number => (q.head < q.items.length ? q.items[q.head] : -1)

/** Appends `item` at the back. */
export function fifoPush(q: TaskFifo, item: number): void {
  q.items.push(item)
}

/** Puts `item` back at the front (an item taken out and not placed keeps its turn). */
export function fifoUnshift(q: TaskFifo, item: number): void {
  if (q.head > 0) q.items[--q.head] = item
  else q.items.unshift(item)
}

/** Removes and returns the first item, or −1 when empty. */
export function fifoShift(q: TaskFifo): number {
  if (q.head >= q.items.length) return -1
  const item = q.items[q.head++]
  // Compact once the dead prefix dominates, so memory stays proportional to the live items.
  if (q.head > 1024 && q.head * 2 > q.items.length) {
    q.items = q.items.slice(q.head)
    q.head = 0
  }
  return item
}

/** Removes every item and returns them in order. */
export function fifoDrain(q: TaskFifo): number[] {
  const out = q.items.slice(q.head)
  q.items = []
  q.head = 0
  return out
}

/** The live items in order (a copy). */
export const fifoToArray = (q: TaskFifo): number[] => q.items.slice(q.head)
