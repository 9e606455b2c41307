// Engine benchmarks of issue #2, run by `npm run bench`: (a) 2 × 50 VMs, 100,000 tasks in one
// simulated hour, full trace; (b) 16 × 1,000 VMs, 1,000,000 tasks, state events only; and a bare
// binary-heap loop popping as many events, for the engine's cost ratio. Each case runs in its own
// child process so peak RSS (maxRSS) is its own. Prints medians over the runs.

import { spawnSync } from 'node:child_process'
import { createEventQueue, popEvent, pushEvent } from '../src/engine/eventQueue'
import { createSimulation, runToEnd } from '../src/engine/sim'
import { DEFAULT_MIX } from '../src/model/config'
import { parseScenario } from '../src/model/scenario'

type Case = 'a' | 'b' | 'b-periodic'

interface Result {
  name: string
  wallMs: number
  events: number
  traceEvents: number
  tasks: number
  finished: number
  simMs: number
  busy: number
  maxRssMb: number
}

// Length scale per case: chosen (measured, see README) so the fleet's VMs are busy ~75 % of the hour.
const SCALE: Record<Case, number> = { a: 0.12, b: 1.9, 'b-periodic': 1.9 }

function scenario(kind: Case) {
  const big = kind !== 'a'
  const scale = SCALE[kind]
  const mix = Object.fromEntries(
    Object.entries(DEFAULT_MIX).map(([type, m]) => [
      type,
      { share: m.share, minMi: m.minMi * scale, maxMi: m.maxMi * scale },
    ]),
  )
  return {
    format: 'dual-lb-scenario',
    version: 1,
    seed: 1,
    topology: big ? { zones: 16, vmsPerZone: 1000 } : { zones: 2, vmsPerZone: 50 },
    workload: {
      kind: 'poisson',
      ratePerSecond: big ? 1_000_000 / 3600 : 100_000 / 3600,
      durationMs: 3_600_000,
      mix,
    },
    trace: big ? { detail: 'state', periodic: kind === 'b-periodic' } : { detail: 'full' },
  }
}

function runCase(kind: Case): Result {
  const sim = createSimulation(parseScenario(scenario(kind)))
  const start = performance.now()
  runToEnd(sim)
  const wallMs = performance.now() - start
  const w = sim.world
  let busy = 0
  for (const vm of w.vms) busy += vm.busyMs
  return {
    name: kind,
    wallMs,
    events: w.counters.events,
    traceEvents: sim.trace.length,
    tasks: w.counters.submitted,
    finished: w.counters.finished,
    simMs: w.now,
    busy: busy / (w.vms.length * 3_600_000),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }
}

function runHeap(events: number): number {
  const q = createEventQueue(1 << 14)
  const out = { time: 0, kind: 0, a: 0, b: 0, c: 0 }
  let x = 1
  for (let i = 0; i < 10_000; i++) pushEvent(q, i, 3, 1, i)
  const start = performance.now()
  for (let i = 0; i < events; i++) {
    popEvent(q, out)
    x = (x * 1103515245 + 12345) & 0x7fffffff
    pushEvent(q, out.time + 1 + (x % 5000), 3, 1, i)
  }
  return performance.now() - start
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function child(kind: Case): Result {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--max-old-space-size=4096', import.meta.filename, '--case', kind],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  )
  if (r.status !== 0) throw new Error(`bench case ${kind} failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string)
}

function main(): void {
  const i = process.argv.indexOf('--case')
  if (i >= 0) {
    process.stdout.write(`${JSON.stringify(runCase(process.argv[i + 1] as Case))}\n`)
    return
  }
  const runs = Number(process.env.BENCH_RUNS ?? 3)
  const only = process.env.BENCH_CASES?.split(',') as Case[] | undefined
  const cases: Case[] = only ?? ['a', 'b', 'b-periodic']
  for (const kind of cases) {
    const results = Array.from({ length: kind === 'a' ? runs : Math.max(1, runs - 1) }, () =>
      child(kind),
    )
    const wall = median(results.map((r) => r.wallMs))
    const r = results[0]
    const heapMs = median([runHeap(r.events), runHeap(r.events), runHeap(r.events)])
    console.log(
      [
        `case ${kind}: ${r.tasks.toLocaleString('en-US')} tasks, ${r.finished.toLocaleString('en-US')} finished, drained at ${(r.simMs / 1000).toFixed(0)} s`,
        `  wall ${(wall / 1000).toFixed(2)} s median of ${results.length} (${results.map((x) => (x.wallMs / 1000).toFixed(2)).join(', ')})`,
        `  ${r.events.toLocaleString('en-US')} engine events, ${Math.round(r.events / (wall / 1000)).toLocaleString('en-US')} events/s; ${r.traceEvents.toLocaleString('en-US')} trace events`,
        `  peak RSS ${median(results.map((x) => x.maxRssMb)).toFixed(0)} MB; VMs busy ${(r.busy * 100).toFixed(1)} % of the hour`,
        `  bare heap loop, same event count: ${(heapMs / 1000).toFixed(3)} s → engine/heap ratio ${(wall / heapMs).toFixed(1)}×`,
      ].join('\n'),
    )
  }
}

main()
