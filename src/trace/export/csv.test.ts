// CSV exports checked with a strict RFC 4180 reader and hand-derived figures.
// Test-only: reads hand-written fixtures, never the engine.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  exportMetricsCsv,
  exportTaskCsv,
  formatCsvField,
  METRICS_CSV_COLUMNS,
  TASK_CSV_COLUMNS,
} from './csv'
import { makeLargeTrace, makeMixedTrace, makeScenarioBTrace, makeTraceBuilder } from './fixtures'

// A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes.
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += ch
  }
  if (field !== '' || row.length > 0) throw new Error('last record does not end in CRLF')
  return rows
}

describe('exportTaskCsv', () => {
  it('writes one row per task with the documented columns', () => {
    const rows = parseCsv(exportTaskCsv(makeMixedTrace()))

    expect(rows[0]).toEqual([...TASK_CSV_COLUMNS])
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      'Task_101',
      'Task_102',
      'Task_103',
      'Task_104',
      'Task_105',
    ])
    expect(rows.every((r) => r.length === TASK_CSV_COLUMNS.length)).toBe(true)
  })

  it('derives times, placement and status of each task from the trace', () => {
    const rows = parseCsv(exportTaskCsv(makeMixedTrace())).slice(1)

    // Task_101: submitted at 1000, RUNNING at 1008 (8 ms of queueing and SBDLB), FINISHED at 3008.
    expect(rows[0]).toEqual([
      'Task_101',
      'Text',
      '1000',
      '1008',
      '3008',
      'VM_5',
      'LB1',
      '1',
      '8',
      '2000',
      '2008',
      'FINISHED',
      '',
    ])
    expect(rows[2].slice(0, 7)).toEqual([
      'Task_103',
      'Reel',
      '2000',
      '2008',
      '7008',
      'VM_101',
      'LB2',
    ])
    // Task_104: third run starts at 4600, then quarantine; no finish, run or response time.
    expect(rows[3]).toEqual([
      'Task_104',
      'Text',
      '2500',
      '4600',
      '',
      'VM_5',
      'LB1',
      '3',
      '2100',
      '',
      '',
      'QUARANTINED',
      'failed 3 attempts (limit 3)',
    ])
    expect(rows[4]).toEqual([
      'Task_105',
      'Image',
      '8000',
      '',
      '',
      '',
      'LB1',
      '0',
      '',
      '',
      '',
      'QUEUED',
      '',
    ])
  })

  it('counts a run lost to a VM crash as an attempt and as waiting time', () => {
    const rows = parseCsv(exportTaskCsv(makeScenarioBTrace())).slice(1)

    // Arrived at 500, lost on VM_5, restarted on VM_6 at 24005, finished at 26005.
    expect(rows[0]).toEqual([
      'Task_101',
      'Reel',
      '500',
      '24005',
      '26005',
      'VM_6',
      'LB1',
      '2',
      '23505',
      '2000',
      '25505',
      'FINISHED',
      '',
    ])
  })

  it('quotes a field holding commas, quotes or line breaks', () => {
    const doc = makeTraceBuilder()
      .msg(0, 'Dispatcher', 'LB1', 'Submit Task Payload', { task: 'Task_101' })
      .state(1, 'Task_101', 'NEW', 'QUEUED')
      .state(2, 'Task_101', 'QUEUED', 'QUARANTINED', 'bad "input",\r\nsecond line')
      .build()

    const text = exportTaskCsv(doc)

    expect(text).toContain('"bad ""input"",\r\nsecond line"\r\n')
    expect(parseCsv(text)[1].at(-1)).toBe('bad "input",\r\nsecond line')
  })
})

describe('formatCsvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('writes %j as %j', (input, expected) => {
    expect(formatCsvField(input)).toBe(expected)
  })

  it('writes null as an empty field and numbers as digits', () => {
    expect([formatCsvField(null), formatCsvField(42)]).toEqual(['', '42'])
  })

  it('round-trips any string through an RFC 4180 reader (fast-check, seed 4180)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }),
        (fields) => {
          const line = `${fields.map(formatCsvField).join(',')}\r\n`

          expect(parseCsv(line)).toEqual([fields])
        },
      ),
      { seed: 4180, numRuns: 300 },
    )
  })
})

describe('exportMetricsCsv', () => {
  it('samples load at the end of each bucket', () => {
    const rows = parseCsv(exportMetricsCsv(makeMixedTrace(), 1000))

    expect(rows[0]).toEqual([...METRICS_CSV_COLUMNS])
    // The trace ends at 9000 ms, so buckets run 0–1000 … 9000–10000.
    expect(rows).toHaveLength(11)
    // By 6000 ms Task_101 and Task_102 finished, Task_104 is quarantined, VM_6 crashed at 6000.
    expect(rows[6]).toEqual(['5000', '6000', '1', '0', '2', '1', '3', '0', '1'])
    expect(rows[7]).toEqual(['6000', '7000', '1', '0', '2', '1', '2', '0', '0'])
    expect(rows[10]).toEqual(['9000', '10000', '0', '1', '3', '1', '2', '0', '0'])
  })

  it('counts every arrival once and keeps finished counts non-decreasing', () => {
    const rows = parseCsv(exportMetricsCsv(makeLargeTrace(120), 250)).slice(1)

    expect(rows.reduce((sum, r) => sum + Number(r[7]), 0)).toBe(120)
    expect(rows.reduce((sum, r) => sum + Number(r[8]), 0)).toBe(120)
    const finished = rows.map((r) => Number(r[4]))
    expect(finished).toEqual([...finished].sort((a, b) => a - b))
    expect(finished.at(-1)).toBe(120)
  })

  it.each([0, -5, 1.5, Number.NaN])('rejects a bucket of %s ms', (bucketMs) => {
    expect(() => exportMetricsCsv(makeMixedTrace(), bucketMs)).toThrow(RangeError)
  })

  it('asks for a wider bucket instead of writing millions of rows', () => {
    const doc = makeTraceBuilder().msg(5_000_000, 'LB1', 'LB1', 'late').build()

    expect(() => exportMetricsCsv(doc, 1)).toThrow(/use a wider bucket/)
  })
})
