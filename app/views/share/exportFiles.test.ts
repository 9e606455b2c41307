import { afterEach, describe, expect, it } from 'vitest'
import { toTraceDocument } from '../../../src/engine/report'
import { runScenario } from '../../../src/testing/runScenario'
import {
  exportChromeTrace,
  exportJaeger,
  exportMermaid,
  exportMetricsCsv,
  exportRedisLogs,
  exportTaskCsv,
  MAX_METRICS_ROWS,
  mermaidLiveUrl,
} from '../../../src/trace/export'
import type { TraceDocument } from '../../../src/trace/types'
import {
  ExportError,
  type ExportSources,
  getExportItems,
  getMermaidLiveLink,
  getMetricsBucketMs,
  getTraceJsonParts,
  makeExportFile,
} from './exportFiles'
import { detectImport, readFileText } from './importFile'

const TRACE = toTraceDocument(runScenario('B'))
const PNG = 'data:image/png;base64,iVBORw0KGgo='

function makeSources(overrides: Partial<ExportSources> = {}): ExportSources {
  return {
    getTrace: async () => structuredClone(TRACE),
    fileBase: 'dual-lb-B-seed1',
    selectedTask: null,
    getScreenshot: async () => PNG,
    ...overrides,
  }
}

async function getText(id: Parameters<typeof makeExportFile>[0], sources = makeSources()) {
  const file = await makeExportFile(id, sources)
  return { name: file.name, type: file.blob.type, text: await readFileText(file.blob) }
}

afterEach(() => {
  document.body.replaceChildren()
})

describe('getExportItems', () => {
  it('lists every format, and the selected-task diagram only with a task selected', () => {
    const labels = getExportItems(null).map((i) => i.label)

    expect(labels).toEqual([
      'Trace (JSON)',
      'Mermaid diagram',
      'Open in mermaid.live',
      'Perfetto / Chrome trace',
      'Jaeger',
      'Tasks (CSV)',
      'Metrics (CSV)',
      'Redis logs',
      'Topology (SVG)',
      'Topology (PNG)',
      'Timeline (SVG)',
      'Timeline (PNG)',
      'Bug report',
    ])
    expect(getExportItems('Task_101').map((i) => i.label)[2]).toBe('Mermaid (selected task)')
  })
})

describe('getTraceJsonParts', () => {
  it('writes the header on one line and one event per line, as the CLI does', () => {
    const text = getTraceJsonParts(TRACE).join('')

    const lines = text.split('\n')
    expect(lines[0]).toBe(`${JSON.stringify({ ...TRACE, events: [] }).slice(0, -2)}`)
    expect(lines[1]).toBe(`${JSON.stringify(TRACE.events[0])},`)
    expect(lines.length).toBe(TRACE.events.length + 3)
    expect(text.endsWith(`${JSON.stringify(TRACE.events.at(-1))}\n]}\n`)).toBe(true)
  })

  it('gives back the identical trace through the importer', () => {
    const text = getTraceJsonParts(TRACE).join('')

    expect(detectImport(text, 'trace.json')).toEqual({ ok: true, kind: 'trace', doc: TRACE })
  })

  it('splits a long trace into pieces of about 64 kB', () => {
    const parts = getTraceJsonParts(TRACE)

    expect(parts.length).toBeGreaterThan(2)
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(70_000)
  })

  it('writes a trace without events as valid JSON', () => {
    const empty: TraceDocument = { ...TRACE, events: [] }

    expect(JSON.parse(getTraceJsonParts(empty).join(''))).toEqual(empty)
  })
})

describe('getMetricsBucketMs', () => {
  it('keeps one row per second for a normal run', () => {
    expect(getMetricsBucketMs(TRACE)).toBe(1000)
  })

  it('widens the rows for a run too long for one per second', () => {
    const last = {
      ...TRACE.events.at(-1),
      t: MAX_METRICS_ROWS * 2500,
    } as TraceDocument['events'][0]
    const long: TraceDocument = { ...TRACE, events: [...TRACE.events.slice(0, -1), last] }

    // 2.5 M seconds over 1 M rows: 3 s a row.
    expect(getMetricsBucketMs(long)).toBe(3000)
  })
})

