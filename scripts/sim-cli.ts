// `npm run sim`: runs a scenario headless with the same engine as the lab and writes its trace.
// Exit codes: 0 ok, 1 a broken invariant, 2 bad flags or input (one line on stderr).

import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import type { Sim } from '../src/engine/context'
import { checkRun } from '../src/engine/invariants'
import { formatSummaryLine, getSummary, toTraceDocument } from '../src/engine/report'
import { createSimulation, runToEnd } from '../src/engine/sim'
import { parseScenario, ScenarioError } from '../src/model/scenario'
import { getBuiltinScenario, isBuiltinScenario } from '../src/scenarios/builtins'
import { getTraceEvent } from '../src/trace/store'
import { parseSimArgs, type SimCliOptions, USAGE, UsageError } from './cliArgs'
import { exportTrace } from './exportFormats'

const MAX_SCENARIO_BYTES = 64 * 1024 * 1024

function loadScenario(opts: SimCliOptions): unknown {
  if (isBuiltinScenario(opts.scenario)) return getBuiltinScenario(opts.scenario)
  const file = opts.scenario
  if (!existsSync(file))
    throw new UsageError(`--scenario: no built-in scenario or file named [${file}]`)
  if (statSync(file).size > MAX_SCENARIO_BYTES) {
    throw new UsageError(`--scenario: [${file}] is over ${MAX_SCENARIO_BYTES / 1024 / 1024} MB`)
  }
  const text = readFileSync(file, 'utf8')
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new ScenarioError('not-json', `${file}: not valid JSON (${(err as Error).message})`)
  }
}

function buildSim(opts: SimCliOptions): Sim {
  const doc = loadScenario(opts) as Record<string, unknown>
  const source = isBuiltinScenario(opts.scenario) ? `scenario ${opts.scenario}` : opts.scenario
  const withFlags = {
    ...doc,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.policy ? { policy: opts.policy } : {}),
    ...(opts.untilS !== undefined ? { untilMs: Math.round(opts.untilS * 1000) } : {}),
    ...(opts.detail ? { trace: { detail: opts.detail } } : {}),
  }
  return createSimulation(parseScenario(withFlags, source))
}

/** Streams the JSON trace so a long run never builds one giant string. */
async function writeJson(sim: Sim, out: NodeJS.WritableStream): Promise<void> {
  const doc = toTraceDocument(sim)
  const head = JSON.stringify({ ...doc, events: [] }).slice(0, -2)
  const write = (s: string) =>
    new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)))
  await write(head)
  let chunk = ''
  for (let i = 0; i < sim.trace.length; i++) {
    chunk += (i ? ',\n' : '\n') + JSON.stringify(getTraceEvent(sim.trace, i))
    if (chunk.length > 1 << 16) {
      await write(chunk)
      chunk = ''
    }
  }
  await write(`${chunk}\n]}\n`)
}

async function main(argv: readonly string[]): Promise<number> {
  let opts: SimCliOptions
  let sim: Sim
  try {
    opts = parseSimArgs(argv)
    if (opts.help) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    sim = buildSim(opts)
  } catch (err) {
    if (err instanceof UsageError || err instanceof ScenarioError) {
      process.stderr.write(`sim: ${err.message}\n`)
      return 2
    }
    throw err
  }
  runToEnd(sim)
  if (opts.format === 'json') {
    if (opts.out) {
      const file = createWriteStream(opts.out)
      await writeJson(sim, file)
      await new Promise<void>((resolve) => file.end(() => resolve()))
    } else {
      await writeJson(sim, process.stdout)
    }
  } else {
    const files = exportTrace(toTraceDocument(sim), opts.format, { task: opts.task })
    if (opts.format === 'redis') {
      mkdirSync(opts.out as string, { recursive: true })
      for (const [name, text] of files) writeFileSync(join(opts.out as string, name), text)
    } else if (opts.out) {
      writeFileSync(opts.out, files[0][1])
      // A CSV export also writes its metrics beside the task file: x.csv → x.metrics.csv.
      for (const [name, text] of files.slice(1)) {
        writeFileSync(opts.out.replace(/(\.csv)?$/, `.${name}`), text)
      }
    } else {
      process.stdout.write(files[0][1])
    }
  }
  process.stderr.write(`${formatSummaryLine(getSummary(sim))}\n`)
  const violations = checkRun(sim)
  if (violations.length > 0) {
    process.stderr.write(
      `sim: invariant broken: ${violations[0].invariant}: ${violations[0].message}\n`,
    )
    return 1
  }
  return 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: Error) => {
    process.stderr.write(`sim: internal error: ${err.stack ?? err.message}\n`)
    process.exitCode = 1
  },
)
