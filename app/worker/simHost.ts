// The worker's engine host: one run, its checkpoints, the user's faults and the playhead. No
// messaging and no timers here (sim.worker.ts owns those), so tests drive it directly.

import type { CacheStore } from '../../src/cache'
import type { Sim } from '../../src/engine/context'
import { toTraceDocument } from '../../src/engine/report'
import {
  type Checkpoint,
  checkpoint,
  createSimulation,
  hasEntity,
  injectFault,
  restore,
  runUntil,
} from '../../src/engine/sim'
import { createBatchStrings, getFrame, replayCaches } from '../../src/engine/view'
import { parseScenario, type ScenarioDocument, ScenarioError } from '../../src/model/scenario'
import type { PolicyName } from '../../src/policies/types'
import type { Frame, VmFrame } from '../../src/protocol/messages'
import { getNoteText, getTraceEvent, sliceTrace } from '../../src/trace/store'
import { PHASES, type TraceDocument, type TraceEvent } from '../../src/trace/types'

/** A fault the user injected: replayed at the same engine position after a restore. */
interface UserFault {
  /** Engine events processed when it was injected. */
  events: number
  /** Simulated time when it was injected. */
  nowMs: number
  /** When it runs. */
  atMs: number
  target: string
  action: 'crash' | 'restart'
}

interface Mark {
  events: number
  timeMs: number
  traceLength: number
  wallMs: number
  cp: Checkpoint
}

export const MIN_SPEED = 0.1
export const MAX_SPEED = 1000
const CHECKPOINT_EVENTS = 2000
const CHECKPOINT_SIM_MS = 5000
// Cloning a large world costs milliseconds, so at high speed checkpoints are spaced by wall time:
// at least this far apart, and far enough that cloning takes at most CHECKPOINT_COST_SHARE of the
// worker's time (a clone of 16 × 64 VMs takes ~20 ms; replaying from a sparser checkpoint is cheap).
const CHECKPOINT_MIN_WALL_MS = 40
const CHECKPOINT_COST_SHARE = 0.1
const CHECKPOINT_MAX_EVENTS = 50_000
const MAX_CHECKPOINTS = 200
// The newest checkpoints stay dense when the list is thinned (recent history is scrubbed most).
const DENSE_TAIL = 40
const PLAY_BATCH_EVENTS = 2000
// After a long stall (a background tab) the clock resumes instead of racing to catch up.
const MAX_WALL_STEP_MS = 100
const STEP_SEARCH_EVENTS = 200_000
const PHASE_TEXTS: ReadonlySet<string> = new Set(PHASES)
// Candidate lists are most of a frame's size: send them for the newest tasks and watched ones.
const RECENT_DECISIONS = 20
// While playing, caches and the task list go out at most this often (they are most of a frame's
// size, ~60 KB of tasks alone, and above 10× they change faster than anyone reads them).
const CACHE_FRAME_INTERVAL_MS = 100
const FAST_CACHE_FRAME_INTERVAL_MS = 250

/** An expected failure of a command, reported to the page with its code. */
export class HostError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = 'HostError'
    this.code = code
  }
}

export interface LoadOptions {
  seed?: number
  policy?: PolicyName
  /** The label frames carry (the picker's id); the scenario's name when absent. */
  label?: string
}

export class SimHost {
  sim: Sim | null = null
  playing = false
  speed = 1
  guided = false
  private label = ''
  private playhead = 0
  private horizonMs = 0
  private marks: Mark[] = []
  private userFaults: UserFault[] = []
  private sentLength = 0
  private needReset = true
  private virtualNow = 0
  private lastWall = -1
  private lastMarkWall = Number.NEGATIVE_INFINITY
  private markGapMs = CHECKPOINT_MIN_WALL_MS
  /** Trace index of the last phase note guided mode stopped at. */
  private guidedAt = -1
  private watched: string[] = []
  /** What the page holds of each VM (see getVmSignature), to send only the changed ones. */
  private sentVms: string[] = []
  /** The string table of event batches (events go out as columns plus new strings). */
  private batchStrings = createBatchStrings()
  /** Trace indexes and texts of the phase notes recorded so far (for `Frame.phase`). */
  private phaseAt: number[] = []
  private phaseText: string[] = []
  private lastCachesWall = Number.NEGATIVE_INFINITY

