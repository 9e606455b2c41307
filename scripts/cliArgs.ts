// Parses `npm run sim` flags into options; pure (no I/O), so the rules can be tested directly.

import { POLICY_NAMES_FOR_SCENARIO } from '../src/model/scenario'
import type { PolicyName } from '../src/policies/types'

export const FORMATS = ['json', 'mermaid', 'chrome', 'jaeger', 'csv', 'redis'] as const
export type Format = (typeof FORMATS)[number]
export const DETAILS = ['full', 'messages', 'state'] as const

export interface SimCliOptions {
  scenario: string
  seed?: number
  policy?: PolicyName
  untilS?: number
  out?: string
  format: Format
  detail?: (typeof DETAILS)[number]
  task?: string
  help: boolean
}

/** A bad command line: the message names the flag and what was expected. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run sim -- --scenario A|B|C|D|free|FILE.json [--seed N] [--policy NAME]
                    [--until SECONDS] [--detail full|messages|state]
                    [--format json|mermaid|chrome|jaeger|csv|redis] [--task Task_N] [--out PATH]
Writes the trace (stdout by default; for --format redis, PATH is a folder) and one summary line
on stderr. Exit codes: 0 ok, 1 a broken invariant, 2 bad flags or input.`

function takeValue(argv: readonly string[], i: number, flag: string): string {
  const v = argv[i + 1]
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`)
  return v
}

/** Parses argv (without node and the script); throws UsageError. */
export function parseSimArgs(argv: readonly string[]): SimCliOptions {
  const opts: SimCliOptions = { scenario: '', format: 'json', help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg]
    const value = () => {
      if (inline !== undefined) return inline
      const v = takeValue(argv, i, flag)
      i++
      return v
    }
    switch (flag) {
      case '--help':
      case '-h':
        opts.help = true
        break
      case '--scenario':
        opts.scenario = value()
        break
      case '--seed': {
        const v = value()
        const n = Number(v)
        if (!/^\d+$/.test(v) || n > 0xffffffff) {
          throw new UsageError(`--seed: expected an integer from 0 to 4294967295, got [${v}]`)
        }
        opts.seed = n
        break
      }
      case '--policy': {
        const v = value()
        if (!(POLICY_NAMES_FOR_SCENARIO as readonly string[]).includes(v)) {
          throw new UsageError(
            `--policy: unknown policy [${v}]; one of ${POLICY_NAMES_FOR_SCENARIO.join(', ')}`,
          )
        }
        opts.policy = v as PolicyName
        break
      }
      case '--until': {
        const v = value()
        const n = Number(v)
        if (v.trim() === '' || !Number.isFinite(n) || n < 0) {
          throw new UsageError(`--until: expected a non-negative number of seconds, got [${v}]`)
        }
        opts.untilS = n
        break
      }
      case '--out':
        opts.out = value()
        break
      case '--task':
        opts.task = value()
        break
      case '--format': {
        const v = value()
        if (!(FORMATS as readonly string[]).includes(v)) {
          throw new UsageError(`--format: unknown format [${v}]; one of ${FORMATS.join(', ')}`)
        }
        opts.format = v as Format
        break
      }
      case '--detail': {
        const v = value()
        if (!(DETAILS as readonly string[]).includes(v)) {
          throw new UsageError(`--detail: expected one of ${DETAILS.join(', ')}, got [${v}]`)
        }
        opts.detail = v as SimCliOptions['detail']
        break
      }
      default:
        throw new UsageError(`unknown flag [${arg}]; see --help`)
    }
  }
  if (!opts.help && !opts.scenario)
    throw new UsageError('--scenario is required (A, B, C, D, free or a file)')
  if (opts.format === 'redis' && !opts.help && !opts.out) {
    throw new UsageError('--format redis needs --out FOLDER (one .redis file per cache)')
  }
  return opts
}
