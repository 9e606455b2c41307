import { describe, expect, it, vi } from 'vitest'
import { toTraceDocument } from '../../../src/engine/report'
import { getBuiltinScenario } from '../../../src/scenarios/builtins'
import { runScenario } from '../../../src/testing/runScenario'
import { makeBugReport } from '../../lib/bugReport'
import { getTraceJsonParts } from './exportFiles'
import { deliverImport, detectImport, type ImportHandlers, importFile } from './importFile'

const TRACE = toTraceDocument(runScenario('B'))
const TRACE_TEXT = JSON.stringify(TRACE)

// The trace as JSON text with one change applied.
function withChange(
  change: (doc: { events: Record<string, unknown>[] } & Record<string, unknown>) => void,
) {
  const doc = JSON.parse(TRACE_TEXT)
  change(doc)
  return JSON.stringify(doc)
}

function getError(text: string, name = 'trace.json'): string {
  const result = detectImport(text, name)
  if (result.ok) throw new Error(`expected ${name} to be refused`)
  return result.error
}

function makeHandlers(): ImportHandlers & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    onTrace: vi.fn(() => calls.push('trace')),
    onScenario: vi.fn(() => calls.push('scenario')),
    onBugReport: vi.fn(() => calls.push('bug report')),
    onError: vi.fn((message: string) => calls.push(`error: ${message}`)),
  }
}

describe('detectImport', () => {
  it('opens a trace in the CLI’s layout', () => {
    const text = getTraceJsonParts(TRACE).join('')

    expect(detectImport(text, 'trace.json')).toEqual({ ok: true, kind: 'trace', doc: TRACE })
  })

  it('opens a trace whose format field is not first', () => {
    const { format, ...rest } = TRACE
    const text = JSON.stringify({ ...rest, format })

    expect(detectImport(text, 'trace.json')).toEqual({ ok: true, kind: 'trace', doc: TRACE })
  })

  it('opens a scenario with its resolved config', () => {
    const doc = getBuiltinScenario('B')

    const result = detectImport(JSON.stringify(doc), 'b.json')

    expect(result).toMatchObject({ ok: true, kind: 'scenario', doc, config: { seed: 1 } })
  })

  it('opens a bug report', () => {
    const report = makeBugReport({ trace: TRACE, playheadMs: 18000 })

    expect(detectImport(JSON.stringify(report), 'bug.json')).toEqual({
      ok: true,
      kind: 'bug-report',
      report,
    })
  })

  it.each([
    ['', 'x.json: the file is empty; expected a trace, scenario or bug report (JSON)'],
    [
      'nope',
      'x.json: not valid JSON: expected a JSON value at line 1, column 1 (position 0), near "nope"',
    ],
    [
      '{"format": "dual-lb-scenario",\n "version": 1 oops}',
      'x.json: not valid JSON: expected "," or "}" at line 2, column 15 (position 45), near "oops}"',
    ],
    [
      '[1, 2]',
      'x.json: (document): expected a JSON object with "format": "dual-lb-trace", "dual-lb-scenario" or "dual-lb-bug-report", got an array of 2 items',
    ],
    [
      '{}',
      'x.json: format: missing; a lab file starts with "format": "dual-lb-trace", "dual-lb-scenario" or "dual-lb-bug-report"',
    ],
    [
      '{"format": "otel"}',
      'x.json: format: expected "dual-lb-trace", "dual-lb-scenario" or "dual-lb-bug-report", got "otel"',
    ],
    [
      '['.repeat(5000),
      'x.json: not a lab file: JSON nested deeper than 256 levels at line 1, column 257 (position 256)',
    ],
    [
      '{"format": "dual-lb-scenario", "version": 2}',
      'x.json: version: expected 1 (this build reads scenario version 1), got 2',
    ],
    ['{"format": "dual-lb-scenario"}', 'x.json: version: missing required field'],
    [
      '{"format": "dual-lb-trace", "version": 2}',
      'x.json: version: expected 1 (this build reads trace version 1), got 2',
    ],
    ['{"format": "dual-lb-bug-report", "version": 1}', 'x.json: createdBy: missing required field'],
  ])('refuses %j with one message', (text, message) => {
    expect(getError(text, 'x.json')).toBe(message)
  })

  it.each<
    [string, (d: { events: Record<string, unknown>[] } & Record<string, unknown>) => void, string]
  >([
    [
      'a negative time',
      (d) => {
        d.events[12].t = -5
      },
      'trace.json: events[12].t: expected a non-negative integer, got -5',
    ],
    [
      'a missing field',
      (d) => {
        delete d.events[1].label
      },
      'trace.json: events[1].label: missing required field',
    ],
    [
      'a VM the topology does not have',
      (d) => {
        d.events[1].to = 'VM_999'
      },
      'trace.json: events[1].to: no participant named "VM_999" in this trace\'s topology (2 zones, 16 VMs)',
    ],
    [
      'an id SPEC §1 does not know',
      (d) => {
        d.events[1].to = 'LB_1'
      },
      'trace.json: events[1].to: unknown participant id "LB_1"; SPEC §1 ids are Dispatcher, LB<k>, L1, L2_Z<z> or VM_<n>',
    ],
    [
      'a config that is not a scenario',
      (d) => {
        ;(d.config as Record<string, unknown>).topology = { zones: 0, vmsPerZone: 8 }
      },
      'trace.json: config.topology.zones: Too small: expected number to be >=1 (got 0)',
    ],
    [
      'a fault on a VM the config does not have',
      (d) => {
        ;(d.config as Record<string, unknown>).faults = [
          { atMs: 1, target: 'VM_999', action: 'crash' },
        ]
      },
      'trace.json: config.faults[0].target: no VM or LB named [VM_999] in this topology (LBs: LB1, LB2; VMs: VM_1...)',
    ],
  ])('refuses a trace with %s, naming the place', (_, change, message) => {
    expect(getError(withChange(change))).toBe(message)
  })

  it.each([
    [
      { faults: [{ atMs: 1000, target: 'VM_999', action: 'crash' }] },
      'b.json: faults[0].target: no VM or LB named [VM_999] in this topology (LBs: LB1, LB2; VMs: VM_1...)',
    ],
    [
      { faults: [{ atMs: -5, target: 'VM_5', action: 'crash' }] },
      'b.json: faults[0].atMs: Too small: expected number to be >=0 (got -5)',
    ],
    [{ colour: 'red' }, 'b.json: (document): unknown field [colour]'],
    [
      { workload: undefined },
      'b.json: workload: Invalid input: expected object, received undefined (got nothing)',
    ],
  ])('refuses a scenario changed by %j', (change, message) => {
    const text = JSON.stringify({ ...getBuiltinScenario('B'), ...change })

    expect(getError(text, 'b.json')).toBe(message)
  })

  it('refuses a bug report whose trace is broken, naming the place inside it', () => {
    const report = JSON.parse(JSON.stringify(makeBugReport({ trace: TRACE })))
    report.trace.events[12].t = -5

    expect(getError(JSON.stringify(report), 'bug.json')).toBe(
      'bug.json: trace.events[12].t: expected a non-negative integer, got -5',
    )
  })
})

