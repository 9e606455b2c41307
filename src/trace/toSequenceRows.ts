// Projects trace events onto the rows and columns of a sequence diagram (the lab's timeline).
// Pure: reads only its arguments, never the DOM or a clock. Incremental: given the model of a
// prefix of the same events it processes only the new ones, sharing the append-only arrays.

import type { TraceEvent } from './types'
import { PHASES } from './types'

export type ParticipantKind = 'dispatcher' | 'lb' | 'l1' | 'l2' | 'vm' | 'other'

export interface Participant {
  id: string
  kind: ParticipantKind
  /** The zone it belongs to (LBk → k, L2_Zz → z, a VM → its L2's zone when known), else 0. */
  zone: number
  /** Canonical left-to-right rank: Dispatcher, LBs, L1, L2s, VMs by number, then the rest. */
  rank: number
}

export type RowKind = 'call' | 'reply' | 'self' | 'note' | 'phase' | 'state' | 'fault'

export interface SequenceRow {
  seq: number
  /** Simulated time, ms. */
  t: number
  kind: RowKind
  /** Participant indexes (into `participants`), −1 when the row has no column (a task's state). */
  from: number
  to: number
  /** A note's participants (indexes); empty for other kinds. */
  over: readonly number[]
  label: string
  /** Replies are dashed, as in the seed's diagrams. */
  dashed: boolean
  /** Index into PHASES of the latest phase note at or before this row, −1 before the first. */
  phase: number
  /** The task the row is about, if any (a message's task, a task's state, a note naming one). */
  task: string | null
}

export interface SequenceModel {
  /** Append-only; only the first `participantCount` belong to this model. */
  participants: Participant[]
  participantCount: number
  /** Append-only; only the first `rowCount` belong to this model. */
  rows: SequenceRow[]
  rowCount: number
  byId: ReadonlyMap<string, number>
  /** The first and last events projected, to tell an extension from another run's events. */
  firstEvent: TraceEvent | null
  lastEvent: TraceEvent | null
  /** Phase in force after the last row. */
  phase: number
}

const PHASE_INDEX: ReadonlyMap<string, number> = new Map(PHASES.map((text, i) => [text, i]))
const TASK_IN_TEXT = /\bTask_\d+\b/

/** The rank that orders participants into columns (lower is further left). */
export function getParticipantRank(id: string): {
  kind: ParticipantKind
  zone: number
  rank: number
} {
  if (id === 'Dispatcher') return { kind: 'dispatcher', zone: 0, rank: 0 }
  if (id === 'L1') return { kind: 'l1', zone: 0, rank: 2e6 }
  let m = /^LB(\d+)$/.exec(id)
  if (m) return { kind: 'lb', zone: Number(m[1]), rank: 1e6 + Number(m[1]) }
  m = /^L2_Z(\d+)$/.exec(id)
  if (m) return { kind: 'l2', zone: Number(m[1]), rank: 3e6 + Number(m[1]) }
  m = /^VM_(\d+)$/.exec(id)
  if (m) return { kind: 'vm', zone: 0, rank: 4e6 + Number(m[1]) }
  return { kind: 'other', zone: 0, rank: 9e9 }
}

/** An empty model. */
export function createSequenceModel(): SequenceModel {
  return {
    participants: [],
    participantCount: 0,
    rows: [],
    rowCount: 0,
    byId: new Map(),
    firstEvent: null,
    lastEvent: null,
    phase: -1,
  }
}

// By identity, not by seq: seq restarts at 1 in every run, so a new run's events would match.
function isPrefixOf(model: SequenceModel, events: readonly TraceEvent[]): boolean {
  if (model.rowCount === 0) return true
  if (events.length < model.rowCount) return false
  return events[0] === model.firstEvent && events[model.rowCount - 1] === model.lastEvent
}

/**
 * How many leading events `events` dropped from those `model` projected, when it still holds the
 * rest of them (the page trims the oldest events of a long run); −1 otherwise.
 */
