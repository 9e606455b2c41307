// Where the lab's main-thread time goes while it plays: records a Chrome trace and a JS CPU profile
// of a few seconds of play, then prints time per task kind, per thread, the longest tasks with what
// they held, and JS time by function (overall and inside the tasks that missed a frame).
// Run: npx vite build --minify false && npx tsx e2e/perf/profileFrames.ts [zones] [vmsPerZone]
// HIDE=".pane--caches" hides panes with CSS, to see what one costs (not the header or the
// transport: without them the panes fall into an auto-sized grid row and collapse); CSS="…" adds
// any rule; FNS=regex lists the matching functions' time, overall and inside the slow tasks;
// WITH=regex compares the tasks in which a matching function ran with the others; PAINTS=1 lists
// the elements Chrome repainted; INVALIDATIONS=1 counts the elements that invalidated style and
// layout, and why; START=1 records from Play on, RECORD_MS sets the window, SLOW_MS the threshold
// of a slow task (16), VIEW the viewport; PERF_DIST and PERF_PORT as in measureFrames.ts.

import type { CDPSession } from '@playwright/test'
import { launchChromium, openLab, percentile, startServer, stopServer } from './perfPage'
import {
  getMainThreadEvents,
  getTopLevelTasks,
  toMs as ms,
  TASK_NAMES,
  type TraceEvent,
} from './traceEvents'

const PORT = Number(process.env.PERF_PORT ?? 4180)
const DIST = process.env.PERF_DIST ?? 'dist'
const ZONES = Number(process.argv[2] ?? 2)
const VMS_PER_ZONE = Number(process.argv[3] ?? 50)
const SPEED = 100
// VIEW=1920x1080 sets the viewport (1280 × 800 by default).
const [VIEW_W, VIEW_H] = (process.env.VIEW ?? '1280x800').split('x').map(Number)
const VIEWPORT = { width: VIEW_W || 1280, height: VIEW_H || 800 }
const WARM_UP_MS = 1500
const RECORD_MS = Number(process.env.RECORD_MS ?? 5000)
const FRAME_MS = Number(process.env.SLOW_MS ?? 16)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  samples?: number[]
  timeDeltas?: number[]
}

const PARTS = [
  'FireAnimationFrame',
  'HandlePostMessage',
  'FunctionCall',
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'MinorGC',
  'MajorGC',
]

function printTop(title: string, totals: Map<string, number>, count: number): void {
  console.log(title)
  for (const [name, total] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, count)) {
    console.log(`  ${name.padEnd(60)} ${total.toFixed(0)} ms`)
  }
}

/** The task (sorted by start) whose span holds time `at`, if any. */
function findTaskAt(tasks: readonly TraceEvent[], at: number): TraceEvent | undefined {
  let lo = 0
  let hi = tasks.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((tasks[mid]?.ts ?? 0) <= at) lo = mid
    else hi = mid - 1
  }
  const task = tasks[lo]
  return task && task.ts <= at && at <= task.ts + (task.dur ?? 0) ? task : undefined
}

function add(totals: Map<string, number>, key: string, value: number): void {
  totals.set(key, (totals.get(key) ?? 0) + value)
}

async function record(): Promise<{ events: TraceEvent[]; profile: CpuProfile }> {
  const browser = await launchChromium()
  const page = await openLab(
    browser,
    PORT,
    {
      zones: ZONES,
      vmsPerZone: VMS_PER_ZONE,
      ratePerSecond: 1,
      speed: SPEED,
    },
    VIEWPORT,
  )
  if (process.env.HIDE) {
    await page.addStyleTag({ content: `${process.env.HIDE} { display: none !important }` })
  }
  if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS })
  // START=1 records from just before Play (the start of a run) instead of after a warm-up.
  const fromStart = process.env.START === '1'
  if (!fromStart) {
    await page.evaluate(() => window.__simTest?.play())
    await page.waitForTimeout(WARM_UP_MS)
  }

  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      ...(process.env.INVALIDATIONS === '1'
        ? ['disabled-by-default-devtools.timeline.invalidationTracking']
        : []),
    ],
  })
  await cdp.send('Profiler.start')
  if (fromStart) await page.evaluate(() => window.__simTest?.play())
  await page.waitForTimeout(RECORD_MS)
  const { profile } = await cdp.send('Profiler.stop')
  const buffer = await browser.stopTracing()
  await page.screenshot({ path: `test-results/profile-${ZONES}x${VMS_PER_ZONE}.png` })
  const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }
  if (process.env.PAINTS === '1') await printPaints(cdp, traceEvents)
  await browser.close()
  return { events: traceEvents, profile: profile as CpuProfile }
}

