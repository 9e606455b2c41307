// Frame-time benchmark of the lab in Chromium (not a timed test): plays a large topology at a
// given speed and records main-thread frame intervals and long tasks.
// Run: npx vite build && npx tsx e2e/perf/measureFrames.ts  (starts its own `vite preview`)

import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

interface Case {
  name: string
  zones: number
  vmsPerZone: number
  ratePerSecond: number
  speed: number
  budgetP95Ms: number
}

const CASES: Case[] = [
  {
    name: '2 zones × 50 VMs at 100×',
    zones: 2,
    vmsPerZone: 50,
    ratePerSecond: 1,
    speed: 100,
    budgetP95Ms: 16.7,
  },
  {
    name: '16 zones × 64 VMs at 100×',
    zones: 16,
    vmsPerZone: 64,
    ratePerSecond: 1,
    speed: 100,
    budgetP95Ms: 33,
  },
]
// PERF_PORT and PERF_DIST let several builds be measured side by side.
const PORT = Number(process.env.PERF_PORT ?? 4179)
const DIST = process.env.PERF_DIST ?? 'dist'
const MEASURE_MS = 10_000
/** Runs per case (RUNS=1 for a quick look); the figures printed are medians over them. */
const RUNS = Number(process.env.RUNS ?? 3)

function getChromium(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE
  if (fromEnv) return fromEnv
  return ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p))
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

function stopServer(server: ChildProcess): void {
  try {
    if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
  } catch {
    // already gone
  }
}

async function startServer(): Promise<ChildProcess> {
  const server = spawn(
    'npx',
    [
      'vite',
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(PORT),
      '--strictPort',
      '--bypass-lock',
      '--outDir',
      DIST,
    ],
    {
      stdio: 'ignore',
      detached: true,
    },
  )
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/`)
      if (res.ok) return server
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  stopServer(server)
  throw new Error(`[perf] vite preview did not start on port [${PORT}]`)
}

async function measure(c: Case, executablePath: string | undefined) {
  const browser = await chromium.launch({ executablePath, args: ['--disable-gpu'] })
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  // tsx keeps function names with a `__name` helper that page.evaluate code cannot see.
  await page.addInitScript('window.__name = (f) => f')
  await page.goto(`http://127.0.0.1:${PORT}/?test=1`)
  await page.waitForFunction(() => window.__simTest !== undefined)
  await page.evaluate(() => window.__simTest?.ready())
  const doc = {
    format: 'dual-lb-scenario',
    version: 1,
    name: c.name,
    seed: 1,
    topology: { zones: c.zones, vmsPerZone: c.vmsPerZone },
    workload: { kind: 'poisson', ratePerSecond: c.ratePerSecond, durationMs: 3_600_000 },
  }
  await page.evaluate(
    async ([d, speed]) => {
      window.__simTest?.setSpeed(speed as number)
      await window.__simTest?.loadDocument(d as never)
    },
    [doc, c.speed] as const,
  )
  const result = await page.evaluate(
    async ([ms]) => {
      const intervals: number[] = []
      const longTasks: { at: number; duration: number }[] = []
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push({ at: e.startTime, duration: e.duration })
      })
      observer.observe({ type: 'longtask', buffered: false })
      await window.__simTest?.play()
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
    [MEASURE_MS] as const,
  )
  await browser.close()
  return result
}

interface RunFigures {
  p50: number
  p95: number
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
    longTasks: r.longTasks.length,
    longTaskList: r.longTasks.map((t) => `${t.at.toFixed(1)} s: ${t.duration.toFixed(0)} ms`),
    worstTask: r.longTasks.length ? Math.max(...r.longTasks.map((t) => t.duration)) : 0,
    simSeconds: r.simTimeMs / 1000,
    events: r.events,
    frames: r.intervals.length,
    late: r.intervals.filter((x) => x > 25).length,
  }
}

function median(xs: number[]): number {
  return percentile(xs, 50)
}

const list = (xs: number[], digits = 1) => xs.map((x) => x.toFixed(digits)).join(' / ')

const server = await startServer()
try {
  const exe = getChromium()
  for (const c of CASES) {
    const runs: RunFigures[] = []
    for (let i = 0; i < RUNS; i++) runs.push(toFigures(await measure(c, exe)))
    const p95s = runs.map((r) => r.p95)
    const worst = runs.map((r) => r.worstTask)
    console.log(
      `${c.name}, ${RUNS} runs of ${MEASURE_MS / 1000} s: frame interval p50 ${median(runs.map((r) => r.p50)).toFixed(1)} ms, ` +
        `p95 median ${median(p95s).toFixed(1)} ms (${list(p95s)}; budget ${c.budgetP95Ms}), ` +
        `tasks over 50 ms ${runs.map((r) => r.longTasks).join(' / ')} (worst ${list(worst, 0)} ms), ` +
        `frames ${runs.map((r) => r.frames).join(' / ')} (late ${runs.map((r) => r.late).join(' / ')}), ` +
        `sim ${median(runs.map((r) => r.simSeconds)).toFixed(0)} s, ${median(runs.map((r) => r.events))} trace events`,
    )
    const tasks = runs.map((r, i) => `run ${i + 1}: ${r.longTaskList.join(', ') || 'none'}`)
    console.log(`  tasks over 50 ms (time after play): ${tasks.join('; ')}`)
  }
} finally {
  stopServer(server)
}
