// Wall-time bench for the experiments: median of several runs of the whole five-policy
// dual-lb-comparison (one seed, full size), then one run of each SBDLB paper experiment.
// Run with `npx tsx bench/experiments.bench.ts`; reads the clock here, never in src/.

import {
  EXPERIMENT_NAMES,
  getExperiment,
  getResultRows,
  listExperimentJobs,
  runExperiment,
  runExperimentJob,
} from '../src/experiments'

const RUNS = 7
const BUDGET_MS = 2000

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const totals: number[] = []
const perVariant = new Map<string, number[]>()
let events = 0
for (let run = 0; run < RUNS; run++) {
  let total = 0
  events = 0
  for (const job of listExperimentJobs('dual-lb-comparison', [1])) {
    const t0 = performance.now()
    const r = runExperimentJob(job)
    const dt = performance.now() - t0
    total += dt
    events += r.events
    perVariant.set(job.variant, [...(perVariant.get(job.variant) ?? []), dt])
  }
  totals.push(total)
}

for (const variant of getExperiment('dual-lb-comparison').variants) {
  const ms = median(perVariant.get(variant.id) ?? [])
  console.log(`${variant.id.padEnd(22)} median ${ms.toFixed(1).padStart(7)} ms`)
}
const whole = median(totals)
console.log(
  `dual-lb-comparison, 5 policies, 1 seed: median ${whole.toFixed(1)} ms over ${RUNS} runs ` +
    `(first ${totals[0].toFixed(1)} ms, ${events} engine events) — budget ${BUDGET_MS} ms: ${whole < BUDGET_MS ? 'OK' : 'OVER'}`,
)

for (const name of EXPERIMENT_NAMES.filter((n) => n !== 'dual-lb-comparison')) {
  const t0 = performance.now()
  const run = runExperiment(name, { seeds: [1] })
  const dt = performance.now() - t0
  console.log(
    `${name.padEnd(22)} ${dt.toFixed(1).padStart(8)} ms (${getResultRows(run).length} rows, ${run.results.length} runs)`,
  )
}