  /**
   * @param clock wall time in ms (performance.now in the worker)
   * @param batchEvents send new events as columns (the worker) rather than objects (tests)
   */
  constructor(
    private readonly clock: () => number,
    private readonly batchEvents = false,
  ) {}

  /** Starts a new run of `doc`; throws ScenarioError for a bad document. */
  load(doc: ScenarioDocument, opts: LoadOptions = {}): void {
    const input = {
      ...doc,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
      ...(opts.policy !== undefined ? { policy: opts.policy } : {}),
      // The lab shows every heartbeat and check.
      trace: { detail: 'full' as const },
    }
    const sim = createSimulation(parseScenario(input, doc.name || 'scenario'))
    this.sim = sim
    this.label = opts.label ?? sim.config.name
    this.playing = false
    this.playhead = sim.trace.length
    this.horizonMs = 0
    this.userFaults = []
    this.marks = []
    this.sentLength = 0
    this.batchStrings = createBatchStrings()
    this.phaseAt = []
    this.phaseText = []
    this.needReset = true
    this.virtualNow = 0
    this.lastWall = -1
    this.guidedAt = -1
    this.takeMark()
  }

  private requireSim(): Sim {
    if (!this.sim) throw new HostError('no-run', 'no scenario is loaded: pick one first')
    return this.sim
  }

  get traceLength(): number {
    return this.sim ? this.sim.trace.length : 0
  }

  get playheadSeq(): number {
    return this.playhead
  }

  play(): void {
    const sim = this.requireSim()
    if (this.guided && this.moveToNextPhase(this.playhead)) return
    this.playhead = sim.trace.length
    this.playing = true
    this.virtualNow = sim.world.now
    this.lastWall = -1
  }

  pause(): void {
    this.playing = false
  }

  setSpeed(factor: number): void {
    if (!Number.isFinite(factor))
      throw new HostError('bad-speed', `speed [${factor}] is not a number`)
    this.speed = Math.min(MAX_SPEED, Math.max(MIN_SPEED, factor))
  }

  /** Tasks the page shows in detail (kept in frames with their SBDLB candidates). */
  watch(tasks: readonly string[]): void {
    this.watched = [...tasks]
  }

  setGuided(on: boolean): void {
    this.guided = on
    this.guidedAt = on ? this.playhead - 1 : -1
  }

  // ---- advancing -----------------------------------------------------------------------------

  /**
   * Runs events up to time `limitMs`, at most `maxEvents`, injecting the user's faults again at
   * the engine positions where they were first injected. Returns the number of events run.
   */
  private advance(limitMs: number, maxEvents: number): number {
    const sim = this.requireSim()
    const world = sim.world
    let ran = 0
    while (ran < maxEvents) {
      const next = this.userFaults[world.injected.length]
      if (next && next.events <= world.counters.events) {
        if (next.nowMs > limitMs) break
        if (world.now < next.nowMs) runUntil(sim, next.nowMs, { stopWhenComplete: false })
        injectFault(sim, next.target, next.action, next.atMs)
        continue
      }
      const cap = next
        ? Math.min(maxEvents - ran, next.events - world.counters.events)
        : maxEvents - ran
      const before = world.counters.events
      const stop = runUntil(sim, limitMs, { maxEvents: cap, stopWhenComplete: false })
      ran += world.counters.events - before
      this.horizonMs = Math.max(this.horizonMs, world.now)
      if (stop !== 'limit' || world.counters.events - before < cap) break
    }
    return ran
  }

  private takeMark(): void {
    const sim = this.requireSim()
    const start = this.clock()
    this.marks.push({
      events: sim.world.counters.events,
      timeMs: sim.world.now,
      traceLength: sim.trace.length,
      wallMs: start,
      cp: checkpoint(sim),
    })
    this.lastMarkWall = this.clock()
    const cost = this.lastMarkWall - start
    this.markGapMs = Math.max(CHECKPOINT_MIN_WALL_MS, cost / CHECKPOINT_COST_SHARE)
    if (this.marks.length > MAX_CHECKPOINTS) this.thinMarks()
  }

