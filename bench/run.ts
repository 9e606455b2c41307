// `npm run bench`: every benchmark, one after the other.
import { spawnSync } from 'node:child_process'

const files = [
  'engine.bench.ts',
  'cloudsimCompat.bench.ts',
  'experiments.bench.ts',
  '../e2e/perf/measureFrames.ts',
]

for (const file of files) {
  const path = new URL(file, import.meta.url).pathname
  console.log(`\n=== ${file}`)
  if (file.includes('measureFrames')) {
    // The frame benchmark serves the built app, so build it first.
    spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' })
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' })
  if (r.status !== 0) process.exitCode = 1
}