function getDroppedCount(model: SequenceModel, events: readonly TraceEvent[]): number {
  if (model.rowCount === 0 || events.length === 0 || model.firstEvent === null) return -1
  const dropped = events[0].seq - model.firstEvent.seq
  if (dropped <= 0 || dropped >= model.rowCount) return -1
  if (model.rows[dropped].seq !== events[0].seq) return -1
  const last = model.rowCount - 1 - dropped
  return last < events.length && events[last] === model.lastEvent ? dropped : -1
}

// The model of `previous` without its first `dropped` rows (participants and phase carry over).
function dropRows(previous: SequenceModel, dropped: number, first: TraceEvent): SequenceModel {
  return {
    ...previous,
    participants: previous.participants.slice(0, previous.participantCount),
    rows: previous.rows.slice(dropped, previous.rowCount),
    rowCount: previous.rowCount - dropped,
    byId: new Map(previous.byId),
    firstEvent: first,
  }
}

/**
 * The rows and participants of `events`. With `previous` (the model of a prefix of the same
 * events, or of events whose oldest ones `events` has since dropped) only the new events are
 * projected; otherwise, or when `events` no longer extends it (after a seek), everything is.
 * `previous` stays valid: arrays are shared append-only and copied when two models would branch
 * from one prefix.
 */
export function toSequenceRows(
  events: readonly TraceEvent[],
  previous?: SequenceModel,
): SequenceModel {
  let base = createSequenceModel()
  if (previous && isPrefixOf(previous, events)) base = previous
  else if (previous) {
    const dropped = getDroppedCount(previous, events)
    if (dropped > 0) base = dropRows(previous, dropped, events[0])
  }
  if (base.rowCount === events.length && base === previous) return previous

  const rows = base.rows.length === base.rowCount ? base.rows : base.rows.slice(0, base.rowCount)
  let participants = base.participants
  let byId = base.byId as Map<string, number>
  if (participants.length !== base.participantCount) {
    participants = participants.slice(0, base.participantCount)
    byId = new Map(participants.map((p, i) => [p.id, i]))
  }
  let phase = base.phase

  const intern = (id: string, peer?: string): number => {
    const known = byId.get(id)
    if (known !== undefined) return known
    const info = getParticipantRank(id)
    // A VM's zone is not in its id (the stride varies); its L2 tells, and VMs register there first.
    const zone = info.kind === 'vm' && peer ? getParticipantRank(peer) : null
    const p: Participant = { id, ...info, zone: zone?.kind === 'l2' ? zone.zone : info.zone }
    participants.push(p)
    byId.set(id, participants.length - 1)
    return participants.length - 1
  }

  for (let i = base.rowCount; i < events.length; i++) {
    const e = events[i]
    let row: SequenceRow
    switch (e.type) {
      case 'message': {
        const from = intern(e.from, e.to)
        const to = intern(e.to, e.from)
        const kind = e.kind === 'self' || from === to ? 'self' : e.kind
        const task = e.task ?? null
        row = {
          seq: e.seq,
          t: e.t,
          kind,
          from,
          to,
          over: [],
          label: e.label,
          dashed: e.kind === 'reply',
          phase,
          task,
        }
        break
      }
      case 'note': {
        const over = e.over.map((id) => intern(id))
        const phaseIndex = PHASE_INDEX.get(e.text)
        if (phaseIndex !== undefined) phase = phaseIndex
        const task = TASK_IN_TEXT.exec(e.text)?.[0] ?? null
        const kind = phaseIndex === undefined ? 'note' : 'phase'
        const [from, to] = getSpan(participants, over)
        row = {
          seq: e.seq,
          t: e.t,
          kind,
          from,
          to,
          over,
          label: e.text,
          dashed: false,
          phase,
          task,
        }
        break
      }
      case 'state': {
        const isTask = e.entity.startsWith('Task_')
        const at = isTask ? -1 : intern(e.entity)
        const detail = e.detail ? ` (${e.detail})` : ''
        const label = `${e.entity}: ${e.from} → ${e.to}${detail}`
        const task = isTask ? e.entity : null
        row = {
          seq: e.seq,
          t: e.t,
          kind: 'state',
          from: at,
          to: at,
          over: [],
          label,
          dashed: false,
          phase,
          task,
        }
        break
      }
      case 'fault': {
        const at = intern(e.target)
        const label = `Fault injected: ${e.action} ${e.target}`
        row = {
          seq: e.seq,
          t: e.t,
          kind: 'fault',
          from: at,
          to: at,
          over: [],
          label,
          dashed: false,
          phase,
          task: null,
        }
        break
      }
    }
    rows.push(row)
  }

  return {
    participants,
    participantCount: participants.length,
    rows,
    rowCount: events.length,
    byId,
    firstEvent: events.length > 0 ? events[0] : null,
    lastEvent: events.length > 0 ? events[events.length - 1] : null,
    phase,
  }
}

