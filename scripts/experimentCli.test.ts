import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { type CliIo, main, parseExperimentArgs } from './experiment-cli'

function makeIo() {
  const out = { stdout: '', stderr: '', files: new Map<string, string>() }
  const io: CliIo = {
    stdout: (t) => {
      out.stdout += t
    },
    stderr: (t) => {
      out.stderr += t
    },
    writeFile: (p, t) => {
      out.files.set(p, t)
    },
    now: () => 0,
  }
  return { io, out }
}

describe('parseExperimentArgs', () => {
  it('reads a name and every flag', () => {
    expect(
      parseExperimentArgs([
        'dual-lb-comparison',
        '--seeds',
        '3',
        '--out',
        'r.csv',
        '--compat',
        'cloudsim',
      ]),
    ).toEqual({ name: 'dual-lb-comparison', seeds: 3, out: 'r.csv', compat: 'cloudsim', scale: 1 })
  })

  it.each([
    [[], /no experiment named/],
    [['sbdlb-s3'], /unknown experiment \[sbdlb-s3\]/],
    [['sbdlb-s1', '--seeds', '0'], /--seeds: \[0\]/],
    [['sbdlb-s1', '--seeds'], /--seeds needs a value/],
    [['sbdlb-s1', '--out', '--seeds'], /--out needs a value/],
    [['sbdlb-s1', '--frob'], /unknown flag \[--frob\]/],
    [['sbdlb-s1', '--scale', '2'], /--scale: \[2\]/],
    [['sbdlb-s1', 'sbdlb-s2'], /one experiment at a time/],
    [['sbdlb-s1', '--compat', 'cloudsim'], /dual-lb-comparison only/],
    [['dual-lb-comparison', '--compat', 'ns3'], /--compat: \[ns3\]/],
  ])('rejects %j with one line naming the problem', (argv, message) => {
    const result = parseExperimentArgs(argv)

    expect(typeof result).toBe('string')
    expect(result).toMatch(message)
    expect(String(result)).not.toContain('\n')
  })
})

describe('main', () => {
  it('exits 2 with one stderr line on a bad name', () => {
    const { io, out } = makeIo()

    expect(main(['nope'], io)).toBe(2)
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(out.stdout).toBe('')
  })

  it('writes the CSV to stdout and a table to stderr', () => {
    const { io, out } = makeIo()

    expect(main(['dual-lb-comparison', '--scale', '0.1'], io)).toBe(0)
    expect(out.stdout.split('\r\n')).toHaveLength(7)
    expect(out.stderr).toContain('dual-lb')
  })

  it('writes to --out and adds the compat rows with --compat cloudsim', () => {
    const { io, out } = makeIo()

    expect(
      main(['dual-lb-comparison', '--scale', '0.05', '--out', 'x.csv', '--compat', 'cloudsim'], io),
    ).toBe(0)
    const csv = out.files.get('x.csv') ?? ''
    expect(out.stdout).toBe('')
    expect(csv.match(/,cloudsim-compat,/g)).toHaveLength(4)
  })
})

describe('the experiment script', () => {
  it('exits with code 2 on a bad flag', () => {
    const r = spawnSync('npx', ['tsx', 'scripts/experiment-cli.ts', 'sbdlb-s1', '--nope'], {
      encoding: 'utf8',
    })

    expect(r.status).toBe(2)
    expect(r.stderr.trim()).toBe(
      'experiment: unknown flag [--nope]; flags: --seeds, --out, --compat, --scale',
    )
  })
})
