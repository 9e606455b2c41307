// Wall-time bench for the --compat cloudsim model: median of 5 runs of all four policies.
// Run with `npx tsx bench/cloudsimCompat.bench.ts`; reads the clock here, never in src/.

import {
  CLOUDSIM_POLICIES,
  CLOUDSIM_TARGETS,
  runCloudsimCompat,
} from '../src/experiments/cloudsimCompat'

const RUNS = 5

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const totals: number[] = []
const perPolicy = new Map<string, number[]>()
for (let run = 0; run < RUNS; run++) {
  let total = 0
  for (const policy of CLOUDSIM_POLICIES) {
    const t0 = performance.now()
    runCloudsimCompat(policy)
    const dt = performance.now() - t0
    total += dt
    const list = perPolicy.get(policy) ?? []
    list.push(dt)
    perPolicy.set(policy, list)
  }
  totals.push(total)
}

for (const policy of CLOUDSIM_POLICIES) {
  const r = runCloudsimCompat(policy)
  const target = CLOUDSIM_TARGETS[policy]
  const err = ((r.avgResponseS - target) / target) * 100
  console.log(
    `${policy.padEnd(22)} median ${median(perPolicy.get(policy) ?? [])
      .toFixed(2)
      .padStart(7)} ms` +
      `  avg ${r.avgResponseS.toFixed(2)} s (target ${target.toFixed(2)}, ${err >= 0 ? '+' : ''}${err.toFixed(3)} %)`,
  )
}
console.log(
  `all four policies       median ${median(totals).toFixed(2).padStart(7)} ms (${RUNS} runs)`,
)
