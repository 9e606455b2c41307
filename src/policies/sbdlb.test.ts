// Hand-checked SBDLB tables (SPEC §5): threshold, demand, score sums, ties, held demand, weights.
// Tests only the kernel; the engine's bookkeeping of held demand is tested with the engine.

import { describe, expect, it } from 'vitest'
import { makeContext, makeTask, makeVm, SIZES } from './policyBuilders'
import { createSbdlb, DEFAULT_SBDLB_PARAMS, getSbdlbScore } from './sbdlb'
import type { SbdlbParams, VmView } from './types'

// SPEC §1's three sizes, idle. Their free sums (MIPS + RAM MB + BW Mbps) are
// small 2,500 + 2,048 + 1,000 = 5,548; medium 5,000 + 4,096 + 1,000 = 10,096;
// large 10,000 + 8,192 + 1,000 = 19,192.
const small = (o: Partial<VmView> = {}) => makeVm({ num: 1, ...SIZES.small, ...o })
const medium = (o: Partial<VmView> = {}) => makeVm({ num: 2, ...SIZES.medium, ...o })
const large = (o: Partial<VmView> = {}) => makeVm({ num: 3, ...SIZES.large, ...o })

interface Row {
  what: string
  vms: VmView[]
  p: number
  params?: Partial<SbdlbParams>
  chosen: number
}

const rows: Row[] = [
  {
    // Demand at p 0.5 is half of each VM's totals; all fit, so 19,192 > 10,096 > 5,548.
    what: 'picks the VM with the highest free sum',
    vms: [small(), medium(), large()],
    p: 0.5,
    chosen: 2,
  },
  {
    // Large holds 3 tasks = the default threshold, so medium's 10,096 is the best left.
    what: 'skips a VM at the task threshold',
    vms: [small(), medium(), large({ activeTasks: 3 })],
    p: 0.5,
    chosen: 1,
  },
  {
    // 2 < 3, so large still competes and wins with 19,192.
    what: 'keeps a VM just under the threshold',
    vms: [small(), medium(), large({ activeTasks: 2 })],
    p: 0.5,
    chosen: 2,
  },
  {
    // With threshold 2, large's 2 tasks put it out; medium wins with 10,096.
    what: 'honours a custom threshold',
    vms: [small(), medium(), large({ activeTasks: 2 })],
    p: 0.5,
    params: { threshold: 2 },
    chosen: 1,
  },
  {
    // Demand on large is 0.5 × 10,000 = 5,000 MIPS but only 4,000 is free: unsuitable (−1),
    // even though its sum 4,000 + 8,192 + 1,000 = 13,192 would beat medium's 10,096.
    what: 'rejects a VM short of MIPS',
    vms: [small(), medium(), large({ availMips: 4_000 })],
    p: 0.5,
    chosen: 1,
  },
  {
    // Demand on large is 0.5 × 8,192 = 4,096 MB; 4,095 is free, one short.
    what: 'rejects a VM short of RAM',
    vms: [small(), medium(), large({ availRamMb: 4_095 })],
    p: 0.5,
    chosen: 1,
  },
  {
    // Demand on large is 0.5 × 1,000 = 500 Mbps; 499 is free.
    what: 'rejects a VM short of bandwidth',
    vms: [small(), medium(), large({ availBwMbps: 499 })],
    p: 0.5,
    chosen: 1,
  },
  {
    // p 1 demands the whole VM; an idle VM has exactly that free, and "below" is strict.
    what: 'accepts a VM whose free amount equals the demand',
    vms: [small(), medium(), large()],
    p: 1,
    chosen: 2,
  },
  {
    // p 1 demands all 10,000 MIPS of large; 9,999 free is short, so medium (idle) wins.
    what: 'rejects a VM one MIPS short of a full-size demand',
    vms: [small(), medium(), large({ availMips: 9_999 })],
    p: 1,
    chosen: 1,
  },
  {
    // Held demand of earlier tasks: large has 5,000 + 4,000 + 900 = 9,900 free, still fits a
    // p 0.3 task (3,000 / 2,457.6 / 300) but now loses to idle medium's 10,096.
    what: 'ranks a VM by what its held demand leaves free',
    vms: [small(), medium(), large({ availMips: 5_000, availRamMb: 4_000, availBwMbps: 900 })],
    p: 0.3,
    chosen: 1,
  },
  {
    // Same p 0.3, large holding less: 6,000 + 4,200 + 600 = 10,800 > 10,096, so large wins.
    what: 'still picks a partly loaded VM whose free sum is highest',
    vms: [small(), medium(), large({ availMips: 6_000, availRamMb: 4_200, availBwMbps: 600 })],
    p: 0.3,
    chosen: 2,
  },
  {
    // Two idle medium VMs both score 10,096; the lower number (4) wins even listed second.
    what: 'breaks a tie to the lowest VM number',
    vms: [makeVm({ num: 9 }), makeVm({ num: 4 })],
    p: 0.5,
    chosen: 1,
  },
  {
    // The same tie in number order picks index 0.
    what: 'breaks a tie to the lowest VM number in a sorted pool',
    vms: [makeVm({ num: 4 }), makeVm({ num: 9 })],
    p: 0.5,
    chosen: 0,
  },
  {
    // A: 10,000 + 8,192 + 200 = 18,392; B: 2,500 + 2,048 + 1,000 = 5,548. A wins.
    what: 'weighs the three figures equally by default',
    vms: [makeVm({ num: 1, ...SIZES.large, availBwMbps: 200 }), makeVm({ num: 2, ...SIZES.small })],
    p: 0,
    chosen: 0,
  },
  {
    // Bandwidth only: A 200 vs B 1,000, so B wins.
    what: 'applies the weights to each figure',
    vms: [makeVm({ num: 1, ...SIZES.large, availBwMbps: 200 }), makeVm({ num: 2, ...SIZES.small })],
    p: 0,
    params: { weightMips: 0, weightRam: 0, weightBw: 1 },
    chosen: 1,
  },
  {
    // RAM off, BW × 10: A 10,000 + 2,000 = 12,000; B 2,500 + 10,000 = 12,500. B wins.
    what: 'lets a heavy weight overturn the default ranking',
    vms: [makeVm({ num: 1, ...SIZES.large, availBwMbps: 200 }), makeVm({ num: 2, ...SIZES.small })],
    p: 0,
    params: { weightRam: 0, weightBw: 10 },
    chosen: 1,
  },
  {
    // Every VM holds 3 tasks: nothing is eligible, the task waits in the LB's queue.
    what: 'returns −1 when every VM is at the threshold',
    vms: [small({ activeTasks: 3 }), medium({ activeTasks: 4 }), large({ activeTasks: 3 })],
    p: 0,
    chosen: -1,
  },
  {
    // p 0.9 asks 90 % of each VM; each has only half its MIPS free.
    what: 'returns −1 when no VM has room',
    vms: [small({ availMips: 1_250 }), medium({ availMips: 2_500 }), large({ availMips: 5_000 })],
    p: 0.9,
    chosen: -1,
  },
  {
    what: 'returns −1 for an empty pool',
    vms: [],
    p: 0,
    chosen: -1,
  },
]

