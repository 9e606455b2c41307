// `npm run experiment -- NAME [--seeds N] [--out FILE.csv] [--compat cloudsim] [--scale X]`:
// runs an experiment of issue 5 and writes one CSV row per policy and setting (RFC 4180) to
// --out or stdout, with a short table on stderr. Bad input: one line naming the problem, exit 2.

import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import {
  CLOUDSIM_POLICIES,
  EXPERIMENT_NAMES,
  type ExperimentName,
  getCompatRows,
  getResultRows,
  isExperimentName,
  runCloudsimCompat,
  runExperiment,
  toCsv,
  toHumanTable,
} from '../src/experiments'

/** What the command line asked for. */
export interface ExperimentArgs {
  name: ExperimentName
  seeds: number
  out: string | null
  compat: 'cloudsim' | null
  scale: number
}

const USAGE = `usage: npm run experiment -- NAME [--seeds N] [--out FILE.csv] [--compat cloudsim] [--scale X]
  NAME           ${EXPERIMENT_NAMES.join(' | ')}
  --seeds N      run seeds 1..N and average them (default 1)
  --out FILE     write the CSV there instead of stdout
  --compat cloudsim  (dual-lb-comparison only) add the CloudSim 7G compatibility model's rows
  --scale X      shrink task and VM counts by X (0 < X <= 1) for a quick look (default 1)`

/** Parses the arguments after the script name; a string is the one-line problem. */
export function parseExperimentArgs(argv: readonly string[]): ExperimentArgs | string {
  const args: Partial<ExperimentArgs> = { seeds: 1, out: null, compat: null, scale: 1 }
  const rest = [...argv]
  while (rest.length > 0) {
    const arg = rest.shift() as string
    const value = () => {
      const v = rest.shift()
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`)
      return v
    }
    try {
      if (arg === '--seeds') {
        const v = value()
        const n = Number(v)
        if (!Number.isInteger(n) || n < 1 || n > 1000)
          return `--seeds: [${v}] is not a whole number from 1 to 1000`
        args.seeds = n
      } else if (arg === '--out') {
        args.out = value()
      } else if (arg === '--compat') {
        const v = value()
        if (v !== 'cloudsim')
          return `--compat: [${v}] is not a known model; the only one is cloudsim`
        args.compat = 'cloudsim'
      } else if (arg === '--scale') {
        const v = value()
        const x = Number(v)
        if (!(x > 0 && x <= 1)) return `--scale: [${v}] is not a number above 0 and at most 1`
        args.scale = x
      } else if (arg.startsWith('-')) {
        return `unknown flag [${arg}]; flags: --seeds, --out, --compat, --scale`
      } else if (args.name !== undefined) {
        return `one experiment at a time: got [${args.name}] and [${arg}]`
      } else if (isExperimentName(arg)) {
        args.name = arg
      } else {
        return `unknown experiment [${arg}]; use one of ${EXPERIMENT_NAMES.join(', ')}`
      }
    } catch (err) {
      return (err as Error).message
    }
  }
  if (args.name === undefined)
    return `no experiment named; use one of ${EXPERIMENT_NAMES.join(', ')}`
  if (args.compat && args.name !== 'dual-lb-comparison') {
    return `--compat cloudsim applies to dual-lb-comparison only, not [${args.name}]`
  }
  return args as ExperimentArgs
}

/** Where the CLI writes; injected so tests can run it in-process. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  writeFile(path: string, text: string): void
  now(): number
}

const nodeIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  writeFile: (p, t) => writeFileSync(p, t),
  now: () => performance.now(),
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad input, 1 a failure while running). */
export function main(argv: readonly string[], io: CliIo = nodeIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stderr(`${USAGE}\n`)
    return 0
  }
  const args = parseExperimentArgs(argv)
  if (typeof args === 'string') {
    io.stderr(`experiment: ${args}\n`)
    return 2
  }
  const seeds = Array.from({ length: args.seeds }, (_, i) => i + 1)
  const size = { taskScale: args.scale, vmScale: args.scale }
  const t0 = io.now()
  let rows: ReturnType<typeof getResultRows>
  try {
    rows = getResultRows(runExperiment(args.name, { seeds, size }))
    if (args.compat)
      rows = [...rows, ...getCompatRows(CLOUDSIM_POLICIES.map((p) => runCloudsimCompat(p)))]
  } catch (err) {
    io.stderr(`experiment: ${args.name} failed: ${(err as Error).message}\n`)
    return 1
  }
  const wallMs = io.now() - t0
  const csv = toCsv(rows)
  if (args.out) io.writeFile(args.out, csv)
  else io.stdout(csv)
  io.stderr(`${toHumanTable(rows)}\n`)
  io.stderr(
    `${args.name}: ${rows.length} rows, ${seeds.length} seed(s), scale ${args.scale}, ${wallMs.toFixed(0)} ms wall${args.out ? `; CSV in ${args.out}` : ''}\n`,
  )
  return 0
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2))
}