  // Drops every other checkpoint except the first and the dense tail: old history gets coarser.
  private thinMarks(): void {
    const keep = this.marks.length - DENSE_TAIL
    this.marks = this.marks.filter((_, i) => i === 0 || i >= keep || i % 2 === 0)
  }

  private maybeMark(): void {
    const sim = this.requireSim()
    const last = this.marks[this.marks.length - 1]
    const events = sim.world.counters.events - last.events
    if (events <= 0) return
    const due = events >= CHECKPOINT_EVENTS || sim.world.now - last.timeMs >= CHECKPOINT_SIM_MS
    const wallOk = this.clock() - this.lastMarkWall >= this.markGapMs
    if ((due && wallOk) || events >= CHECKPOINT_MAX_EVENTS) this.takeMark()
  }

  /** Advances in checkpointed batches until `limitMs` or `maxEvents`. */
  private advanceMarked(limitMs: number, maxEvents: number): number {
    let ran = 0
    while (ran < maxEvents) {
      const want = Math.min(PLAY_BATCH_EVENTS, maxEvents - ran)
      const n = this.advance(limitMs, want)
      ran += n
      this.maybeMark()
      if (n < want) break
    }
    return ran
  }

  private restoreMark(pick: (m: Mark) => boolean): void {
    const sim = this.requireSim()
    let mark = this.marks[0]
    for (const m of this.marks) if (pick(m)) mark = m
    restore(sim, mark.cp)
    this.sentLength = Math.min(this.sentLength, mark.traceLength)
    this.guidedAt = Math.min(this.guidedAt, mark.traceLength - 1)
  }

  /**
   * One play-loop slice: advances the clock by speed × wall time elapsed, for at most `budgetMs`
   * of wall time. Returns true when it fell behind (the caller should yield and come back soon).
   */
  tick(budgetMs: number): boolean {
    const sim = this.sim
    if (!sim || !this.playing) return false
    const start = this.clock()
    const dt = this.lastWall < 0 ? 0 : Math.min(MAX_WALL_STEP_MS, start - this.lastWall)
    this.lastWall = start
    this.virtualNow = Math.max(this.virtualNow, sim.world.now) + this.speed * dt
    const limit = Math.floor(this.virtualNow)
    const batch = this.guided ? 1 : PLAY_BATCH_EVENTS
    for (;;) {
      const from = sim.trace.length
      const n = this.advance(limit, batch)
      this.maybeMark()
      if (this.guided && this.stopAtPhase(from)) return false
      if (n < batch) {
        this.playhead = sim.trace.length
        return false
      }
      if (this.clock() - start >= budgetMs) {
        // Behind: drop the debt so the clock does not race ahead later.
        this.virtualNow = sim.world.now
        this.playhead = sim.trace.length
        return true
      }
    }
  }

  // Guided mode: pause at the first new phase note from trace index `from` on.
  private stopAtPhase(from: number): boolean {
    if (!this.moveToNextPhase(from)) {
      this.playhead = this.requireSim().trace.length
      return false
    }
    this.playing = false
    return true
  }

  // Moves the playhead to the next phase note at or after index `from` (not yet stopped at).
  private moveToNextPhase(from: number): boolean {
    const sim = this.requireSim()
    const trace = sim.trace
    for (let i = Math.max(from, this.guidedAt + 1); i < trace.length; i++) {
      const e = getTraceEvent(trace, i)
      if (e.type !== 'note' || !PHASE_TEXTS.has(e.text)) continue
      const prev = this.guidedAt >= 0 ? getTraceEvent(trace, this.guidedAt) : null
      this.guidedAt = i
      // Several tasks submitted in the same millisecond make one stop, not one per task.
      if (prev && prev.type === 'note' && prev.text === e.text && prev.t === e.t) continue
      this.playhead = i + 1
      return true
    }
    return false
  }

  // ---- stepping and seeking ------------------------------------------------------------------

  private isMessage(i: number): boolean {
    return getTraceEvent(this.requireSim().trace, i).type === 'message'
  }

