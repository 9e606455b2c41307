// Reading a Chrome trace of the lab: the renderer's main thread, its top-level tasks, and how much
// main-thread work each displayed frame took.

export interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  tdur?: number
  tid: number
  pid: number
  args?: { name?: string; data?: Record<string, unknown> }
}

/** Names Chrome gives a top-level task, depending on version and trace categories. */
export const TASK_NAMES = new Set([
  'RunTask',
  'ThreadControllerImpl::RunTask',
  'ThreadPool_RunTask',
])

/** The trace's durations are in microseconds. */
export function toMs(us: number | undefined): number {
  return (us ?? 0) / 1000
}

/** Complete events on the page's main thread (`CrRendererMain`), in trace order. */
export function getMainThreadEvents(events: readonly TraceEvent[]): TraceEvent[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  if (!main) return []
  return events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid)
}

/** Main-thread tasks not nested in another task, by start time. */
export function getTopLevelTasks(onMain: readonly TraceEvent[]): TraceEvent[] {
  const tasks = onMain.filter((e) => TASK_NAMES.has(e.name)).sort((a, b) => a.ts - b.ts)
  const topLevel: TraceEvent[] = []
  let end = Number.NEGATIVE_INFINITY
  for (const t of tasks) {
    if (t.ts < end) continue
    topLevel.push(t)
    end = t.ts + (t.dur ?? 0)
  }
  return topLevel
}

/**
 * The main-thread work of each displayed frame, in ms: a frame runs from the task that fires its
 * animation-frame callbacks to the next such task, and its work is the time every top-level task
 * started in that span held the thread (the frame's own rendering, messages from the worker, input,
 * garbage collection). Work at or under one vsync (16.7 ms at 60 Hz) means the page kept up.
 * `clock: 'cpu'` sums the thread's CPU time instead of wall time: the part of the work that is the
 * page's own, without the time the thread waited for a core or for another thread.
 */
export function getFrameWork(
  events: readonly TraceEvent[],
  clock: 'wall' | 'cpu' = 'wall',
): number[] {
  const onMain = getMainThreadEvents(events)
  const tasks = getTopLevelTasks(onMain)
  const fires = onMain.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.ts)
  fires.sort((a, b) => a - b)
  const starts: number[] = []
  let f = 0
  for (const t of tasks) {
    const end = t.ts + (t.dur ?? 0)
    while (f < fires.length && (fires[f] ?? 0) < t.ts) f++
    if (f < fires.length && (fires[f] ?? 0) <= end) starts.push(t.ts)
  }
  const work: number[] = []
  let i = 0
  for (let k = 0; k + 1 < starts.length; k++) {
    const from = starts[k] ?? 0
    const to = starts[k + 1] ?? 0
    let sum = 0
    while (i < tasks.length && (tasks[i]?.ts ?? 0) < from) i++
    while (i < tasks.length && (tasks[i]?.ts ?? 0) < to) {
      const t = tasks[i++]
      sum += toMs(clock === 'cpu' ? (t?.tdur ?? t?.dur) : t?.dur)
    }
    work.push(sum)
  }
  return work
}