describe('importFile', () => {
  it('reads a file and opens it', async () => {
    const file = new File([TRACE_TEXT], 'run.json', { type: 'application/json' })

    expect(await importFile(file)).toEqual({ ok: true, kind: 'trace', doc: TRACE })
  })

  it('refuses a huge file by its size, before reading it', async () => {
    const text = vi.fn()
    const file = { name: 'huge.json', size: 300 * 1024 * 1024, text } as unknown as File

    expect(await importFile(file)).toEqual({
      ok: false,
      error:
        'huge.json: trace is too large: 314572800 bytes (300 MB) is over the 200 MB limit; export a shorter run or a time window',
    })
    expect(text).not.toHaveBeenCalled()
  })

  it('answers with a message when the browser cannot read the file', async () => {
    const file = {
      name: 'gone.json',
      size: 10,
      text: () => Promise.reject(new Error('the file was moved')),
    } as unknown as File

    expect(await importFile(file)).toEqual({
      ok: false,
      error: 'gone.json: could not read the file (the file was moved)',
    })
  })

  it('refuses binary garbage with one message', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)
    const file = new File([bytes], 'noise.bin')

    const result = await importFile(file)

    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatch(/^noise\.bin: not valid JSON: /)
  })
})

describe('deliverImport', () => {
  it('calls exactly one handler per result', () => {
    const handlers = makeHandlers()

    deliverImport(detectImport(TRACE_TEXT, 't.json'), handlers)
    deliverImport(detectImport(JSON.stringify(getBuiltinScenario('A')), 's.json'), handlers)
    deliverImport(detectImport(JSON.stringify(makeBugReport({ trace: TRACE })), 'b.json'), handlers)
    deliverImport(detectImport('{}', 'x.json'), handlers)

    expect(handlers.calls).toEqual([
      'trace',
      'scenario',
      'bug report',
      'error: x.json: format: missing; a lab file starts with "format": "dual-lb-trace", "dual-lb-scenario" or "dual-lb-bug-report"',
    ])
  })

  it('reports a handler that throws instead of throwing', () => {
    const handlers = makeHandlers()
    handlers.onTrace = () => {
      throw new Error('worker gone')
    }

    deliverImport(detectImport(TRACE_TEXT, 't.json'), handlers)

    expect(handlers.calls).toEqual([
      'error: the file was read but could not be opened (worker gone)',
    ])
  })
})