/** The leftmost and rightmost of `over` by rank, as participant indexes (−1 when empty). */
function getSpan(participants: readonly Participant[], over: readonly number[]): [number, number] {
  if (over.length === 0) return [-1, -1]
  let lo = over[0]
  let hi = over[0]
  for (const p of over) {
    if (participants[p].rank < participants[lo].rank) lo = p
    if (participants[p].rank > participants[hi].rank) hi = p
  }
  return [lo, hi]
}

export interface RowFilter {
  task: string | null
  participant: string | null
}

export interface FilteredRows {
  key: string
  /** Indexes into the model's rows that pass; append-only, the first `count` belong here. */
  indices: number[]
  count: number
  /** How many of the model's rows have been looked at. */
  scanned: number
  /** The last row looked at, to notice a model that is not an extension of the one scanned. */
  lastRow: SequenceRow | null
}

function getFilterKey(filter: RowFilter): string {
  return `${filter.task ?? ''}|${filter.participant ?? ''}`
}

/** Whether `row` passes `filter` (a task: rows about that task; a participant: rows touching it). */
export function isRowShown(model: SequenceModel, row: SequenceRow, filter: RowFilter): boolean {
  if (filter.task !== null && row.task !== filter.task) return false
  if (filter.participant === null) return true
  const p = model.byId.get(filter.participant)
  if (p === undefined) return false
  return row.from === p || row.to === p || row.over.includes(p)
}

/**
 * The rows of `model` that pass `filter`, as indexes. With `previous` (same filter, an earlier
 * state of the same model) only rows added since are looked at.
 */
export function filterSequenceRows(
  model: SequenceModel,
  filter: RowFilter,
  previous?: FilteredRows,
): FilteredRows {
  const key = getFilterKey(filter)
  const canExtend =
    previous !== undefined &&
    previous.key === key &&
    previous.scanned <= model.rowCount &&
    (previous.scanned === 0 || model.rows[previous.scanned - 1] === previous.lastRow)
  const base = canExtend ? previous : { key, indices: [], count: 0, scanned: 0, lastRow: null }
  if (canExtend && base.scanned === model.rowCount) return base

  const indices =
    base.indices.length === base.count ? base.indices : base.indices.slice(0, base.count)
  const all = filter.task === null && filter.participant === null
  for (let i = base.scanned; i < model.rowCount; i++) {
    if (all || isRowShown(model, model.rows[i], filter)) indices.push(i)
  }
  const scanned = model.rowCount
  const lastRow = scanned > 0 ? model.rows[scanned - 1] : null
  return { key, indices, count: indices.length, scanned, lastRow }
}

/** A row read out loud: "12. LB1 → L1: Update Task Meta (Status: QUEUED) at 1.005 s". */
export function getRowDescription(model: SequenceModel, row: SequenceRow): string {
  const at = `at ${(row.t / 1000).toFixed(3)} s`
  const name = (p: number) => (p >= 0 ? model.participants[p].id : '')
  switch (row.kind) {
    case 'call':
    case 'reply':
    case 'self':
      return `${row.seq}. ${name(row.from)} → ${name(row.to)}: ${row.label} ${at}`
    case 'note':
    case 'phase': {
      const over = row.over.map(name).join(', ')
      return `${row.seq}. Note over ${over}: ${row.label} ${at}`
    }
    case 'state':
      return `${row.seq}. State ${row.label} ${at}`
    case 'fault':
      return `${row.seq}. ${row.label} ${at}`
  }
}
