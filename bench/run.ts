// `npm run bench`: every benchmark, one after the other.
import { spawnSync } from 'node:child_process'

for (const file of ['engine.bench.ts', 'cloudsimCompat.bench.ts', 'experiments.bench.ts']) {
  const path = new URL(file, import.meta.url).pathname
  console.log(`\n=== ${file}`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' })
  if (r.status !== 0) process.exitCode = 1
}
