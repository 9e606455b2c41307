// The SBDLB decisions kept for the Why panel, as one ring of numbers: checkpoints clone the world
// several times a second in the lab, and 5,000 decisions as arrays of objects took ~60 ms to
// clone, as typed columns well under 1 ms.

import type { DecisionRow, VmRecord } from './world'

/** Decisions kept (the most recent); an older one is overwritten by a new one. */
export const DECISIONS_KEPT = 5000
/** Candidates kept per decision (the best; the rest are counted in the trace's note, not stored). */
export const KEPT_CANDIDATES = 8
// Numbers per candidate: VM index, free MIPS, free RAM, free BW, score.
const FIELDS = 5

export interface DecisionLog {
  /** Task index per slot, −1 while the slot is empty. */
  task: Int32Array
  /** Candidates of each slot, best first: KEPT_CANDIDATES × FIELDS numbers per slot. */
  rows: Float64Array
  /** Candidates used in each slot. */
  count: Uint8Array
  /** The slot the next decision goes to (the oldest once the ring is full). */
  next: number
}

export function createDecisionLog(): DecisionLog {
  return {
    task: new Int32Array(DECISIONS_KEPT).fill(-1),
    rows: new Float64Array(DECISIONS_KEPT * KEPT_CANDIDATES * FIELDS),
    count: new Uint8Array(DECISIONS_KEPT),
    next: 0,
  }
}

/** Records task `taskIndex`'s candidates (best first, at most KEPT_CANDIDATES) and their scores. */
export function recordDecision(
  log: DecisionLog,
  taskIndex: number,
  candidates: readonly VmRecord[],
  scores: readonly number[],
): void {
  const slot = log.next
  const n = Math.min(KEPT_CANDIDATES, candidates.length)
  let o = slot * KEPT_CANDIDATES * FIELDS
  for (let i = 0; i < n; i++) {
    const vm = candidates[i]
    log.rows[o++] = vm.index
    log.rows[o++] = vm.availMips
    log.rows[o++] = vm.availRamMb
    log.rows[o++] = vm.availBwMbps
    log.rows[o++] = scores[i]
  }
  log.task[slot] = taskIndex
  log.count[slot] = n
  log.next = (slot + 1) % DECISIONS_KEPT
}

/**
 * The latest decision recorded for task `taskIndex` (a rescued task is decided again), or
 * undefined when none is kept. Searches from the newest, so recent tasks are found at once.
 */
export function findDecision(
  log: DecisionLog,
  taskIndex: number,
  vms: readonly VmRecord[],
): DecisionRow[] | undefined {
  for (let k = 1; k <= DECISIONS_KEPT; k++) {
    const slot = (log.next - k + DECISIONS_KEPT) % DECISIONS_KEPT
    if (log.task[slot] !== taskIndex) continue
    const out: DecisionRow[] = []
    let o = slot * KEPT_CANDIDATES * FIELDS
    for (let i = 0; i < log.count[slot]; i++, o += FIELDS) {
      out.push({
        vm: vms[log.rows[o]].id,
        availMips: log.rows[o + 1],
        availRamMb: log.rows[o + 2],
        availBwMbps: log.rows[o + 3],
        score: log.rows[o + 4],
      })
    }
    return out
  }
  return undefined
}
