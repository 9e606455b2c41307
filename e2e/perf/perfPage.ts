// What the lab's performance scripts share: a `vite preview` of the built app, the Chromium to
// drive, and a page with a Poisson workload loaded at a given size and speed (not yet playing).

import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from '@playwright/test'
import { makePoissonScenario } from '../fixtures/scenarioDoc'

export interface Workload {
  zones: number
  vmsPerZone: number
  ratePerSecond: number
  speed: number
}

/** Debian's chromium when present (or PLAYWRIGHT_CHROMIUM_EXECUTABLE), else Playwright's own. */
export function getChromium(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE
  if (fromEnv) return fromEnv
  return ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p))
}

export function launchChromium(): Promise<Browser> {
  // Software rendering, as on the CI machine; the figures are for that. CHROMIUM_ARGS adds flags.
  const extra = process.env.CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? []
  return chromium.launch({ executablePath: getChromium(), args: ['--disable-gpu', ...extra] })
}

export function stopServer(server: ChildProcess): void {
  try {
    if (server.pid !== undefined) process.kill(-server.pid, 'SIGTERM')
  } catch {
    // already gone
  }
}

/** Serves `dist` on `port` and resolves once it answers. */
export async function startServer(port: number, dist: string): Promise<ChildProcess> {
  const args = ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort']
  const server = spawn('npx', [...args, '--bypass-lock', '--outDir', dist], {
    stdio: 'ignore',
    detached: true,
  })
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  stopServer(server)
  throw new Error(`[perf] vite preview did not start on port [${port}]`)
}

/** Opens the lab (at 1280 × 800 unless told) and loads the workload, paused at time 0. */
export async function openLab(
  browser: Browser,
  port: number,
  w: Workload,
  viewport = { width: 1280, height: 800 },
): Promise<Page> {
  const page = await browser.newPage({ viewport })
  // tsx keeps function names with a `__name` helper that page.evaluate code cannot see.
  await page.addInitScript('window.__name = (f) => f')
  await page.goto(`http://127.0.0.1:${port}/?test=1`)
  await page.waitForFunction(() => window.__simTest !== undefined)
  await page.evaluate(() => window.__simTest?.ready())
  const doc = makePoissonScenario(w.zones, w.vmsPerZone, w.ratePerSecond, 3_600_000)
  await page.evaluate(
    async ([d, speed]) => {
      window.__simTest?.setSpeed(speed as number)
      await window.__simTest?.loadDocument(d as never)
    },
    [doc, w.speed] as const,
  )
  return page
}

/** The nearest-rank percentile `p` (0–100) of `xs`; 0 for an empty list. */
export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}
