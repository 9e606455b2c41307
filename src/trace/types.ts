// The trace contract of SPEC §6: plain JSON-safe types shared by the engine, the exports and the lab.
// Nothing here may depend on the engine; importers and exporters read only these shapes.

/** A Redis command exactly as `redis-cli` would take it. */
export interface CacheCommand {
  name: string
  args: string[]
}

interface EventBase {
  /** 1, 2, 3… gap-free, in order. */
  seq: number
  /** Simulated time, integer ms since the start of the run. */
  t: number
}

export type MessageKind = 'call' | 'reply' | 'self'

export interface MessageEvent extends EventBase {
  type: 'message'
  from: string
  to: string
  label: string
  kind: MessageKind
  task?: string
  command?: CacheCommand
}

export interface StateEvent extends EventBase {
  type: 'state'
  entity: string
  from: string
  to: string
  detail?: string
}

export interface NoteEvent extends EventBase {
  type: 'note'
  over: string[]
  text: string
}

export interface FaultEvent extends EventBase {
  type: 'fault'
  target: string
  action: 'crash' | 'restart'
}

export type TraceEvent = MessageEvent | StateEvent | NoteEvent | FaultEvent

/** The whole run as one JSON document. `config` is the resolved scenario document. */
export interface TraceDocument {
  format: 'dual-lb-trace'
  version: 1
  seed: number
  scenario: string
  config: unknown
  events: TraceEvent[]
}

/** State names fixed by SPEC §6. */
export const VM_STATES = ['BOOTING', 'ALIVE', 'CRASHED', 'DEAD', 'RESTARTING'] as const
export const LB_STATES = ['ACTIVE', 'CRASHED', 'DEAD', 'RESTARTING'] as const
export const TASK_STATES = ['QUEUED', 'RUNNING', 'FINISHED', 'QUARANTINED'] as const
export type VmState = (typeof VM_STATES)[number]
export type LbState = (typeof LB_STATES)[number]
export type TaskState = (typeof TASK_STATES)[number]

/**
 * Phase notes the engine emits (as `note` events) so views can draw phase bands. The text of a
 * phase note is exactly one of these.
 */
export const PHASES = [
  'Submission Phase',
  'Scheduling Phase (SBDLB)',
  'Execution Phase',
  'Completion Phase',
  'Normal Operation',
  'Failure Detection',
  'Task Rescue',
  'Soft Recovery',
  'Peer Failure Detection',
  'Zone Takeover',
  'Task Recovery',
  'Unified Scheduling',
  'Work Stealing',
] as const
