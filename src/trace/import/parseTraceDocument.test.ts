// Trace import: round trips of fixtures and the exact message for each kind of bad input.
// Test-only: reads hand-written fixtures, never files.

import { describe, expect, it } from 'vitest'
import {
  makeLargeTrace,
  makeMixedTrace,
  makeScenarioATrace,
  makeScenarioBTrace,
} from '../export/fixtures'
import type { TraceDocument } from '../types'
import {
  getTraceSizeError,
  locateJsonError,
  MAX_TRACE_CHARS,
  parseTraceDocument,
} from './parseTraceDocument'

function getError(text: string): string {
  const result = parseTraceDocument(text)
  if (result.ok) throw new Error('expected the import to fail')
  return result.error
}

// Scenario A as text with one change applied to the parsed JSON.
function withChange(change: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(JSON.stringify(makeScenarioATrace())) as Record<string, unknown>
  change(doc)
  return JSON.stringify(doc)
}

function getEvents(doc: Record<string, unknown>): Record<string, unknown>[] {
  return doc.events as Record<string, unknown>[]
}

describe('parseTraceDocument', () => {
  it.each([
    ['scenario A', makeScenarioATrace()],
    ['scenario B', makeScenarioBTrace()],
    ['mixed', makeMixedTrace()],
    ['large', makeLargeTrace(50)],
  ])('round-trips the %s fixture through JSON', (_, doc: TraceDocument) => {
    const result = parseTraceDocument(JSON.stringify(doc, null, 2))

    expect(result).toEqual({ ok: true, doc })
  })

  it('accepts a byte-order mark before the JSON', () => {
    const doc = makeScenarioATrace()

    expect(parseTraceDocument(`\ufeff${JSON.stringify(doc)}`)).toEqual({ ok: true, doc })
  })

  it.each([
    ['', 'the file is empty; expected a JSON trace'],
    ['  \n ', 'the file is empty; expected a JSON trace'],
    ['nope', 'not valid JSON: expected a JSON value at line 1, column 1 (position 0), near "nope"'],
    [
      '{"format": "dual-lb-trace",\n  "version": 1,\n  "seed": 1 oops}',
      'not valid JSON: expected "," or "}" at line 3, column 13 (position 56), near "oops}"',
    ],
    [
      '{"a": [1, 2',
      'not valid JSON: unexpected end of input, expected "," or "]" at line 1, column 12 (position 11), at the end of the file',
    ],
    [
      '[1, 2]',
      '(document): expected a JSON object with "format": "dual-lb-trace", got an array of 2 items',
    ],
    ['{}', 'format: missing; a trace file starts with "format": "dual-lb-trace"'],
    ['{"format": "otel"}', 'format: expected "dual-lb-trace", got "otel"'],
    [
      '{"format": "dual-lb-scenario", "version": 1}',
      'format: expected "dual-lb-trace", got "dual-lb-scenario"; this is a scenario file, import it as a scenario',
    ],
    ['{"format": "dual-lb-trace"}', 'version: missing required field'],
    [
      '{"format": "dual-lb-trace", "version": 2}',
      'version: expected 1 (this build reads trace version 1), got 2',
    ],
  ])('rejects %j with a message naming the problem', (text, message) => {
    expect(getError(text)).toBe(message)
  })

  it.each([
    [
      'a negative time',
      (d: Record<string, unknown>) => {
        getEvents(d)[12].t = -5
      },
      'events[12].t: expected a non-negative integer, got -5',
    ],
    [
      'a fractional time',
      (d: Record<string, unknown>) => {
        getEvents(d)[3].t = 1000.5
      },
      'events[3].t: expected a non-negative integer, got 1000.5',
    ],
    [
      'time going back',
      (d: Record<string, unknown>) => {
        getEvents(d)[5].t = 10
      },
      'events[5].t: time goes back: 10 ms after 1005 ms at events[4]',
    ],
    [
      'a seq gap',
      (d: Record<string, unknown>) => {
        getEvents(d)[4].seq = 7
      },
      'events[4].seq: expected 5 (seq counts 1, 2, 3… without gaps), got 7',
    ],
    [
      'a missing label',
      (d: Record<string, unknown>) => {
        delete getEvents(d)[2].label
      },
      'events[2].label: missing required field',
    ],
    [
      'an unknown participant',
      (d: Record<string, unknown>) => {
        getEvents(d)[2].to = 'LB_1'
      },
      'events[2].to: unknown participant id "LB_1"; SPEC §1 ids are Dispatcher, LB<k>, L1, L2_Z<z> or VM_<n>',
    ],
    [
      'an unknown task id',
      (d: Record<string, unknown>) => {
        getEvents(d)[2].task = 'task101'
      },
      'events[2].task: unknown task id "task101"; SPEC §1 task ids are Task_<n>',
    ],
    [
      'an unknown note participant',
      (d: Record<string, unknown>) => {
        getEvents(d)[1].over = ['Dispatcher', 'LoadBalancer']
      },
      'events[1].over[1]: unknown participant id "LoadBalancer"; SPEC §1 ids are Dispatcher, LB<k>, L1, L2_Z<z> or VM_<n>',
    ],
    [
      'an unknown event type',
      (d: Record<string, unknown>) => {
        getEvents(d)[0].type = 'span'
      },
      'events[0].type: expected one of "message", "state", "note", "fault", got "span"',
    ],
    [
      'an event that is not an object',
      (d: Record<string, unknown>) => {
        getEvents(d)[0] = 42 as unknown as Record<string, unknown>
      },
      'events[0]: expected an event object, got 42',
    ],
    [
      'an unknown field',
      (d: Record<string, unknown>) => {
        getEvents(d)[2].colour = 'red'
      },
      'events[2]: unknown field "colour"',
    ],
    [
      'a bad message kind',
      (d: Record<string, unknown>) => {
        getEvents(d)[2].kind = 'cast'
      },
      'events[2].kind: expected "call", "reply" or "self", got "cast"',
    ],
    [
      'a state name SPEC §6 does not know',
      (d: Record<string, unknown>) => {
        getEvents(d)[0].to = 'UP'
      },
      'events[0].to: expected a state of VM_5 (BOOTING, ALIVE, CRASHED, DEAD, RESTARTING), got "UP"',
    ],
    [
      'a command argument that is not a string',
      (d: Record<string, unknown>) => {
        ;(getEvents(d)[3].command as { args: unknown[] }).args[2] = 5
      },
      'events[3].command.args[2]: expected a string, got 5',
    ],
    [
      'a missing config',
      (d: Record<string, unknown>) => {
        delete d.config
      },
      'config: missing required field',
    ],
    [
      'a fractional seed',
      (d: Record<string, unknown>) => {
        d.seed = 1.5
      },
      'seed: expected an integer seed, got 1.5',
    ],
    [
      'events that are not an array',
      (d: Record<string, unknown>) => {
        d.events = {}
      },
      'events: expected an array of events, got an object',
    ],
    [
      'an unknown top-level field',
      (d: Record<string, unknown>) => {
        d.extra = true
      },
      '(document): unknown field "extra"',
    ],
  ])('rejects %s with its place and value', (_, change, message) => {
    expect(getError(withChange(change))).toBe(message)
  })

  it('rejects text over 200 MB before parsing it', () => {
    const huge = ' '.repeat(MAX_TRACE_CHARS + 1)

    const started = process.hrtime.bigint()
    const error = getError(huge)
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6

    expect(error).toMatch(/^trace is too large: 209715201 bytes .* over the 200 MB limit/)
    expect(elapsedMs).toBeLessThan(100)
  })

  it('rejects 20 MB of brackets quickly instead of building a deep structure', () => {
    const error = getError('['.repeat(20 * 1024 * 1024))

    expect(error).toBe(
      'not a trace: JSON nested deeper than 256 levels at line 1, column 257 (position 256); a trace is only a few levels deep',
    )
  })

  it('answers a value that is not a string instead of throwing', () => {
    const result = parseTraceDocument(42 as unknown as string)

    expect(result).toEqual({ ok: false, error: "expected the file's text as a string, got number" })
  })
})