describe('sbdlb', () => {
  it.each(rows)('$what', ({ vms, p, params, chosen }) => {
    const policy = createSbdlb(params)

    const decision = policy.choose(makeTask({ p }), vms, makeContext())

    expect(decision).toEqual({ chosen })
  })

  it('lists every VM’s figures and score when asked to explain', () => {
    // p 0.5: small fits (5,548); medium has 2,000 MIPS free < 2,500 demanded; large is at 3 tasks.
    const vms = [small(), medium({ availMips: 2_000 }), large({ activeTasks: 3 })]

    const decision = createSbdlb().choose(makeTask({ p: 0.5 }), vms, makeContext({ explain: true }))

    expect(decision).toEqual({
      chosen: 0,
      candidates: [
        {
          vm: 'VM_1',
          availMips: 2_500,
          availRamMb: 2_048,
          availBwMbps: 1_000,
          activeTasks: 0,
          score: 5_548,
        },
        {
          vm: 'VM_2',
          availMips: 2_000,
          availRamMb: 4_096,
          availBwMbps: 1_000,
          activeTasks: 0,
          score: -1,
          skipped: 'unsuitable',
        },
        {
          vm: 'VM_3',
          availMips: 10_000,
          availRamMb: 8_192,
          availBwMbps: 1_000,
          activeTasks: 3,
          score: -1,
          skipped: 'threshold',
        },
      ],
    })
  })

  it('reports the threshold before resources for a VM that fails both', () => {
    const vms = [large({ activeTasks: 5, availMips: 0 })]

    const decision = createSbdlb().choose(makeTask({ p: 1 }), vms, makeContext({ explain: true }))

    expect(decision.candidates?.[0].skipped).toBe('threshold')
  })

  it('chooses the same VM with and without explain', () => {
    const vms = [small(), medium({ activeTasks: 1 }), large({ availBwMbps: 100 })]
    const task = makeTask({ p: 0.2 })

    const plain = createSbdlb().choose(task, vms, makeContext())
    const explained = createSbdlb().choose(task, vms, makeContext({ explain: true }))

    expect(explained.chosen).toBe(plain.chosen)
  })

  it('leaves the VMs and the state untouched', () => {
    const vms = [small(), medium(), large()]
    const before = structuredClone(vms)
    const ctx = makeContext()

    createSbdlb().choose(makeTask({ p: 0.5 }), vms, ctx)

    expect(vms).toEqual(before)
    expect(ctx.state).toEqual({})
  })

  it.each([{ threshold: Number.NaN }, { weightMips: Number.POSITIVE_INFINITY }])(
    'rejects the non-finite parameter %o',
    (params) => {
      expect(() => createSbdlb(params)).toThrow(/SBDLB parameter is not a finite number/)
    },
  )
})

describe('getSbdlbScore', () => {
  it('sums the free figures with the default weights', () => {
    // 4,000 + 3,000 + 500 = 7,500.
    const vm = makeVm({ num: 1, availMips: 4_000, availRamMb: 3_000, availBwMbps: 500 })

    expect(getSbdlbScore(vm, DEFAULT_SBDLB_PARAMS)).toBe(7_500)
  })
})