describe('makeExportFile', () => {
  it.each([
    [
      'json',
      'dual-lb-B-seed1.trace.json',
      'application/json',
      () => getTraceJsonParts(TRACE).join(''),
    ],
    ['mermaid', 'dual-lb-B-seed1.mmd', 'text/plain;charset=utf-8', () => exportMermaid(TRACE)],
    [
      'chrome',
      'dual-lb-B-seed1.chrome.json',
      'application/json',
      () => `${JSON.stringify(exportChromeTrace(TRACE))}\n`,
    ],
    [
      'jaeger',
      'dual-lb-B-seed1.jaeger.json',
      'application/json',
      () => `${JSON.stringify(exportJaeger(TRACE))}\n`,
    ],
    [
      'tasks-csv',
      'dual-lb-B-seed1.tasks.csv',
      'text/csv;charset=utf-8',
      () => exportTaskCsv(TRACE),
    ],
    [
      'metrics-csv',
      'dual-lb-B-seed1.metrics.csv',
      'text/csv;charset=utf-8',
      () => exportMetricsCsv(TRACE, 1000),
    ],
  ] as const)('saves %s as %s', async (id, name, type, expected) => {
    expect(await getText(id)).toEqual({ name, type, text: expected() })
  })

  it('saves the selected task’s diagram under the task’s name', async () => {
    const file = await getText('mermaid-task', makeSources({ selectedTask: 'Task_101' }))

    expect(file.name).toBe('dual-lb-B-seed1.Task_101.mmd')
    expect(file.text).toBe(exportMermaid(TRACE, { task: 'Task_101' }))
  })

  it('saves the Redis logs as a ZIP with one file per cache', async () => {
    const file = await makeExportFile('redis', makeSources())

    // Stored, not compressed: names and logs are in the archive as they are.
    const text = await readFileText(file.blob)
    expect(file.name).toBe('dual-lb-B-seed1.redis.zip')
    expect(file.blob.type).toBe('application/zip')
    for (const [cache, log] of exportRedisLogs(TRACE.events)) {
      expect(text).toContain(`dual-lb-B-seed1-redis/${cache}.redis`)
      expect(text).toContain(log)
    }
  })

  it('refuses Redis logs for a trace without cache commands', async () => {
    const bare: TraceDocument = {
      ...TRACE,
      events: TRACE.events.filter((e) => e.type !== 'message'),
    }

    await expect(
      makeExportFile('redis', makeSources({ getTrace: async () => bare })),
    ).rejects.toThrow(
      new ExportError(
        'this trace has no cache commands (trace detail "state" leaves them out); run it with detail "full" or "messages"',
      ),
    )
  })

  it('saves a bug report that the importer opens again with the identical trace', async () => {
    const file = await getText('bug-report', makeSources({ playheadMs: 18000 }))

    const result = detectImport(file.text, file.name)

    expect(file.name).toBe('dual-lb-B-seed1.bug-report.json')
    expect(result).toMatchObject({
      ok: true,
      kind: 'bug-report',
      report: {
        seed: 1,
        playheadMs: 18000,
        screenshot: PNG,
        faults: [{ atMs: 8000, target: 'VM_5' }],
      },
    })
    expect(result.ok && result.kind === 'bug-report' && result.report.trace).toEqual(TRACE)
  })

  it('saves a bug report without a screenshot when none can be taken', async () => {
    const sources = makeSources({ getScreenshot: () => Promise.reject(new Error('no canvas')) })

    const file = await getText('bug-report', sources)

    expect(JSON.parse(file.text).screenshot).toBeUndefined()
  })

  it('saves the topology view as SVG', async () => {
    const region = document.createElement('section')
    region.setAttribute('aria-label', 'Topology')
    region.innerHTML = '<svg width="40" height="20"><rect width="4" height="4"/></svg>'
    document.body.append(region)

    const file = await getText('topology-svg')

    expect(file.name).toBe('dual-lb-B-seed1.topology.svg')
    expect(file.type).toBe('image/svg+xml')
    expect(file.text).toContain('<rect width="4" height="4"')
  })

  it('says when the timeline is not on screen', async () => {
    await expect(getText('timeline-svg')).rejects.toThrow(
      'the Sequence timeline view is not on screen',
    )
  })
})

describe('getMermaidLiveLink', () => {
  it('links the selected task’s diagram when a task is selected', async () => {
    const link = await getMermaidLiveLink(makeSources({ selectedTask: 'Task_102' }))

    expect(link).toBe(mermaidLiveUrl(exportMermaid(TRACE, { task: 'Task_102' })))
  })

  it('links the whole run otherwise', async () => {
    expect(await getMermaidLiveLink(makeSources())).toBe(mermaidLiveUrl(exportMermaid(TRACE)))
  })
})
