import { describe, expect, it } from 'vitest'
import { makeScenario } from '../testing/runScenario'
import { parseScenario, parseScenarioText, ScenarioError } from './scenario'

function errorOf(run: () => unknown): ScenarioError {
  try {
    run()
  } catch (err) {
    if (err instanceof ScenarioError) return err
    throw err
  }
  throw new Error('expected a ScenarioError')
}

describe('parseScenario', () => {
  it('fills SPEC defaults', () => {
    const config = parseScenario(makeScenario())

    expect(config.seed).toBe(1)
    expect(config.policy).toBe('sbdlb')
    expect(config.timings.vmHeartbeatMs).toBe(5000)
    expect(config.timings.vmTimeoutMs).toBe(10000)
    expect(config.zones).toHaveLength(2)
    expect(config.zones[0].vms[4]).toEqual({ pes: 4, mips: 10000, ramMb: 8192, bwMbps: 1000 })
    expect(config.faults).toEqual([])
  })

  it('accepts the SPEC §8 example', () => {
    const config = parseScenario({
      format: 'dual-lb-scenario',
      version: 1,
      name: 'two crashes under load',
      seed: 42,
      policy: 'sbdlb',
      topology: { zones: 2, vmsPerZone: 8 },
      timings: { vmHeartbeatMs: 5000, vmTimeoutMs: 10000, healthCheckMs: 3000 },
      workload: { kind: 'poisson', ratePerSecond: 1.0, durationMs: 600000 },
      faults: [
        { atMs: 20000, target: 'VM_5', action: 'crash' },
        { atMs: 60000, target: 'LB1', action: 'crash' },
        { atMs: 120000, target: 'LB1', action: 'restart' },
      ],
    })

    expect(config.name).toBe('two crashes under load')
    expect(config.faults).toHaveLength(3)
  })

  it('scales to 16 zones of 1,000 VMs with ids that do not collide', () => {
    const config = parseScenario(makeScenario({ topology: { zones: 16, vmsPerZone: 1000 } }))

    expect(config.zones).toHaveLength(16)
    expect(config.zones[15].vms).toHaveLength(1000)
  })

  it.each([
    [{ format: 'nope' }, 'format: Invalid input: expected "dual-lb-scenario"'],
    [{ version: 2 }, 'version'],
    [{ topology: { zones: 0, vmsPerZone: 8 } }, 'topology.zones'],
    [
      { workload: { kind: 'poisson', ratePerSecond: -1, durationMs: 10 } },
      'workload.ratePerSecond',
    ],
    [
      { workload: { kind: 'list', tasks: [{ atMs: -5, type: 'Text', lengthMi: 10 }] } },
      'workload.tasks[0].atMs',
    ],
    [
      { faults: [{ atMs: 1, target: 'VM_999', action: 'crash' }] },
      'faults[0].target: no VM or LB named [VM_999]',
    ],
    [
      { faults: [{ atMs: 1, target: 'VM_5', action: 'restart' }] },
      'faults[0].target: [VM_5] is a VM',
    ],
    [{ colour: 'blue' }, 'unknown field [colour]'],
    [{ timings: { vmHeartbeatMs: 0 } }, 'timings.vmHeartbeatMs'],
  ])('rejects %j naming the field', (patch, expected) => {
    const err = errorOf(() => parseScenario({ ...makeScenario(), ...patch }, 'my.json'))

    expect(err.message).toContain('my.json: ')
    expect(err.message).toContain(expected)
  })

  it('rejects text that is not JSON with its position', () => {
    const err = errorOf(() => parseScenarioText('{"format": ', 'bad.json'))

    expect(err.code).toBe('not-json')
    expect(err.message).toMatch(/^bad.json: not valid JSON/)
  })

  it('rejects a document that is not an object', () => {
    const err = errorOf(() => parseScenario(42))

    expect(err.code).toBe('invalid-field')
  })
})
