import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { POLICY_NAMES_FOR_SCENARIO, parseScenario } from '../../src/model/scenario'
import { BUILTIN_SCENARIO_IDS, getBuiltinScenario } from '../../src/scenarios/builtins'
import {
  decodeShareState,
  encodeShareState,
  getShareDocument,
  getShareUrl,
  type ShareFault,
  type ShareState,
} from './urlState'

function makeState(overrides: Partial<ShareState> = {}): ShareState {
  return {
    scenario: { kind: 'builtin', id: 'B' },
    seed: 3,
    policy: 'round-robin',
    faults: [
      { atMs: 8000, target: 'VM_5', action: 'crash' },
      { atMs: 20000, target: 'LB1', action: 'crash' },
    ],
    playheadMs: 18000,
    ...overrides,
  }
}

function getError(url: string): string {
  const result = decodeShareState(url)
  if (result.ok) throw new Error(`expected ${url} to be refused`)
  return result.error
}

describe('encodeShareState', () => {
  it('writes a built-in scenario, seed, policy, faults and playhead in the hash', () => {
    expect(encodeShareState(makeState())).toBe(
      '#s=B&seed=3&policy=round-robin&f=VM_5:crash:8000,LB1:crash:20000&t=18000',
    )
  })

  it('leaves out the faults when they are the scenario’s own', () => {
    const state = makeState({ faults: [{ atMs: 8000, target: 'VM_5', action: 'crash' }] })

    expect(encodeShareState(state)).toBe('#s=B&seed=3&policy=round-robin&t=18000')
  })

  it('writes an empty schedule when the scenario’s faults were removed', () => {
    expect(encodeShareState(makeState({ faults: [], playheadMs: undefined }))).toBe(
      '#s=B&seed=3&policy=round-robin&f=',
    )
  })

  it('writes overrides field by field', () => {
    const state = makeState({
      faults: [{ atMs: 8000, target: 'VM_5', action: 'crash' }],
      overrides: {
        timings: { vmTimeoutMs: 8000 },
        queues: { workStealing: false },
        untilMs: 60000,
      },
      playheadMs: undefined,
    })

    expect(encodeShareState(state)).toBe(
      '#s=B&seed=3&policy=round-robin&o.timings.vmTimeoutMs=8000&o.queues.workStealing=false&o.untilMs=60000',
    )
  })

  it('carries an imported scenario as base64url JSON', () => {
    const doc = { ...getBuiltinScenario('A'), name: 'mine: ünïcode & more' }
    const hash = encodeShareState(makeState({ scenario: { kind: 'inline', doc }, faults: [] }))

    expect(hash).toMatch(/^#doc=[A-Za-z0-9_-]+&seed=3&policy=round-robin&t=18000$/)
    expect(decodeShareState(hash)).toEqual({
      ok: true,
      state: makeState({ scenario: { kind: 'inline', doc }, faults: [] }),
    })
  })
})

describe('decodeShareState', () => {
  it('reads the state back from a whole URL', () => {
    const url =
      'https://lab.example/dual-lb/#s=B&seed=3&policy=round-robin&f=VM_5:crash:8000,LB1:crash:20000&t=18000'

    expect(decodeShareState(url)).toEqual({ ok: true, state: makeState() })
  })

  it('fills seed, policy and faults from the scenario when the link leaves them out', () => {
    expect(decodeShareState('#s=free')).toEqual({
      ok: true,
      state: {
        scenario: { kind: 'builtin', id: 'free' },
        seed: 1,
        policy: 'sbdlb',
        faults: getBuiltinScenario('free').faults,
      },
    })
  })

  it.each(['', 'https://lab.example/', '#', '#help', '#x=1&y'])(
    'gives no state for %j, a URL without a shared run',
    (url) => {
      expect(decodeShareState(url)).toEqual({ ok: true, state: null })
    },
  )

  it.each([
    ['#s=B&seed=abc', 'link: seed: expected a whole number from 0 to 4294967295, got "abc"'],
    [
      '#s=B&seed=4294967296',
      'link: seed: expected a whole number from 0 to 4294967295, got "4294967296"',
    ],
    ['#s=B&seed=1.5', 'link: seed: expected a whole number from 0 to 4294967295, got "1.5"'],
    ['#s=Z', 'link: s: unknown scenario "Z"; expected A, B, C, D or free'],
    ['#seed=1', 'link: s: missing; expected a scenario id (A, B, C, D or free) or doc'],
    [
      '#s=B&policy=fastest',
      'link: policy: unknown policy "fastest"; expected sbdlb, round-robin, weighted-round-robin, throttled, active-monitoring, least-connections, random, power-of-two or honey-bee',
    ],
    ['#s=B&f=VM_5:boom:1', 'link: f[0]: action must be crash or restart, got "boom"'],
    [
      '#s=B&f=VM_5:crash:1,VM_5:crash',
      'link: f[1]: expected TARGET:ACTION:MS such as VM_5:crash:8000, got "VM_5:crash"',
    ],
    ['#s=B&f=L1:crash:5', 'link: f[0]: target must be a VM or LB id (VM_<n> or LB<k>), got "L1"'],
    ['#s=B&f=VM_5:crash:-5', 'link: f[0]: expected a whole number of simulated ms, got "-5"'],
    [
      '#s=B&f=VM_999:crash:5',
      'link: f[0]: no VM or LB named [VM_999] in this topology (LBs: LB1, LB2; VMs: VM_1...)',
    ],
    [
      '#s=B&f=VM_5:restart:5',
      'link: f[0]: [VM_5] is a VM; a VM cannot be restarted by a fault, its LB restarts it after a crash (use "crash")',
    ],
    ['#s=B&t=soon', 'link: t: expected a whole number of simulated ms, got "soon"'],
    ['#s=B&seed=1&seed=2', 'link: seed: given twice'],
    [
      '#s=B&zz=1',
      'link: unknown parameter "zz"; a link has s or doc, seed, policy, o.<section>.<field>, f and t',
    ],
    [
      '#s=B&doc=e30',
      'link: s and doc: a link names a built-in scenario (s) or carries one (doc), not both',
    ],
    ['#doc=%E0%A4%A', 'link: malformed percent-encoding in "%E0%A4%A"'],
    ['#doc=abc!', 'link: doc: not valid base64url (expected A–Z, a–z, 0–9, - and _ only)'],
    ['#doc=_w', 'link: doc: not valid UTF-8 after base64url decoding'],
    ['#doc=YWJj', `link: doc: not valid JSON (Unexpected token 'a', "abc" is not valid JSON)`],
    ['#doc=e30', 'link: doc: format: Invalid input: expected "dual-lb-scenario" (got nothing)'],
    [
      '#s=B&o.timings.vmTimeoutMs=soon',
      'link: o.timings.vmTimeoutMs: Invalid input: expected number, received string (got "soon")',
    ],
    ['#s=B&o.timings.nope=1', 'link: o.timings: unknown field [nope]'],
    [
      '#s=B&o.colour.red=1',
      'link: o.colour.red: unknown override; expected o.untilMs or o.<section>.<field> with a section of timings, latencies, sbdlb, queues or trace',
    ],
    [
      '#s=B&o.timings=1',
      'link: o.timings: expected o.timings.<field>, such as o.timings.vmTimeoutMs',
    ],
  ])('refuses the tampered link %j with one message', (url, message) => {
    expect(getError(url)).toBe(message)
  })

  it('refuses an inline scenario that does not validate', () => {
    const doc = { ...getBuiltinScenario('A'), topology: { zones: 0, vmsPerZone: 8 } }
    const hash = encodeShareState(makeState({ scenario: { kind: 'inline', doc }, faults: [] }))

    expect(getError(hash)).toBe(
      'link: doc: topology.zones: Too small: expected number to be >=1 (got 0)',
    )
  })
})

describe('getShareDocument', () => {
  it('applies seed, policy, the fault schedule and the overrides to the scenario', () => {
    const state = makeState({ overrides: { timings: { vmTimeoutMs: 8000 }, untilMs: 60000 } })

    const doc = getShareDocument(state)

    expect(doc).toMatchObject({
      name: 'Scenario B: VM failure and auto-recovery',
      seed: 3,
      policy: 'round-robin',
      faults: state.faults,
      timings: { vmTimeoutMs: 8000 },
      untilMs: 60000,
    })
    expect(parseScenario(doc).timings.vmTimeoutMs).toBe(8000)
  })
})

describe('getShareUrl', () => {
  it('joins the origin, the path and the hash', () => {
    const url = getShareUrl(makeState(), { origin: 'https://lab.example', pathname: '/lab/' })

    expect(url).toBe(
      'https://lab.example/lab/#s=B&seed=3&policy=round-robin&f=VM_5:crash:8000,LB1:crash:20000&t=18000',
    )
  })
})

// Faults valid in every built-in topology (two zones of at least two VMs each).
const fault: fc.Arbitrary<ShareFault> = fc.oneof(
  fc.record({
    atMs: fc.nat({ max: 10_000_000 }),
    target: fc.constantFrom('VM_1', 'VM_2', 'VM_101', 'VM_102'),
    action: fc.constant('crash' as const),
  }),
  fc.record({
    atMs: fc.nat({ max: 10_000_000 }),
    target: fc.constantFrom('LB1', 'LB2'),
    action: fc.constantFrom('crash' as const, 'restart' as const),
  }),
)

// Empty override sections say nothing, so a link leaves them out: generate none.
function dropEmptyOverrides(state: ShareState): ShareState {
  const entries = Object.entries(state.overrides ?? {}).filter(
    ([, value]) => typeof value !== 'object' || Object.keys(value).length > 0,
  )
  const { overrides: _, ...rest } = state
  return entries.length === 0 ? rest : { ...rest, overrides: Object.fromEntries(entries) }
}

const shareState: fc.Arbitrary<ShareState> = fc
  .record(
    {
      scenario: fc.oneof(
        fc.constantFrom(...BUILTIN_SCENARIO_IDS).map((id) => ({ kind: 'builtin' as const, id })),
        fc
          .tuple(fc.constantFrom('A', 'B', 'C', 'free' as const), fc.string({ maxLength: 40 }))
          .map(([id, name]) => ({
            kind: 'inline' as const,
            doc: { ...getBuiltinScenario(id), name },
          })),
      ),
      seed: fc.nat({ max: 0xffffffff }),
      policy: fc.constantFrom(...POLICY_NAMES_FOR_SCENARIO),
      faults: fc.array(fault, { maxLength: 6 }),
      overrides: fc.record(
        {
          timings: fc.record(
            { vmTimeoutMs: fc.integer({ min: 1, max: 100_000 }), vmRestartMs: fc.nat(60_000) },
            { requiredKeys: [] },
          ),
          queues: fc.record({ workStealing: fc.boolean() }, { requiredKeys: [] }),
          trace: fc.record({ detail: fc.constantFrom('full', 'messages', 'state') }),
          untilMs: fc.nat(),
        },
        { requiredKeys: [] },
      ),
      playheadMs: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    },
    { requiredKeys: ['scenario', 'seed', 'policy', 'faults'] },
  )
  .map(dropEmptyOverrides)

describe('share link (property)', () => {
  it('decodes every encoded state to the same state (fast-check, seed 401)', () => {
    fc.assert(
      fc.property(shareState, (state) => {
        const hash = encodeShareState(state)

        expect(decodeShareState(hash)).toEqual({ ok: true, state })
        expect(encodeShareState((decodeShareState(hash) as { state: ShareState }).state)).toBe(hash)
      }),
      { seed: 401, numRuns: 300 },
    )
  })

  it('answers any hash without throwing (fast-check, seed 402)', () => {
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom('s=', 'seed=', 'policy=', 'f=', 't=', 'doc=', 'o.timings.', '&', ':', ','),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const result = decodeShareState(`#${pieces.join('')}`)

        if (!result.ok) expect(result.error).toMatch(/^link: \S/)
      }),
      { seed: 402, numRuns: 1000 },
    )
  })
})
