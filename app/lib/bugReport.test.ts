import { describe, expect, it } from 'vitest'
import { toTraceDocument } from '../../src/engine/report'
import { runScenario } from '../../src/testing/runScenario'
import type { TraceDocument } from '../../src/trace/types'
import {
  checkReplayableTrace,
  makeBugReport,
  nestScenarioMessage,
  parseBugReport,
  parseJsonDocument,
} from './bugReport'

const TRACE = toTraceDocument(runScenario('B'))
const PNG = 'data:image/png;base64,iVBORw0KGgo='

function getTrace(): TraceDocument {
  return structuredClone(TRACE)
}

// A report as plain JSON, so a test can break any field.
type ReportJson = Record<string, unknown> & {
  trace: { events: Record<string, unknown>[]; config: Record<string, unknown> }
  config: Record<string, unknown>
  faults: Record<string, unknown>[]
}

// The report as parsed JSON with one change applied, back as text.
function withChange(change: (report: ReportJson) => void): string {
  const report = JSON.parse(JSON.stringify(makeBugReport({ trace: getTrace() })))
  change(report)
  return JSON.stringify(report)
}

function getError(input: unknown): string {
  const result = parseBugReport(input)
  if (result.ok) throw new Error('expected the bug report to be refused')
  return result.error
}

describe('makeBugReport', () => {
  it('bundles the seed, config, faults and trace of the run', () => {
    const trace = getTrace()

    const report = makeBugReport({
      trace,
      screenshotPng: PNG,
      note: 'LB2 never took over',
      playheadMs: 18000,
    })

    expect(report).toEqual({
      format: 'dual-lb-bug-report',
      version: 1,
      createdBy: 'Dual-LB Lab',
      seed: 1,
      config: trace.config,
      faults: [{ atMs: 8000, target: 'VM_5', action: 'crash' }],
      playheadMs: 18000,
      note: 'LB2 never took over',
      screenshot: PNG,
      trace,
    })
    expect(Object.keys(report).at(-1)).toBe('trace')
  })

  it('leaves the screenshot, note and playhead out when there are none', () => {
    expect(Object.keys(makeBugReport({ trace: getTrace() }))).toEqual([
      'format',
      'version',
      'createdBy',
      'seed',
      'config',
      'faults',
      'trace',
    ])
  })
})