describe('getTraceSizeError', () => {
  it('accepts 200 MB and rejects one byte more', () => {
    expect(getTraceSizeError(MAX_TRACE_CHARS)).toBeNull()
    expect(getTraceSizeError(MAX_TRACE_CHARS + 1)).toMatch(/over the 200 MB limit/)
  })
})

describe('locateJsonError', () => {
  it.each([
    ['{"a":1}', null],
    ['{"a":1,}', { offset: 7, problem: 'expected a property name in double quotes' }],
    ['"\\x"', { offset: 1, problem: 'bad escape in a string' }],
    ['"a\tb"', { offset: 2, problem: 'raw control character in a string (escape it)' }],
    ['01', { offset: 1, problem: 'unexpected text after the JSON value' }],
    ['tru', { offset: 0, problem: 'expected a JSON value' }],
  ])('finds the error in %j', (text, expected) => {
    expect(locateJsonError(text)).toEqual(expected)
  })

  it('agrees with JSON.parse on which texts are valid', () => {
    const texts = ['[]', '{}', '[1,[2,{"a":null}]]', '-0.5e+3', '"\\u00e9"', '[,]', '{"a"}', '1 2']

    for (const text of texts) {
      let valid = true
      try {
        JSON.parse(text)
      } catch {
        valid = false
      }
      expect(locateJsonError(text) === null).toBe(valid)
    }
  })
})
