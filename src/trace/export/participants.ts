// Participant ids of SPEC §1: patterns, kinds, zones, display names and a canonical order.
// Pure string functions; shared by the exporters and the importer, they read no trace state.

/** Any participant id of SPEC §1 except tasks: Dispatcher, LB<k>, L1, L2_Z<z>, VM_<n>. */
export const PARTICIPANT_ID_PATTERN = /^(?:Dispatcher|L1|LB[1-9]\d*|L2_Z[1-9]\d*|VM_[1-9]\d*)$/

/** A task id of SPEC §1: Task_<n>. */
export const TASK_ID_PATTERN = /^Task_[1-9]\d*$/

/** The role of an id, from its spelling alone. */
export type ParticipantKind = 'dispatcher' | 'lb' | 'l1' | 'l2' | 'vm' | 'task' | 'other'

/** The kind of `id`; `other` for anything SPEC §1 does not name. */
export function getParticipantKind(id: string): ParticipantKind {
  if (id === 'Dispatcher') return 'dispatcher'
  if (id === 'L1') return 'l1'
  if (/^LB[1-9]\d*$/.test(id)) return 'lb'
  if (/^L2_Z[1-9]\d*$/.test(id)) return 'l2'
  if (/^VM_[1-9]\d*$/.test(id)) return 'vm'
  if (TASK_ID_PATTERN.test(id)) return 'task'
  return 'other'
}

/** The number inside an id (`LB2` → 2, `L2_Z3` → 3, `VM_105` → 105), or 0 when it has none. */
export function getIdNumber(id: string): number {
  const match = /(\d+)$/.exec(id)
  return match ? Number(match[1]) : 0
}

/** The zone an LB, L2 or VM belongs to (VM_<(z-1)*100+i> is in zone z), or null. */
export function getZoneOf(id: string): number | null {
  const kind = getParticipantKind(id)
  if (kind === 'lb' || kind === 'l2') return getIdNumber(id)
  if (kind === 'vm') return Math.floor((getIdNumber(id) - 1) / 100) + 1
  return null
}

/** The seed diagrams' display name of a participant (`LB1` → `Load Balancer 1`). */
export function getDisplayName(id: string): string {
  switch (getParticipantKind(id)) {
    case 'dispatcher':
      return 'Global Dispatcher'
    case 'lb':
      return `Load Balancer ${getIdNumber(id)}`
    case 'l1':
      return 'Redis L1 (Global)'
    case 'l2':
      return `Redis L2 (Zone ${getIdNumber(id)})`
    default:
      return id
  }
}

const KIND_RANK: Record<ParticipantKind, number> = {
  dispatcher: 0,
  lb: 1,
  l1: 2,
  l2: 3,
  vm: 4,
  task: 5,
  other: 6,
}

/** Seed order: Dispatcher, LBs, L1, L2s, VMs, then anything else; by number, then by name. */
export function compareParticipants(a: string, b: string): number {
  const ka = KIND_RANK[getParticipantKind(a)]
  const kb = KIND_RANK[getParticipantKind(b)]
  if (ka !== kb) return ka - kb
  const na = getIdNumber(a)
  const nb = getIdNumber(b)
  if (na !== nb) return na - nb
  return a < b ? -1 : a > b ? 1 : 0
}
