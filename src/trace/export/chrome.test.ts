// Chrome Trace Event export checked by a validator of the format's rules, then by content.
// Test-only: reads hand-written fixtures, never the engine.

import { describe, expect, it } from 'vitest'
import { type ChromeTrace, type ChromeTraceEvent, exportChromeTrace } from './chrome'
import {
  makeLargeTrace,
  makeMixedTrace,
  makeNastyTrace,
  makeScenarioATrace,
  makeScenarioBTrace,
} from './fixtures'

const PHASES = new Set(['M', 'X', 'b', 'e', 's', 'f', 'i', 'C'])
const METADATA = new Set(['process_name', 'thread_name', 'process_sort_index', 'thread_sort_index'])

/**
 * Checks the Trace Event Format rules the exporter relies on and returns every broken rule:
 * fields each phase requires, numeric `ts`, integer pid/tid, b/e nesting per (cat, id), s/f
 * pairs bound to enclosing X slices, proper X nesting per thread, and names for every pid/tid.
 */
function validateChromeTrace(doc: unknown): string[] {
  const problems: string[] = []
  const trace = doc as Partial<ChromeTrace>
  if (!Array.isArray(trace.traceEvents)) return ['traceEvents is not an array']
  if (trace.displayTimeUnit !== 'ms' && trace.displayTimeUnit !== 'ns') {
    problems.push(`displayTimeUnit is [${String(trace.displayTimeUnit)}]`)
  }
  const processNames = new Set<number>()
  const threadNames = new Set<string>()
  const used = new Map<string, string>()
  const timed: ChromeTraceEvent[] = []

  trace.traceEvents.forEach((e, i) => {
    const at = `traceEvents[${i}] (${e.ph} ${JSON.stringify(e.name)})`
    if (typeof e.name !== 'string') problems.push(`${at}: name is not a string`)
    if (!PHASES.has(e.ph)) problems.push(`${at}: unknown ph`)
    if (!Number.isInteger(e.pid) || !Number.isInteger(e.tid))
      problems.push(`${at}: pid/tid not ints`)
    if (e.ph === 'M') {
      if (!METADATA.has(e.name)) problems.push(`${at}: unknown metadata name`)
      const args = e.args ?? {}
      if (e.name.endsWith('_name') && typeof args.name !== 'string')
        problems.push(`${at}: no args.name`)
      if (e.name.endsWith('_sort_index') && !Number.isInteger(args.sort_index)) {
        problems.push(`${at}: no integer args.sort_index`)
      }
      if (e.name === 'process_name') processNames.add(e.pid)
      if (e.name === 'thread_name') threadNames.add(`${e.pid}/${e.tid}`)
      return
    }
    if (typeof e.ts !== 'number' || !Number.isFinite(e.ts) || e.ts < 0)
      problems.push(`${at}: bad ts`)
    used.set(`${e.pid}/${e.tid}`, at)
    timed.push(e)
    if (e.ph === 'X' && (typeof e.dur !== 'number' || !(e.dur >= 0)))
      problems.push(`${at}: bad dur`)
    if (
      'bsfe'.includes(e.ph) &&
      (e.id === undefined || typeof e.cat !== 'string' || e.cat === '')
    ) {
      problems.push(`${at}: async/flow event without id and cat`)
    }
    if (e.ph === 'f' && e.bp !== 'e') problems.push(`${at}: flow end without bp "e"`)
    // Perfetto reads a string flow id as hex, so a flow id must be a number.
    if ((e.ph === 's' || e.ph === 'f') && !Number.isInteger(e.id)) problems.push(`${at}: flow id`)
    if (e.ph === 'i' && !['t', 'p', 'g'].includes(e.s ?? ''))
      problems.push(`${at}: instant without scope`)
    if (e.ph === 'C') {
      const values = Object.values(e.args ?? {})
      if (values.length === 0 || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        problems.push(`${at}: counter args are not all numbers`)
      }
    }
  })

  for (const [key, at] of used) {
    if (!processNames.has(Number(key.split('/')[0])))
      problems.push(`${at}: pid has no process_name`)
    if (!threadNames.has(key)) problems.push(`${at}: pid/tid ${key} has no thread_name`)
  }

  // A consumer orders by time (stably); pairs and nesting are checked in that order.
  const ordered = [...timed].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0))
  const open = new Map<string, { name: string; ts: number }[]>()
  const flows = new Map<string, { s?: ChromeTraceEvent; f?: ChromeTraceEvent }>()
  for (const e of ordered) {
    const key = `${e.cat}|${e.id}`
    if (e.ph === 'b') open.set(key, [...(open.get(key) ?? []), { name: e.name, ts: e.ts ?? 0 }])
    if (e.ph === 'e') {
      const stack = open.get(key) ?? []
      const top = stack.pop()
      if (top === undefined) problems.push(`e without b for ${key} at ${e.ts}`)
      else if (top.name !== e.name) problems.push(`e ${e.name} closes b ${top.name} for ${key}`)
    }
    if (e.ph === 's' || e.ph === 'f') {
      const pair = flows.get(key) ?? {}
      if (pair[e.ph] !== undefined) problems.push(`duplicate flow ${e.ph} for ${key}`)
      pair[e.ph] = e
      flows.set(key, pair)
    }
  }
  for (const [key, stack] of open) if (stack.length > 0) problems.push(`b without e for ${key}`)

  const slices = new Map<string, ChromeTraceEvent[]>()
  for (const e of ordered) {
    if (e.ph === 'X')
      slices.set(`${e.pid}/${e.tid}`, [...(slices.get(`${e.pid}/${e.tid}`) ?? []), e])
  }
  const encloses = (e: ChromeTraceEvent): boolean =>
    (slices.get(`${e.pid}/${e.tid}`) ?? []).some(
      (x) => (x.ts ?? 0) <= (e.ts ?? 0) && (e.ts ?? 0) <= (x.ts ?? 0) + (x.dur ?? 0),
    )
  for (const [key, { s, f }] of flows) {
    if (s === undefined || f === undefined) problems.push(`unpaired flow ${key}`)
    else if ((f.ts ?? 0) < (s.ts ?? 0)) problems.push(`flow ${key} ends before it starts`)
    if (s !== undefined && !encloses(s)) problems.push(`flow start ${key} is in no slice`)
    if (f !== undefined && !encloses(f)) problems.push(`flow end ${key} is in no slice`)
  }
  for (const [thread, list] of slices) {
    const stack: number[] = []
    for (const x of list) {
      const start = x.ts ?? 0
      while (stack.length > 0 && (stack.at(-1) as number) <= start) stack.pop()
      const end = start + (x.dur ?? 0)
      if (stack.length > 0 && end > (stack.at(-1) as number)) {
        problems.push(`X slices overlap without nesting on ${thread} at ${start}`)
      }
      stack.push(end)
    }
  }
  return problems
}

