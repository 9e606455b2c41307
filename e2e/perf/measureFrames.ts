// Frame-time benchmark of the lab in Chromium (not a timed test): plays a large topology at a
// given speed and records, on the main thread, every animation-frame interval, the work each frame
// took (from a Chrome trace) and every task over 50 ms.
// Run: npx vite build && npx tsx e2e/perf/measureFrames.ts  (starts its own `vite preview`)

import {
  launchChromium,
  openLab,
  percentile,
  startServer,
  stopServer,
  type Workload,
} from './perfPage'
import { getFrameWork, type TraceEvent } from './traceEvents'

interface Case extends Workload {
  name: string
  /** False for the control: the same page loaded and paused, to show the interval's floor. */
  play: boolean
  budgetP95Ms?: number
}

const CASES: Case[] = [
  {
    name: 'control: 2 zones × 50 VMs, paused',
    zones: 2,
    vmsPerZone: 50,
    ratePerSecond: 1,
    speed: 100,
    play: false,
  },
  {
    name: '2 zones × 50 VMs at 100×',
    zones: 2,
    vmsPerZone: 50,
    ratePerSecond: 1,
    speed: 100,
    play: true,
    budgetP95Ms: 16.7,
  },
  {
    name: '16 zones × 64 VMs at 100×',
    zones: 16,
    vmsPerZone: 64,
    ratePerSecond: 1,
    speed: 100,
    play: true,
    budgetP95Ms: 33,
  },
]
// PERF_PORT and PERF_DIST let several builds be measured side by side.
const PORT = Number(process.env.PERF_PORT ?? 4179)
const DIST = process.env.PERF_DIST ?? 'dist'
/** MEASURE_S sets how long each run plays (10 s by default). */
const MEASURE_MS = Number(process.env.MEASURE_S ?? 10) * 1000
/** Runs per case (RUNS=1 for a quick look); the figures printed are medians over them. */
const RUNS = Number(process.env.RUNS ?? 3)
/** TRACE=0 skips the Chrome trace (and the frame-work figures) to rule out its own cost. */
const TRACE = process.env.TRACE !== '0'

async function measure(c: Case) {
  const browser = await launchChromium()
  const page = await openLab(browser, PORT, c)
  if (TRACE) {
    // Tasks (RunTask) are in the disabled-by-default category, animation frames in the other.
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline']
    await browser.startTracing(page, { categories })
  }
  const result = await page.evaluate(
    async ([ms, play]) => {
      const intervals: number[] = []
      const longTasks: { at: number; duration: number }[] = []
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push({ at: e.startTime, duration: e.duration })
      })
      observer.observe({ type: 'longtask', buffered: false })
      if (play) await window.__simTest?.play()
      let last = performance.now()
      const start = last
      await new Promise<void>((resolve) => {
        const tick = (now: number) => {
          intervals.push(now - last)
          last = now
          if (now - start < ms) requestAnimationFrame(tick)
          else resolve()
        }
        requestAnimationFrame(tick)
      })
      observer.disconnect()
      await window.__simTest?.pause()
      const frame = window.__simTest?.getFrame()
      return {
        intervals: intervals.slice(1),
        // Seconds after play started, and duration in ms.
        longTasks: longTasks.map((t) => ({ at: (t.at - start) / 1000, duration: t.duration })),
        simTimeMs: frame?.simTimeMs ?? 0,
        events: frame?.traceLength ?? 0,
      }
    },
    [MEASURE_MS, c.play] as const,
  )
  let work: number[] = []
  let cpu: number[] = []
  if (TRACE) {
    const buffer = await browser.stopTracing()
    const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }
    work = getFrameWork(traceEvents)
    cpu = getFrameWork(traceEvents, 'cpu')
  }
  await browser.close()
  return { ...result, work, cpu }
}

interface RunFigures {
  p50: number
  p95: number
  /** Main-thread work per frame, from the trace (0 when TRACE=0). */
  workP50: number
  workP95: number
  workMax: number
  /** The same in the main thread's CPU time (without waits for a core or another thread). */
  cpuP50: number
  cpuP95: number
  longTasks: number
  /** "2.3 s: 63 ms" for each task over 50 ms. */
  longTaskList: string[]
  worstTask: number
  simSeconds: number
  events: number
  frames: number
  /** Frames that came more than half a vsync late (interval over 25 ms). */
  late: number
}

function toFigures(r: Awaited<ReturnType<typeof measure>>): RunFigures {
  return {
    p50: percentile(r.intervals, 50),
    p95: percentile(r.intervals, 95),
    workP50: percentile(r.work, 50),
    workP95: percentile(r.work, 95),
    workMax: percentile(r.work, 100),
    cpuP50: percentile(r.cpu, 50),
    cpuP95: percentile(r.cpu, 95),
    longTasks: r.longTasks.length,
    longTaskList: r.longTasks.map((t) => `${t.at.toFixed(1)} s: ${t.duration.toFixed(0)} ms`),
    worstTask: r.longTasks.length ? Math.max(...r.longTasks.map((t) => t.duration)) : 0,
    simSeconds: r.simTimeMs / 1000,
    events: r.events,
    frames: r.intervals.length,
    late: r.intervals.filter((x) => x > 25).length,
  }
}

const median = (xs: number[]) => percentile(xs, 50)
const list = (xs: number[], digits = 1) => xs.map((x) => x.toFixed(digits)).join(' / ')
const pick = (runs: RunFigures[], key: keyof RunFigures, digits = 1) =>
  list(
    runs.map((r) => r[key] as number),
    digits,
  )

const server = await startServer(PORT, DIST)
try {
  // CASES="16 zones" runs only the cases whose name contains it.
  for (const c of CASES.filter((k) => k.name.includes(process.env.CASES ?? ''))) {
    const runs: RunFigures[] = []
    for (let i = 0; i < RUNS; i++) runs.push(toFigures(await measure(c)))
    const budget = c.budgetP95Ms === undefined ? '' : ` (budget p95 ≤ ${c.budgetP95Ms} ms)`
    console.log(`${c.name}, ${RUNS} runs of ${MEASURE_MS / 1000} s${budget}:`)
    if (TRACE) {
      console.log(
        `  main-thread work per frame: p50 ${pick(runs, 'workP50')} ms, p95 ${pick(runs, 'workP95')} ms ` +
          `(median ${median(runs.map((r) => r.workP95)).toFixed(1)}), max ${pick(runs, 'workMax', 0)} ms`,
      )
      console.log(
        `  of which CPU time: p50 ${pick(runs, 'cpuP50')} ms, p95 ${pick(runs, 'cpuP95')} ms ` +
          `(median ${median(runs.map((r) => r.cpuP95)).toFixed(1)})`,
      )
    }
    console.log(
      `  frame interval: p50 ${pick(runs, 'p50')} ms, p95 ${pick(runs, 'p95')} ms; ` +
        `frames ${pick(runs, 'frames', 0)} (late > 25 ms: ${pick(runs, 'late', 0)})`,
    )
    console.log(
      `  tasks over 50 ms: ${pick(runs, 'longTasks', 0)} (worst ${pick(runs, 'worstTask', 0)} ms); ` +
        `sim ${median(runs.map((r) => r.simSeconds)).toFixed(0)} s, ${median(runs.map((r) => r.events))} trace events`,
    )
    const tasks = runs.map((r, i) => `run ${i + 1}: ${r.longTaskList.join(', ') || 'none'}`)
    if (runs.some((r) => r.longTasks > 0)) console.log(`  when (after play): ${tasks.join('; ')}`)
  }
} finally {
  stopServer(server)
}
