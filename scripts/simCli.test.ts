import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSimArgs, UsageError } from './cliArgs'

const root = join(import.meta.dirname, '..')

function sim(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/sim-cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('parseSimArgs', () => {
  it('reads every documented flag', () => {
    const opts = parseSimArgs([
      '--scenario',
      'B',
      '--seed',
      '7',
      '--policy',
      'round-robin',
      '--until',
      '12.5',
      '--out',
      'x.json',
      '--format=json',
      '--detail',
      'state',
    ])

    expect(opts).toMatchObject({
      scenario: 'B',
      seed: 7,
      policy: 'round-robin',
      untilS: 12.5,
      out: 'x.json',
      format: 'json',
      detail: 'state',
    })
  })

  it.each([
    [['--scenario', 'A', '--seed', 'x'], '--seed: expected an integer'],
    [['--scenario', 'A', '--policy', 'fastest'], '--policy: unknown policy [fastest]'],
    [['--scenario', 'A', '--until', '-3'], '--until: expected a non-negative number'],
    [['--scenario', 'A', '--format', 'pdf'], '--format: unknown format [pdf]'],
    [['--scenario', 'A', '--wat'], 'unknown flag [--wat]'],
    [['--seed', '3'], '--scenario is required'],
    [['--scenario'], '--scenario needs a value'],
  ])('rejects %j with a message naming the flag', (argv, message) => {
    expect(() => parseSimArgs(argv)).toThrow(UsageError)
    expect(() => parseSimArgs(argv)).toThrow(message)
  })
})

describe('npm run sim', () => {
  it('writes the JSON trace and a summary line, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'))
    const out = join(dir, 'b.json')

    const r = sim(['--scenario', 'B', '--out', out])

    expect(r.code).toBe(0)
    const doc = JSON.parse(readFileSync(out, 'utf8'))
    expect(doc.format).toBe('dual-lb-trace')
    expect(doc.events[0].seq).toBe(1)
    expect(r.stderr).toMatch(/submitted 2; finished 2; quarantined 0; rescued 1; lost 0/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('replays a trace config to the same trace byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'))
    const first = join(dir, 'first.json')
    const scenario = join(dir, 'replay.json')
    const second = join(dir, 'second.json')
    expect(sim(['--scenario', 'free', '--seed', '5', '--out', first]).code).toBe(0)
    writeFileSync(scenario, JSON.stringify(JSON.parse(readFileSync(first, 'utf8')).config))

    expect(sim(['--scenario', scenario, '--out', second]).code).toBe(0)

    expect(readFileSync(second, 'utf8')).toBe(readFileSync(first, 'utf8'))
  })

  it('writes a Mermaid diagram, CSV with metrics, and one Redis log per cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'))

    const mmd = sim(['--scenario', 'A', '--format', 'mermaid', '--out', join(dir, 'a.mmd')])
    const csv = sim(['--scenario', 'B', '--format', 'csv', '--out', join(dir, 'b.csv')])
    const redis = sim(['--scenario', 'C', '--format', 'redis', '--out', join(dir, 'redis')])

    expect([mmd.code, csv.code, redis.code]).toEqual([0, 0, 0])
    expect(readFileSync(join(dir, 'a.mmd'), 'utf8')).toMatch(/^sequenceDiagram/)
    expect(readFileSync(join(dir, 'b.csv'), 'utf8').split('\n')[0]).toContain('task')
    expect(readFileSync(join(dir, 'b.metrics.csv'), 'utf8').length).toBeGreaterThan(0)
    expect(readdirSync(join(dir, 'redis')).sort()).toEqual([
      'L1.redis',
      'L2_Z1.redis',
      'L2_Z2.redis',
    ])
  })

  it.each([
    [['--scenario', 'nope.json'], 'no built-in scenario or file named [nope.json]'],
    [['--scenario', 'A', '--policy', 'x'], '--policy: unknown policy'],
  ])('exits 2 with one line for %j', (args, message) => {
    const r = sim(args)

    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('exits 2 naming the field of a malformed scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'))
    const file = join(dir, 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({
        format: 'dual-lb-scenario',
        version: 1,
        topology: { zones: 2, vmsPerZone: 2 },
        workload: { kind: 'list', tasks: [{ atMs: 0, type: 'Video', lengthMi: 1 }] },
      }),
    )

    const r = sim(['--scenario', file])

    expect(r.code).toBe(2)
    expect(r.stderr).toContain('workload.tasks[0].type')
  })

  it('exits 2 for a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'))
    const file = join(dir, 'garbage.json')
    writeFileSync(file, '\u0000\u0001 not json')

    const r = sim(['--scenario', file])

    expect(r.code).toBe(2)
    expect(r.stderr).toContain('not valid JSON')
  })
})
