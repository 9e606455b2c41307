// RFC 4180 CSV of result rows and a short fixed-width table for humans. Pure string building;
// writing files or streams is the CLI's job.

import { KEY_COLUMNS, METRIC_COLUMNS, type ResultRow } from './rows'

/** One CSV field: quoted when it holds a comma, quote, CR or LF; quotes doubled (RFC 4180 §2). */
export function toCsvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  const text = typeof value === 'number' ? formatNumber(value) : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

// Integers as they are; others to 6 significant decimals, without exponent noise for big values.
function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return ''
  if (Number.isInteger(n)) return String(n)
  return String(Number(n.toFixed(6)))
}

/** The rows as CSV: a header line, then one record per row, every line ending in CRLF. */
export function toCsv(rows: readonly ResultRow[]): string {
  const header = [...KEY_COLUMNS, ...METRIC_COLUMNS].join(',')
  const lines = rows.map((row) =>
    [
      row.experiment,
      row.model,
      row.policy,
      row.setting,
      row.subset,
      row.seeds,
      ...METRIC_COLUMNS.map((c) => row.values[c] ?? null),
    ]
      .map(toCsvField)
      .join(','),
  )
  return `${[header, ...lines].join('\r\n')}\r\n`
}

const fmt = (n: number | null | undefined, digits = 1) =>
  n === null || n === undefined ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits })

/** A compact table: policy, setting, response mean/p95, makespan, utilisation CV, cost, vs baseline. */
export function toHumanTable(rows: readonly ResultRow[]): string {
  const head = [
    'model',
    'policy',
    'setting',
    'subset',
    'resp mean s',
    'resp p95 s',
    'makespan s',
    'util CV',
    'cost $',
    'vs base %',
    'published s',
  ]
  const body = rows.map((r) => [
    r.model,
    r.policy,
    r.setting,
    r.subset,
    fmt(r.values.response_mean_s),
    fmt(r.values.response_p95_s),
    fmt(r.values.makespan_s),
    fmt(r.values.util_cv, 3),
    fmt(r.values.cost_usd, 0),
    fmt(r.values.response_vs_baseline_pct ?? r.values.published_diff_pct, 2),
    fmt(r.values.published_response_mean_s, 2),
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  return [line(head), ...body.map(line)].join('\n')
}