describe('parseBugReport', () => {
  it('reads back a report saved as JSON text', () => {
    const report = makeBugReport({ trace: getTrace(), screenshotPng: PNG, playheadMs: 5 })

    expect(parseBugReport(JSON.stringify(report, null, 2))).toEqual({ ok: true, report })
  })

  it('reads back a report given as a parsed value', () => {
    const report = makeBugReport({ trace: getTrace() })

    expect(parseBugReport(JSON.parse(JSON.stringify(report)))).toEqual({ ok: true, report })
  })

  it.each<[string, (r: ReportJson) => void, string]>([
    [
      'another format',
      (r) => {
        r.format = 'dual-lb-trace'
      },
      'format: expected "dual-lb-bug-report", got "dual-lb-trace"',
    ],
    [
      'a newer version',
      (r) => {
        r.version = 2
      },
      'version: expected 1 (this build reads bug report version 1), got 2',
    ],
    [
      'an unknown field',
      (r) => {
        r.colour = 'red'
      },
      '(document): unknown field "colour"',
    ],
    [
      'no trace',
      (r) => {
        delete (r as Record<string, unknown>).trace
      },
      'trace: missing required field',
    ],
    [
      'a negative time in the trace',
      (r) => {
        r.trace.events[12].t = -5
      },
      'trace.events[12].t: expected a non-negative integer, got -5',
    ],
    [
      'a participant the topology does not have',
      (r) => {
        r.trace.events[1].to = 'VM_999'
      },
      'trace.events[1].to: no participant named "VM_999" in this trace\'s topology (2 zones, 16 VMs)',
    ],
    [
      'a config that is not a scenario',
      (r) => {
        r.config.topology = { zones: 0, vmsPerZone: 1 }
        r.trace.config.topology = { zones: 0, vmsPerZone: 1 }
      },
      'trace.config.topology.zones: Too small: expected number to be >=1 (got 0)',
    ],
    [
      'a seed that is not the trace’s',
      (r) => {
        r.seed = 7
      },
      'seed: 7 differs from trace.seed 1; they must agree',
    ],
    [
      'a config that is not the trace’s',
      (r) => {
        r.config.name = 'edited'
      },
      "config: differs from trace.config; a bug report carries the trace's own config",
    ],
    [
      'faults that are not the config’s',
      (r) => {
        r.faults = []
      },
      'faults: differ from config.faults; a bug report lists the faults its config ran',
    ],
    [
      'a fault without a time',
      (r) => {
        delete r.faults[0].atMs
      },
      'faults[0].atMs: expected a non-negative integer, got nothing',
    ],
    [
      'a screenshot that is not a PNG',
      (r) => {
        r.screenshot = 'data:image/jpeg;base64,AAAA'
      },
      'screenshot: expected a PNG data URL (data:image/png;base64,…), got "data:image/jpeg;base64,AAAA"',
    ],
    [
      'a negative playhead',
      (r) => {
        r.playheadMs = -1
      },
      'playheadMs: expected a non-negative integer, got -1',
    ],
    [
      'a fractional seed',
      (r) => {
        r.seed = 1.5
      },
      'seed: expected a whole number from 0 to 4294967295, got 1.5',
    ],
  ])('refuses %s with its place', (_, change, message) => {
    expect(getError(withChange(change))).toBe(message)
  })

  it.each([
    ['', 'the file is empty; expected a JSON bug report'],
    [
      '{"format": ',
      'not valid JSON: unexpected end of input, expected a JSON value at line 1, column 12 (position 11), at the end of the file',
    ],
    [
      '[]',
      '(document): expected a JSON object with "format": "dual-lb-bug-report", got an array of 0 items',
    ],
    ['{}', 'format: missing; a bug report starts with "format": "dual-lb-bug-report"'],
  ])('refuses the text %j', (text, message) => {
    expect(getError(text)).toBe(message)
  })
})

describe('checkReplayableTrace', () => {
  it('accepts a trace of the engine', () => {
    expect(checkReplayableTrace(getTrace())).toBeNull()
  })

  it('names a note over a participant the topology does not have', () => {
    const trace = getTrace()
    const at = trace.events.findIndex((e) => e.type === 'note')
    const note = trace.events[at]
    if (note.type !== 'note') throw new Error('expected a note')
    note.over = ['LB1', 'L2_Z9']

    expect(checkReplayableTrace(trace)).toBe(
      `events[${at}].over[1]: no participant named "L2_Z9" in this trace's topology (2 zones, 16 VMs)`,
    )
  })
})

describe('nestScenarioMessage', () => {
  it.each([
    ['config: topology.zones: too small', 'config.topology.zones: too small'],
    ['config: (document): unknown field [x]', 'config: unknown field [x]'],
    ['config: faults[0].target: no VM', 'config.faults[0].target: no VM'],
  ])('nests %j under its prefix', (message, nested) => {
    expect(nestScenarioMessage(message, 'config', 'config')).toBe(nested)
  })
})

describe('parseJsonDocument', () => {
  it('refuses nesting deeper than a lab file needs before parsing', () => {
    expect(parseJsonDocument('['.repeat(300), 'JSON')).toEqual({
      ok: false,
      error:
        'not a lab file: JSON nested deeper than 256 levels at line 1, column 257 (position 256)',
    })
  })

  it('skips a byte-order mark', () => {
    expect(parseJsonDocument('\ufeff{"a": 1}', 'JSON')).toEqual({ ok: true, value: { a: 1 } })
  })
})