  /** One engine event (`event`) or up to the next trace message (`message`). */
  step(unit: 'event' | 'message'): void {
    const sim = this.requireSim()
    this.playing = false
    if (unit === 'event') {
      if (this.playhead >= sim.trace.length) this.advanceMarked(Number.POSITIVE_INFINITY, 1)
      this.playhead = sim.trace.length
      return
    }
    let i = this.playhead
    let searched = 0
    while (searched < STEP_SEARCH_EVENTS) {
      for (; i < sim.trace.length; i++) {
        if (this.isMessage(i)) {
          this.playhead = i + 1
          return
        }
      }
      if (this.advanceMarked(Number.POSITIVE_INFINITY, 1) === 0) break
      searched++
    }
    this.playhead = sim.trace.length
  }

  /** Back to the end of the previous engine event, or to the previous trace message. */
  back(unit: 'event' | 'message'): void {
    const sim = this.requireSim()
    this.playing = false
    if (unit === 'event') {
      const target = Math.max(0, sim.world.counters.events - 1)
      if (target === sim.world.counters.events) return
      this.goToEvents(target)
      return
    }
    for (let i = this.playhead - 2; i >= 0; i--) {
      if (this.isMessage(i)) {
        this.goToSeq(i + 1)
        return
      }
    }
  }

  private goToEvents(target: number): void {
    const sim = this.requireSim()
    this.restoreMark((m) => m.events <= target)
    this.advance(Number.POSITIVE_INFINITY, target - sim.world.counters.events)
    this.playhead = sim.trace.length
  }

  /** Moves the playhead to trace event `seq`, replaying the engine event that recorded it. */
  goToSeq(seq: number): void {
    const sim = this.requireSim()
    this.playing = false
    const target = Math.max(0, Math.floor(seq))
    if (target < sim.trace.length) {
      this.restoreMark((m) => m.traceLength <= target)
    }
    let guard = 0
    while (sim.trace.length < target && guard < STEP_SEARCH_EVENTS) {
      if (this.advanceMarked(Number.POSITIVE_INFINITY, 1) === 0) break
      guard++
    }
    this.playhead = Math.min(target, sim.trace.length)
  }

  /** The state at simulated time `timeMs`: every event at or before it has run. */
  seek(timeMs: number): void {
    const sim = this.requireSim()
    const target = Math.max(0, Math.floor(timeMs))
    if (target < sim.world.now) this.restoreMark((m) => m.timeMs <= target)
    this.advanceMarked(target, Number.POSITIVE_INFINITY)
    this.playhead = sim.trace.length
    this.virtualNow = sim.world.now
  }

  // ---- faults ----------------------------------------------------------------------------------

  /** Injects a fault now (or at `atMs`); the future recorded after this position is dropped. */
  fault(target: string, action: 'crash' | 'restart', atMs?: number): void {
    const sim = this.requireSim()
    if (!hasEntity(sim, target)) {
      throw new HostError('unknown-target', `no VM or LB named [${target}] in this run`)
    }
    if (action === 'restart' && target.startsWith('VM_')) {
      throw new HostError('bad-fault', `[${target}] is a VM: its LB restarts it, not the user`)
    }
    const world = sim.world
    this.playhead = sim.trace.length
    this.userFaults.length = world.injected.length
    this.marks = this.marks.filter((m) => m.events <= world.counters.events)
    this.horizonMs = world.now
    injectFault(sim, target, action, atMs)
    this.userFaults.push({
      events: world.counters.events,
      nowMs: world.now,
      atMs: world.injected[world.injected.length - 1].atMs,
      target,
      action,
    })
  }

  // ---- output ----------------------------------------------------------------------------------

