import type { LbFrame, VmFrame } from '../../../src/protocol/messages'

/** A glyph per lifecycle state, so no state is told by colour alone. */
export const STATE_GLYPHS: Record<string, string> = {
  ALIVE: '✓',
  ACTIVE: '✓',
  BOOTING: '↑',
  CRASHED: '⚡',
  DEAD: '✕',
  RESTARTING: '↻',
}

export function getStateGlyph(state: string): string {
  return STATE_GLYPHS[state] ?? '•'
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function listZones(zones: readonly number[]): string {
  if (zones.length <= 1) return zones.join('')
  return `${zones.slice(0, -1).join(', ')} and ${zones[zones.length - 1]}`
}

/** Accessible name of a VM: "VM_5, zone 1, ALIVE, 2 tasks". */
export function getVmName(vm: VmFrame): string {
  return `${vm.id}, zone ${vm.zone}, ${vm.state}, ${plural(vm.tasks.length, 'task')}`
}

/** Accessible name of an LB: "LB2, zone 2, ACTIVE, manages zones 1 and 2". */
export function getLbName(lb: LbFrame): string {
  const manages =
    lb.zones.length === 0
      ? 'manages no zone'
      : `manages ${lb.zones.length === 1 ? 'zone' : 'zones'} ${listZones(lb.zones)}`
  return `${lb.id}, zone ${lb.homeZone}, ${lb.state}, ${manages}`
}

/** What activating an entity does, for its tooltip. */
export function getActionHint(kind: 'vm' | 'lb', state: string): string {
  if (kind === 'lb' && (state === 'CRASHED' || state === 'DEAD')) return 'Click to restart'
  if (state === 'ALIVE' || state === 'ACTIVE' || state === 'BOOTING') return 'Click to crash'
  return 'Recovering'
}

/** A compact MIPS figure: 2500 → "2.5k", 10000 → "10k". */
export function formatMips(mips: number): string {
  if (mips < 1000) return String(mips)
  const k = mips / 1000
  return `${Number.isInteger(k) ? k : k.toFixed(1)}k`
}

/** `text` cut with an ellipsis to fit `width` px at about `charW` px a character. */
export function fitLabel(text: string, width: number, charW: number): string {
  const max = Math.floor(width / charW)
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`
}

export interface ZoneOwner {
  zone: number
  owner: string
  epoch: number
}

/** Whether a zone is managed by another LB than its own (after a takeover). */
export function isTakenOver(o: ZoneOwner): boolean {
  return o.owner !== `LB${o.zone}`
}

/** Up to this many zones, the header names every zone's owner. */
export const MAX_OWNER_CHIPS = 4

/**
 * The zone owners the topology's header names: every zone in a small topology; in a larger one only
 * the zones that changed hands (owned by another LB, or back with their own after a takeover),
 * and how many others are on their own LB, so 16 zones fit the header and a takeover stands out.
 */
export function getOwnerChips(owners: readonly ZoneOwner[]): {
  shown: ZoneOwner[]
  others: number
} {
  if (owners.length <= MAX_OWNER_CHIPS) return { shown: [...owners], others: 0 }
  const shown = owners.filter((o) => isTakenOver(o) || o.epoch > 0)
  return { shown, others: owners.length - shown.length }
}
