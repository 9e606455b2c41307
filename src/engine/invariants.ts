// The invariants of SPEC §7, checked over a trace (any trace: a live run's or an imported one)
// plus the end-of-run counters. Read-only; returns the violations it finds, never throws.

import { getTraceEvent, type TraceStore } from '../trace/store'
import type { TraceEvent } from '../trace/types'
import type { Sim } from './context'
import { isRunComplete } from './sim'

/** One broken invariant: which, and where in the trace. */
export interface Violation {
  invariant:
    | 'time'
    | 'seq'
    | 'finished-once'
    | 'no-loss'
    | 'dead-vm'
    | 'one-owner'
    | 'detection-window'
  message: string
}

interface Windows {
  vmTimeoutMs: number
  healthCheckMs: number
  vmHeartbeatMs: number
}

/**
 * Checks a trace: time never goes back, seq is gap-free, a task reaches FINISHED at most once, no
 * task is sent to a DEAD or RESTARTING VM or by a dead LB, at most one live LB owns a zone, and a
 * crashed VM is declared dead within (timeout, timeout + check] of its last heartbeat.
 */
export function checkTrace(events: Iterable<TraceEvent>, w: Windows): Violation[] {
  const out: Violation[] = []
  const vmState = new Map<string, string>()
  const lbState = new Map<string, string>()
  const finished = new Set<string>()
  const owner = new Map<string, string>()
  const crashedAt = new Map<string, number>()
  let lastT = 0
  let expectSeq = 1
  const add = (invariant: Violation['invariant'], message: string) => {
    if (out.length < 50) out.push({ invariant, message })
  }
  for (const e of events) {
    if (e.seq !== expectSeq) add('seq', `seq ${e.seq} follows ${expectSeq - 1}`)
    expectSeq = e.seq + 1
    if (e.t < lastT) add('time', `event ${e.seq} at ${e.t} ms goes back from ${lastT} ms`)
    lastT = Math.max(lastT, e.t)
    if (e.type === 'state') {
      if (/^VM_/.test(e.entity)) {
        vmState.set(e.entity, e.to)
        if (e.to === 'CRASHED' && e.from === 'ALIVE') crashedAt.set(e.entity, e.t)
        if (e.to === 'DEAD') checkDetection(e, crashedAt.get(e.entity), w, add)
      } else if (/^LB\d+$/.test(e.entity)) {
        lbState.set(e.entity, e.to)
      } else if (e.to === 'FINISHED') {
        if (finished.has(e.entity))
          add('finished-once', `${e.entity} finished twice (event ${e.seq})`)
        finished.add(e.entity)
      }
    } else if (e.type === 'message') {
      if (/^Send Task (for Execution|Payload)$/.test(e.label)) {
        const s = vmState.get(e.to)
        if (s === 'DEAD' || s === 'RESTARTING')
          add('dead-vm', `${e.task} sent to ${s} ${e.to} (event ${e.seq})`)
        const l = lbState.get(e.from)
        if (l && l !== 'ACTIVE') add('dead-vm', `${e.task} sent by ${l} ${e.from} (event ${e.seq})`)
      }
      const c = e.command
      if (c && c.name === 'HSET' && c.args[0] === 'Zone_Owner') {
        for (let i = 1; i + 1 < c.args.length; i += 2)
          owner.set(c.args[i], c.args[i + 1].split('@')[0])
        checkOwners(owner, lbState, e.seq, add)
      }
    }
  }
  return out
}

function checkDetection(
  e: TraceEvent & { type: 'state' },
  crash: number | undefined,
  w: Windows,
  add: (i: Violation['invariant'], m: string) => void,
): void {
  if (crash === undefined) return
  const seconds = (re: RegExp) => {
    const m = re.exec(e.detail ?? '')
    return m ? Math.round(Number(m[1]) * 1000) : undefined
  }
  const last = seconds(/last heartbeat at ([\d.]+)s/)
  if (last === undefined) {
    const earliest = crash - w.vmHeartbeatMs + w.vmTimeoutMs
    const latest = crash + w.vmTimeoutMs + w.healthCheckMs
    if (e.t <= earliest || e.t > latest) {
      add(
        'detection-window',
        `${e.entity} crashed at ${crash} ms, declared dead at ${e.t} ms: outside (${earliest}, ${latest}]`,
      )
    }
    return
  }
  // Declared only once the heartbeat is older than the timeout, and at the first check after it
  // (for a zone nobody watched while its LB was dead: the first check after watching resumed).
  const due = Math.max(last + w.vmTimeoutMs, seconds(/watched by \S+ since ([\d.]+)s/) ?? 0)
  if (e.t - last <= w.vmTimeoutMs || e.t > due + w.healthCheckMs) {
    add(
      'detection-window',
      `${e.entity} declared dead at ${e.t} ms, last heartbeat at ${last} ms: outside (${last + w.vmTimeoutMs}, ${due + w.healthCheckMs}]`,
    )
  }
  if (last > crash || last < crash - w.vmHeartbeatMs) {
    add(
      'detection-window',
      `${e.entity}: last heartbeat ${last} ms is not within one period before its crash at ${crash} ms`,
    )
  }
}

function checkOwners(
  owner: Map<string, string>,
  lbState: Map<string, string>,
  seq: number,
  add: (i: Violation['invariant'], m: string) => void,
): void {
  const live = new Map<string, string>()
  for (const [zone, lb] of owner) {
    const state = lbState.get(lb) ?? 'ACTIVE'
    if (state !== 'ACTIVE') continue
    const other = live.get(zone)
    if (other && other !== lb)
      add('one-owner', `${zone} owned by both ${other} and ${lb} (event ${seq})`)
    live.set(zone, lb)
  }
}

function* iterateStore(store: TraceStore): Generator<TraceEvent> {
  for (let i = 0; i < store.length; i++) yield getTraceEvent(store, i)
}

/** Checks a run: its trace (when recorded at a detail that has messages) and its end counters. */
export function checkRun(sim: Sim): Violation[] {
  const t = sim.config.timings
  const out = checkTrace(iterateStore(sim.trace), t)
  const c = sim.world.counters
  if (c.duplicates > 0)
    out.push({
      invariant: 'finished-once',
      message: `${c.duplicates} completion(s) reported twice`,
    })
  const resolved = c.finished + c.quarantined
  if (isRunComplete(sim) && resolved < c.submitted) {
    const stranded = sim.world.lbs.every((lb) => lb.state !== 'ACTIVE' && lb.state !== 'RESTARTING')
    if (!stranded)
      out.push({
        invariant: 'no-loss',
        message: `${c.submitted - resolved} task(s) never finished`,
      })
  }
  for (const task of sim.world.tasks) {
    if (task.state === 'QUARANTINED' && !task.reason) {
      out.push({ invariant: 'no-loss', message: `${task.id} quarantined without a reason` })
    }
  }
  return out
}