  /** The frame to post: state at the playhead plus the trace the page does not have yet. */
  getFrame(): Frame {
    const sim = this.requireSim()
    const mid = this.playhead < sim.trace.length
    const wall = this.clock()
    const interval = this.speed > 10 ? FAST_CACHE_FRAME_INTERVAL_MS : CACHE_FRAME_INTERVAL_MS
    const omitCaches = this.playing && !this.needReset && wall - this.lastCachesWall < interval
    if (!omitCaches) this.lastCachesWall = wall
    const frame = getFrame(sim, {
      playing: this.playing,
      speed: this.speed,
      scenario: this.label,
      sinceIndex: this.sentLength,
      reset: this.needReset,
      horizonMs: this.horizonMs,
      playheadSeq: this.playhead,
      caches: mid && !omitCaches ? this.getCachesAtPlayhead() : undefined,
      omitCaches,
      omitUnchangedTasks: this.playing,
      omitTasks: omitCaches,
      userFaults: this.userFaults,
      pinnedTasks: this.watched,
      recentDecisions: RECENT_DECISIONS,
      batch: this.batchEvents ? this.batchStrings : undefined,
      phase: this.getPhase(),
    })
    this.sentLength = sim.trace.length
    if (this.playing && !this.needReset) this.sendChangedVmsOnly(frame)
    else this.sentVms = frame.vms.map(getVmSignature)
    this.needReset = false
    return frame
  }

  // While playing, most VMs only age between frames: send the ones that changed otherwise.
  private sendChangedVmsOnly(frame: Frame): void {
    const changed: number[] = []
    frame.vms.forEach((vm, i) => {
      const signature = getVmSignature(vm)
      if (this.sentVms[i] === signature) return
      this.sentVms[i] = signature
      changed.push(i)
    })
    if (changed.length === frame.vms.length) return
    frame.vms = changed.map((i) => frame.vms[i])
    frame.vmsChanged = changed
  }

  // The phase index covers the trace up to `sentLength` (every frame's events pass through it):
  // drop what a restore cut, index what is new, then find the last phase before the playhead.
  private getPhase(): string {
    const sim = this.requireSim()
    const from = Math.min(this.sentLength, sim.trace.length)
    while (this.phaseAt.length > 0 && this.phaseAt[this.phaseAt.length - 1] >= from) {
      this.phaseAt.pop()
      this.phaseText.pop()
    }
    for (let i = from; i < sim.trace.length; i++) {
      const text = getNoteText(sim.trace, i)
      if (text === undefined || !PHASE_TEXTS.has(text)) continue
      this.phaseAt.push(i)
      this.phaseText.push(text)
    }
    let lo = 0
    let hi = this.phaseAt.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.phaseAt[mid] < this.playhead) lo = mid + 1
      else hi = mid
    }
    return lo > 0 ? this.phaseText[lo - 1] : ''
  }

  private getCachesAtPlayhead(): CacheStore[] {
    const sim = this.requireSim()
    let mark = this.marks[0]
    for (const m of this.marks) if (m.traceLength <= this.playhead) mark = m
    const copies = structuredClone([mark.cp.world.l1, ...mark.cp.world.l2])
    return replayCaches(sim.trace, copies, mark.traceLength, this.playhead)
  }

  getTrace(): TraceDocument {
    return toTraceDocument(this.requireSim())
  }

  getEvents(from: number, to: number): TraceEvent[] {
    return sliceTrace(this.requireSim().trace, from, to)
  }

  /** Seed and time for error reports. */
  getErrorContext(): { simTime: number; seed: number } {
    return { simTime: this.sim?.world.now ?? 0, seed: this.sim?.config.seed ?? 0 }
  }

  /** Checkpoints held (for tests and the debug overlay). */
  get checkpointCount(): number {
    return this.marks.length
  }
}

/** Everything of a VM frame but its clock-derived fields, as one comparable string. */
export function getVmSignature(vm: VmFrame): string {
  return [
    vm.state,
    vm.detail,
    vm.l2Status,
    vm.mipsUse,
    vm.ramUse,
    vm.bwUse,
    vm.tasks.join(','),
    vm.inPool,
    vm.hbPhaseMs,
    vm.hbStopMs,
    vm.restartAtMs,
  ].join('|')
}

/** The code and message of any error, for an `error` reply. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof HostError || err instanceof ScenarioError) {
    return { code: err.code, message: err.message }
  }
  if (err instanceof Error) return { code: 'internal', message: err.message }
  return { code: 'internal', message: String(err) }
}
