// What each experiment builds: topologies, workloads, queues and claims. Test-only.

import { describe, expect, it } from 'vitest'
import {
  EXPERIMENT_NAMES,
  getExperiment,
  isExperimentName,
  makeS4Tasks,
  NO_AGING_MS,
  toSimConfig,
} from './definitions'
import { FULL_SIZE } from './workloads'

const SMALL = { taskScale: 0.1, vmScale: 0.1 }

function buildConfig(name: (typeof EXPERIMENT_NAMES)[number], variant: string, size = FULL_SIZE) {
  const def = getExperiment(name)
  const v = def.variants.find((x) => x.id === variant)
  if (!v) throw new Error(`no variant ${variant}`)
  return toSimConfig(def.build(v, def.getSettings(size)[0], 1, size))
}

const count = <T>(xs: readonly T[], keep: (x: T) => boolean) => xs.filter(keep).length

describe('dual-lb-comparison', () => {
  it('builds 4 zones of 18 VMs and 2,000 tasks at t = 0 for a baseline', () => {
    const config = buildConfig('dual-lb-comparison', 'round-robin')
    const tasks = config.workload.kind === 'list' ? config.workload.tasks : []

    expect(config.zones.map((z) => z.vms.length)).toEqual([18, 18, 18, 18])
    expect(count(config.zones[0].vms, (vm) => vm.pes === 4 && vm.mips === 10000)).toBe(2)
    expect(count(config.zones[0].vms, (vm) => vm.pes === 2 && vm.mips === 5000)).toBe(6)
    expect(count(config.zones[0].vms, (vm) => vm.pes === 1 && vm.mips === 2500)).toBe(10)
    expect(tasks).toHaveLength(2000)
    expect(tasks.every((t) => t.atMs === 0)).toBe(true)
    expect(count(tasks, (t) => t.type === 'Reel' && t.pes === 2)).toBe(1200)
    expect(
      count(tasks, (t) => t.type === 'Image' && t.lengthMi >= 2.5e6 && t.lengthMi < 150e6),
    ).toBe(600)
    expect(count(tasks, (t) => t.type === 'Text' && t.lengthMi >= 5000 && t.lengthMi < 50000)).toBe(
      200,
    )
  })

  it('gives baselines no aging or stealing, and the proposal two LBs with both', () => {
    const baseline = buildConfig('dual-lb-comparison', 'sbdlb')
    const proposal = buildConfig('dual-lb-comparison', 'dual-lb')

    expect(baseline.queues).toMatchObject({ workStealing: false, agingMs: NO_AGING_MS })
    expect(proposal.zones.map((z) => z.vms.length)).toEqual([36, 36])
    expect(proposal.queues).toMatchObject({ workStealing: true, agingMs: 5000 })
    expect(proposal.policy).toBe('sbdlb')
  })

  it('sets SBDLB ranges to the task sizes and traces at detail state', () => {
    const config = buildConfig('dual-lb-comparison', 'dual-lb')

    expect(config.mix.Reel).toMatchObject({ minMi: 50e6, maxMi: 5000e6 })
    expect(config.mix.Text).toMatchObject({ minMi: 5000, maxMi: 50000 })
    expect(config.traceDetail).toBe('state')
  })

  it('draws the same workload for a seed under every policy, another for another seed', () => {
    const def = getExperiment('dual-lb-comparison')
    const setting = def.getSettings(FULL_SIZE)[0]
    const tasksOf = (variant: number, seed: number) =>
      def.build(def.variants[variant], setting, seed, FULL_SIZE).doc.workload

    expect(tasksOf(0, 1)).toEqual(tasksOf(4, 1))
    expect(tasksOf(0, 1)).not.toEqual(tasksOf(0, 2))
  })

  it('shrinks to 200 tasks and 3 VMs per datacenter at a tenth of the size', () => {
    const config = buildConfig('dual-lb-comparison', 'round-robin', SMALL)

    expect(config.workload.kind === 'list' && config.workload.tasks.length).toBe(200)
    expect(config.zones.map((z) => z.vms.length)).toEqual([3, 3, 3, 3])
  })
})

describe('the SBDLB paper scenarios', () => {
  it('sweeps S-1 over 10 to 80 VMs in one datacenter', () => {
    const def = getExperiment('sbdlb-s1')

    expect(def.getSettings(FULL_SIZE).map((s) => s.value)).toEqual([10, 20, 30, 40, 50, 60, 70, 80])
    expect(buildConfig('sbdlb-s1', 'throttled').zones).toHaveLength(1)
  })

  it('sweeps S-2 over 1 to 8 datacenters of 10 VMs', () => {
    const def = getExperiment('sbdlb-s2')
    const settings = def.getSettings(FULL_SIZE)
    const last = toSimConfig(def.build(def.variants[1], settings[7], 1, FULL_SIZE))

    expect(settings.map((s) => s.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(last.zones.map((z) => z.vms.length)).toEqual(Array(8).fill(10))
  })

  it('submits S-4 batches on every hour, larger in the peak hours', () => {
    const tasks = makeS4Tasks(1, FULL_SIZE)
    const inHour = (h: number) => count(tasks, (t) => t.atMs === h * 3_600_000)

    expect(tasks).toHaveLength(8 * 1000 + 16 * 250)
    expect([inHour(3), inHour(9), inHour(16), inHour(17)]).toEqual([250, 1000, 1000, 250])
  })

  it('compares SBDLB with throttled and carries the paper claims as references', () => {
    for (const name of ['sbdlb-s1', 'sbdlb-s2', 'sbdlb-s4'] as const) {
      const def = getExperiment(name)
      expect(def.variants.map((v) => v.policy)).toEqual(['throttled', 'sbdlb'])
      expect(def.baseline).toBe('throttled')
      expect(def.references.length).toBeGreaterThan(0)
    }
    expect(getExperiment('sbdlb-s4').references[0]).toMatchObject({
      metric: 'cost',
      reductionPct: 15,
    })
  })
})

describe('isExperimentName', () => {
  it('accepts the four names only', () => {
    expect(EXPERIMENT_NAMES.every(isExperimentName)).toBe(true)
    expect(isExperimentName('sbdlb-s3')).toBe(false)
  })
})