/** PAINTS=1: which elements Chrome repainted, how often and for how long (names their nodes). */
async function printPaints(cdp: CDPSession, events: readonly TraceEvent[]): Promise<void> {
  const byNode = new Map<number, { count: number; ms: number }>()
  for (const e of getMainThreadEvents(events)) {
    const node = Number(e.args?.data?.nodeId)
    if (e.name !== 'Paint' || !Number.isFinite(node)) continue
    const entry = byNode.get(node) ?? { count: 0, ms: 0 }
    entry.count++
    entry.ms += ms(e.dur)
    byNode.set(node, entry)
  }
  await cdp.send('DOM.getDocument', { depth: 0 })
  console.log('Paints by element (count, total):')
  for (const [node, { count, ms: total }] of [...byNode]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 12)) {
    let name = `node ${node}`
    try {
      const { node: d } = await cdp.send('DOM.describeNode', { backendNodeId: node })
      const attrs = d.attributes ?? []
      const cls = attrs[attrs.indexOf('class') + 1]
      name = `${d.nodeName.toLowerCase()}${attrs.includes('class') ? `.${cls?.split(' ').join('.')}` : ''}`
    } catch {
      // The node is gone (replaced since): keep its number.
    }
    console.log(`  ${String(count).padStart(5)} ${total.toFixed(0).padStart(5)} ms  ${name}`)
  }
}

