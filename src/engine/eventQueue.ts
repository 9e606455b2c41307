// Binary min-heap of simulation events ordered by (time, priority, sequence). Events are plain
// numbers in parallel typed arrays, so the queue can be checkpointed by copying; no closures.

/** What an event is about: a kind code and two integer arguments (meaning set by the kind). */
export interface QueuedEvent {
  time: number
  kind: number
  a: number
  b: number
  c: number
}

/** The queue's storage; plain typed arrays, safe for structuredClone. */
export interface EventQueue {
  size: number
  nextSeq: number
  /** Sort key: time * 8 + priority (exact in a double up to ~1.1e15 ms). */
  key: Float64Array
  seq: Float64Array
  kind: Uint8Array
  a: Int32Array
  b: Int32Array
  c: Int32Array
}

const PRIORITY_SLOTS = 8

/** An empty queue with room for `capacity` events before it grows. */
export function createEventQueue(capacity = 1024): EventQueue {
  return {
    size: 0,
    nextSeq: 0,
    key: new Float64Array(capacity),
    seq: new Float64Array(capacity),
    kind: new Uint8Array(capacity),
    a: new Int32Array(capacity),
    b: new Int32Array(capacity),
    c: new Int32Array(capacity),
  }
}

function grow(q: EventQueue): void {
  const n = q.key.length * 2
  const key = new Float64Array(n)
  key.set(q.key)
  const seq = new Float64Array(n)
  seq.set(q.seq)
  const kind = new Uint8Array(n)
  kind.set(q.kind)
  const a = new Int32Array(n)
  a.set(q.a)
  const b = new Int32Array(n)
  b.set(q.b)
  const c = new Int32Array(n)
  c.set(q.c)
  Object.assign(q, { key, seq, kind, a, b, c })
}

function less(q: EventQueue, i: number, j: number): boolean {
  const ki = q.key[i]
  const kj = q.key[j]
  return ki < kj || (ki === kj && q.seq[i] < q.seq[j])
}

function swap(q: EventQueue, i: number, j: number): void {
  let f = q.key[i]
  q.key[i] = q.key[j]
  q.key[j] = f
  f = q.seq[i]
  q.seq[i] = q.seq[j]
  q.seq[j] = f
  let n = q.kind[i]
  q.kind[i] = q.kind[j]
  q.kind[j] = n
  n = q.a[i]
  q.a[i] = q.a[j]
  q.a[j] = n
  n = q.b[i]
  q.b[i] = q.b[j]
  q.b[j] = n
  n = q.c[i]
  q.c[i] = q.c[j]
  q.c[j] = n
}

/**
 * Adds an event at integer ms `time`. Among events at the same time, lower `priority` runs first
 * (0–7), then the earlier scheduled one: the order is total, so runs are deterministic.
 */
export function pushEvent(
  q: EventQueue,
  time: number,
  priority: number,
  kind: number,
  a = 0,
  b = 0,
  c = 0,
): void {
  if (q.size === q.key.length) grow(q)
  let i = q.size++
  q.key[i] = time * PRIORITY_SLOTS + priority
  q.seq[i] = q.nextSeq++
  q.kind[i] = kind
  q.a[i] = a
  q.b[i] = b
  q.c[i] = c
  while (i > 0) {
    const parent = (i - 1) >> 1
    if (!less(q, i, parent)) break
    swap(q, i, parent)
    i = parent
  }
}

/** Time of the next event, or Infinity when the queue is empty. */
export function peekTime(q: EventQueue): number {
  return q.size === 0 ? Number.POSITIVE_INFINITY : Math.floor(q.key[0] / PRIORITY_SLOTS)
}

/** Removes the next event and writes it into `out` (reused to avoid allocation); false if empty. */
export function popEvent(q: EventQueue, out: QueuedEvent): boolean {
  if (q.size === 0) return false
  out.time = Math.floor(q.key[0] / PRIORITY_SLOTS)
  out.kind = q.kind[0]
  out.a = q.a[0]
  out.b = q.b[0]
  out.c = q.c[0]
  const last = --q.size
  if (last > 0) {
    q.key[0] = q.key[last]
    q.seq[0] = q.seq[last]
    q.kind[0] = q.kind[last]
    q.a[0] = q.a[last]
    q.b[0] = q.b[last]
    q.c[0] = q.c[last]
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < last && less(q, l, m)) m = l
      if (r < last && less(q, r, m)) m = r
      if (m === i) break
      swap(q, i, m)
      i = m
    }
  }
  return true
}
