// RFC 4180 output, compat rows and the human table. Test-only.

import { describe, expect, it } from 'vitest'
import { CLOUDSIM_TARGETS } from './cloudsimCompat'
import { toCsv, toCsvField, toHumanTable } from './csv'
import { getCompatRows, KEY_COLUMNS, METRIC_COLUMNS, type ResultRow } from './rows'

const ROW: ResultRow = {
  experiment: 'sbdlb-s1',
  model: 'ours',
  policy: 'sbdlb',
  setting: '10',
  subset: 'all',
  seeds: 2,
  values: { tasks: 1000, response_mean_s: 443.25, cost_usd: 1 / 3 },
}

describe('toCsvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [null, ''],
    [12, '12'],
    [0.1 + 0.2, '0.3'],
    [Number.NaN, ''],
  ])('writes %j as %j', (value, expected) => {
    expect(toCsvField(value)).toBe(expected)
  })
})

describe('toCsv', () => {
  it('writes a header and CRLF-terminated records with empty cells for missing metrics', () => {
    const csv = toCsv([ROW])
    const [header, record, end] = csv.split('\r\n')

    expect(header.split(',')).toEqual([...KEY_COLUMNS, ...METRIC_COLUMNS])
    expect(record.split(',')).toHaveLength(KEY_COLUMNS.length + METRIC_COLUMNS.length)
    expect(record.startsWith('sbdlb-s1,ours,sbdlb,10,all,2,1000,')).toBe(true)
    expect(record).toContain(',443.25,')
    expect(record).toContain(',0.333333,')
    expect(end).toBe('')
  })
})

describe('getCompatRows', () => {
  it('sets the published figure and the relative difference', () => {
    const rows = getCompatRows([
      {
        policy: 'round-robin',
        tasks: 2000,
        finished: 2000,
        avgResponseS: 10_185_060.88 * 1.01,
        makespanS: 1,
      },
    ])

    expect(rows).toHaveLength(1)
    expect(rows[0].values.published_response_mean_s).toBe(CLOUDSIM_TARGETS['round-robin'])
    expect(rows[0].values.published_diff_pct).toBeCloseTo(1, 9)
  })
})

describe('toHumanTable', () => {
  it('lines up a header and one line per row', () => {
    const lines = toHumanTable([ROW]).split('\n')

    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('443.3')
  })
})