function byName(trace: ChromeTrace, ph: string, name: string): ChromeTraceEvent[] {
  return trace.traceEvents.filter((e) => e.ph === ph && e.name === name)
}

describe('exportChromeTrace', () => {
  it.each([
    ['scenario A', makeScenarioATrace()],
    ['scenario B', makeScenarioBTrace()],
    ['mixed', makeMixedTrace()],
    ['nasty', makeNastyTrace()],
    ['large', makeLargeTrace(300)],
  ])('follows the format rules for the %s fixture', (_, doc) => {
    const trace = exportChromeTrace(doc)

    expect(validateChromeTrace(trace)).toEqual([])
    expect(JSON.parse(JSON.stringify(trace))).toEqual(trace)
  })

  it('puts each zone in its own process, next to one for the dispatcher and L1', () => {
    const trace = exportChromeTrace(makeMixedTrace())

    const processes = byName(trace, 'M', 'process_name').map((e) => [e.pid, e.args?.name])
    expect(processes).toEqual([
      [1, 'Global (Dispatcher, L1, tasks)'],
      [2, 'Zone 1'],
      [3, 'Zone 2'],
    ])
  })

  it('gives each LB, L2 and VM its own thread in its zone', () => {
    const trace = exportChromeTrace(makeMixedTrace())

    const threads = byName(trace, 'M', 'thread_name').map(
      (e) => `${e.pid}/${e.tid} ${e.args?.name}`,
    )
    expect(threads).toEqual([
      '1/1 Dispatcher',
      '1/2 L1',
      '1/3 Tasks',
      '2/1 LB1',
      '2/2 L2_Z1',
      '2/15 VM_5',
      '2/16 VM_6',
      '3/1 LB2',
      '3/2 L2_Z2',
      '3/111 VM_101',
    ])
  })

  it('binds each message between two participants to one flow, in microseconds', () => {
    const doc = makeScenarioATrace()

    const trace = exportChromeTrace(doc)

    const between = doc.events.filter((e) => e.type === 'message' && e.kind !== 'self')
    expect(trace.traceEvents.filter((e) => e.ph === 's')).toHaveLength(between.length)
    const submit = byName(trace, 's', 'Submit Task Payload')[0]
    // Submitted at 1000 ms, the first of the events at that millisecond after the phase note.
    expect(submit.ts).toBeGreaterThanOrEqual(1_000_000)
    expect(submit.ts).toBeLessThan(1_001_000)
    expect([submit.pid, submit.tid]).toEqual([1, 1])
    expect(byName(trace, 'f', 'Submit Task Payload')[0]).toMatchObject({ pid: 2, tid: 1 })
  })

  it('writes heartbeats as thread-scoped instants, not flows', () => {
    const trace = exportChromeTrace(makeScenarioBTrace())

    const beats = trace.traceEvents.filter((e) => e.cat === 'heartbeat')
    expect(beats.length).toBeGreaterThan(10)
    expect(beats.every((e) => e.ph === 'i' && e.s === 't')).toBe(true)
    expect(byName(trace, 's', 'Send Heartbeat')).toEqual([])
  })

  it('draws a task as an async slice with one nested slice per queue or run span', () => {
    const trace = exportChromeTrace(makeScenarioBTrace())

    const task = trace.traceEvents.filter((e) => e.cat === 'task' && e.id === 'Task_101')
    expect(task.map((e) => `${e.ph} ${e.name} ${(e.ts ?? 0) / 1000}`)).toEqual([
      'b Task_101 500',
      'b QUEUED 505',
      'e QUEUED 508',
      'b RUNNING 508',
      'e RUNNING 24000',
      'b QUEUED 24000',
      'e QUEUED 24005',
      'b RUNNING 24005',
      'e RUNNING 26005',
      'e Task_101 26005',
    ])
  })

  it('draws VM lifecycles as async slices', () => {
    const trace = exportChromeTrace(makeScenarioBTrace())

    const vm5 = trace.traceEvents.filter((e) => e.cat === 'vm' && e.id === 'VM_5' && e.ph === 'b')
    expect(vm5.map((e) => e.name)).toEqual(['ALIVE', 'CRASHED', 'DEAD', 'RESTARTING', 'ALIVE'])
  })

  it('derives alive-VM and utilisation counters that follow the crash and the restart', () => {
    const trace = exportChromeTrace(makeScenarioBTrace())

    const alive = byName(trace, 'C', 'Alive VMs').map((e) => [(e.ts ?? 0) / 1000, e.args?.vms])
    expect(alive).toEqual([
      [0, 2],
      [13_000, 1],
      [54_001, 2],
    ])
    const utilisation = byName(trace, 'C', 'Utilisation %').map((e) => e.args?.percent)
    expect(utilisation.every((p) => typeof p === 'number' && p >= 0 && p <= 100)).toBe(true)
  })

  it('derives a queue-length counter per LB', () => {
    const trace = exportChromeTrace(makeMixedTrace())

    const lb1 = byName(trace, 'C', 'Queue LB1').map((e) => [(e.ts ?? 0) / 1000, e.args?.tasks])
    expect(lb1.at(-1)).toEqual([8005, 1])
    expect(lb1.every(([, n]) => typeof n === 'number' && n >= 0)).toBe(true)
  })

  it('is caught by the validator when a rule is broken', () => {
    const trace = exportChromeTrace(makeScenarioATrace())
    const broken = {
      ...trace,
      traceEvents: trace.traceEvents.filter(
        (e) =>
          !(e.ph === 'e' && e.cat === 'task') &&
          !(e.ph === 'M' && e.name === 'thread_name' && e.tid === 2),
      ),
    }

    const problems = validateChromeTrace(broken)

    expect(problems.some((p) => p.startsWith('b without e for task|Task_101'))).toBe(true)
    expect(problems.some((p) => p.includes('has no thread_name'))).toBe(true)
  })
})