function report(events: TraceEvent[], profile: CpuProfile): void {
  const threadNames = new Map<string, string>()
  for (const e of events) {
    if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?')
  }
  const onMain = getMainThreadEvents(events)

  const byName = new Map<string, number>()
  for (const e of onMain) add(byName, e.name, ms(e.dur))
  printTop(`Main thread over ${RECORD_MS} ms, by trace event:`, byName, 16)

  const wall = new Map<string, number>()
  const cpu = new Map<string, number>()
  for (const e of events) {
    if (e.ph !== 'X' || !TASK_NAMES.has(e.name)) continue
    const key = `${threadNames.get(`${e.pid}:${e.tid}`) ?? '?'} (${e.tid})`
    add(wall, key, ms(e.dur))
    add(cpu, key, ms(e.tdur))
  }
  console.log('Busiest threads (wall / CPU):')
  for (const [key, w] of [...wall].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
    console.log(`  ${key.padEnd(40)} ${w.toFixed(0)} / ${(cpu.get(key) ?? 0).toFixed(0)} ms`)
  }

  // INVALIDATIONS=1: which elements invalidate style and layout, and why (Chrome names the
  // element and the reason in each record).
  if (process.env.INVALIDATIONS === '1') {
    const invalidations = new Map<string, number>()
    for (const e of events) {
      if (!e.name.endsWith('InvalidationTracking')) continue
      const data = e.args?.data ?? {}
      const what = String(data.nodeName ?? data.invalidatedSelectorId ?? '?').slice(0, 70)
      add(
        invalidations,
        `${e.name.replace('InvalidationTracking', '')}: ${what} (${data.reason ?? ''})`,
        1,
      )
    }
    console.log('Invalidations (count):')
    for (const [key, n] of [...invalidations].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
      console.log(`  ${String(n).padStart(6)}  ${key}`)
    }
  }

  const tasks = getTopLevelTasks(onMain)
  const durations = tasks.map((t) => ms(t.dur)).sort((a, b) => a - b)
  const pick = (p: number) => durations[Math.floor(p * (durations.length - 1))]?.toFixed(1)
  console.log(`Main tasks: ${tasks.length}, p95 ${pick(0.95)} ms, max ${pick(1)} ms`)
  // What kinds of task there are: each named by the first event it holds.
  const kinds = new Map<string, number>()
  const kindCounts = new Map<string, number>()
  let e = 0
  const inner = onMain.filter((x) => !TASK_NAMES.has(x.name)).sort((a, b) => a.ts - b.ts)
  for (const t of tasks) {
    while (e < inner.length && (inner[e]?.ts ?? 0) < t.ts) e++
    const first = inner[e]
    const kind = first && first.ts <= t.ts + (t.dur ?? 0) ? first.name : '(nothing traced)'
    add(kinds, kind, ms(t.dur))
    add(kindCounts, kind, 1)
  }
  console.log('Main tasks by their first event (count, total):')
  for (const [kind, total] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 10)) {
    console.log(
      `  ${kind.padEnd(50)} ${String(kindCounts.get(kind)).padStart(5)} ${total.toFixed(0)} ms`,
    )
  }
  for (const t of [...tasks].sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0)).slice(0, 8)) {
    const end = t.ts + (t.dur ?? 0)
    const parts = new Map<string, number>()
    for (const e of onMain) {
      if (e !== t && PARTS.includes(e.name) && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end) {
        add(parts, e.name, ms(e.dur))
      }
    }
    if (parts.size === 0) {
      // Nothing we name: list whatever it held.
      for (const e of onMain) {
        if (e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= end) add(parts, e.name, ms(e.dur))
      }
    }
    const text = [...parts].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')
    console.log(`  ${ms(t.dur).toFixed(1)} ms: ${text}`)
  }

  // JS time: self and inclusive per function, and inclusive inside the tasks that missed a frame.
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parents = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id)
  const slow = tasks.filter((t) => ms(t.dur) > FRAME_MS).map((t) => [t.ts, t.ts + (t.dur ?? 0)])
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const inSlow = new Map<string, number>()
  // WITH=regex: the tasks during which a matching function ran, against the others.
  const withPattern = process.env.WITH ? new RegExp(process.env.WITH) : null
  const marked = new Set<TraceEvent>()
  const byStart = [...tasks].sort((a, b) => a.ts - b.ts)
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  let at = profile.startTime
  for (let i = 0; i < samples.length; i++) {
    at += deltas[i] ?? 0
    const dt = ms(deltas[i])
    const isSlow = slow.some(([a, b]) => at >= a && at <= b)
    const seen = new Set<string>()
    for (let id: number | undefined = samples[i]; id !== undefined; id = parents.get(id)) {
      const frame = nodes.get(id)?.callFrame
      if (!frame) break
      const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber}`
      if (id === samples[i]) add(self, key, dt)
      if (seen.has(key)) continue
      seen.add(key)
      add(inclusive, key, dt)
      if (isSlow) add(inSlow, key, dt)
      if (withPattern?.test(key)) {
        const task = findTaskAt(byStart, at)
        if (task) marked.add(task)
      }
    }
  }
  if (withPattern) {
    const printTasks = (label: string, list: TraceEvent[]) => {
      const d = list.map((t) => ms(t.dur))
      const mean = d.reduce((sum, x) => sum + x, 0) / Math.max(1, d.length)
      const p95 = percentile(d, 95).toFixed(1)
      console.log(`  ${label}: ${d.length} tasks, mean ${mean.toFixed(1)} ms, p95 ${p95} ms`)
    }
    const frames = tasks.filter((t) => ms(t.dur) > 1)
    console.log(`Tasks over 1 ms during which ${withPattern} ran, and the others:`)
    printTasks(
      'with',
      frames.filter((t) => marked.has(t)),
    )
    printTasks(
      'without',
      frames.filter((t) => !marked.has(t)),
    )
  }
  printTop('JS inclusive time:', inclusive, 40)
  printTop(`JS inclusive time inside the ${slow.length} tasks over ${FRAME_MS} ms:`, inSlow, 30)
  printTop('JS self time:', self, 30)
  // FNS="^[A-Z]" prints the inclusive time of every function whose name matches (components).
  if (process.env.FNS) {
    const pattern = new RegExp(process.env.FNS)
    const matching = new Map([...inclusive].filter(([key]) => pattern.test(key)))
    printTop(`JS inclusive time of functions matching ${pattern}:`, matching, 40)
    const matchingSlow = new Map([...inSlow].filter(([key]) => pattern.test(key)))
    printTop(`… and inside the ${slow.length} tasks over ${FRAME_MS} ms:`, matchingSlow, 40)
  }
}

const server = await startServer(PORT, DIST)
try {
  const { events, profile } = await record()
  report(events, profile)
} finally {
  stopServer(server)
}
