// Jaeger export checked for the upload structure and for its spans on the fixtures.
// Test-only: reads hand-written fixtures, never the engine.

import { describe, expect, it } from 'vitest'
import { makeMixedTrace, makeNastyTrace, makeScenarioATrace, makeScenarioBTrace } from './fixtures'
import { exportJaeger, hashHex64, type JaegerDocument, type JaegerTrace } from './jaeger'

const TAG_TYPES: Record<string, string> = {
  string: 'string',
  bool: 'boolean',
  int64: 'number',
  float64: 'number',
}

// The structure the Jaeger UI's JSON upload reads; returns every broken rule.
function checkJaegerStructure(doc: JaegerDocument): string[] {
  const problems: string[] = []
  const isMicros = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0
  for (const trace of doc.data) {
    if (!/^[0-9a-f]{32}$/.test(trace.traceID)) problems.push(`traceID ${trace.traceID}`)
    const ids = new Set(trace.spans.map((s) => s.spanID))
    if (ids.size !== trace.spans.length) problems.push(`${trace.traceID}: duplicate spanIDs`)
    for (const span of trace.spans) {
      const at = `${trace.traceID}/${span.operationName}`
      if (span.traceID !== trace.traceID) problems.push(`${at}: traceID differs`)
      if (!/^[0-9a-f]{16}$/.test(span.spanID)) problems.push(`${at}: spanID ${span.spanID}`)
      if (span.operationName === '') problems.push(`${at}: empty operationName`)
      if (!isMicros(span.startTime) || !isMicros(span.duration)) problems.push(`${at}: times`)
      if (trace.processes[span.processID] === undefined) problems.push(`${at}: unknown process`)
      for (const ref of span.references) {
        if (ref.refType !== 'CHILD_OF' || !ids.has(ref.spanID) || ref.traceID !== trace.traceID) {
          problems.push(`${at}: bad reference`)
        }
      }
      for (const tag of [...span.tags, ...span.logs.flatMap((l) => l.fields)]) {
        if (typeof tag.value !== TAG_TYPES[tag.type]) problems.push(`${at}: tag ${tag.key} type`)
        if (tag.type === 'int64' && !Number.isInteger(tag.value))
          problems.push(`${at}: int64 ${tag.key}`)
      }
      for (const log of span.logs) if (!isMicros(log.timestamp)) problems.push(`${at}: log time`)
    }
    for (const process of Object.values(trace.processes)) {
      if (process.serviceName === '') problems.push(`${trace.traceID}: empty serviceName`)
    }
  }
  return problems
}

function getTrace(doc: JaegerDocument, task: string): JaegerTrace {
  const trace = doc.data.find((t) => t.spans[0].operationName === task)
  if (trace === undefined) throw new Error(`no trace for [${task}]`)
  return trace
}

describe('exportJaeger', () => {
  it.each([
    ['scenario A', makeScenarioATrace()],
    ['scenario B', makeScenarioBTrace()],
    ['mixed', makeMixedTrace()],
    ['nasty', makeNastyTrace()],
  ])('has the upload structure for the %s fixture', (_, trace) => {
    const doc = exportJaeger(trace)

    expect(checkJaegerStructure(doc)).toEqual([])
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc)
  })

  it('writes one trace per task with distinct trace ids', () => {
    const doc = exportJaeger(makeMixedTrace())

    expect(doc.data.map((t) => t.spans[0].operationName)).toEqual([
      'Task_101',
      'Task_102',
      'Task_103',
      'Task_104',
      'Task_105',
    ])
    expect(new Set(doc.data.map((t) => t.traceID)).size).toBe(5)
    expect(doc.total).toBe(5)
  })

  it('spans queueing, scheduling and execution of a normal run under a root', () => {
    const trace = exportJaeger(makeScenarioATrace()).data[0]

    const [root, ...children] = trace.spans
    expect(children.map((s) => [s.operationName, s.startTime, s.duration])).toEqual([
      ['queueing', 1_005_000, 0],
      ['scheduling', 1_005_000, 3_000],
      ['execution', 1_008_000, 2_000_000],
    ])
    expect(root.references).toEqual([])
    expect(children.every((s) => s.references[0]?.spanID === root.spanID)).toBe(true)
    // The root covers submission (1000 ms) to the completion notice (3009 ms).
    expect([root.startTime, root.duration]).toEqual([1_000_000, 2_009_000])
    expect(trace.processes[children[2].processID].serviceName).toBe('VM_5')
  })

  it('adds a rescue span from the crash to the requeue when a VM dies mid-run', () => {
    const trace = getTrace(exportJaeger(makeScenarioBTrace()), 'Task_101')

    const names = trace.spans.map((s) => s.operationName)
    expect(names).toEqual([
      'Task_101',
      'queueing',
      'scheduling',
      'execution',
      'rescue',
      'queueing',
      'scheduling',
      'execution',
    ])
    const lost = trace.spans[3]
    const rescue = trace.spans[4]
    expect(lost.startTime + lost.duration).toBe(13_000_000)
    expect([rescue.startTime, rescue.duration]).toEqual([13_000_000, 11_000_000])
    expect(rescue.tags).toContainEqual({ key: 'detection_ms', type: 'int64', value: 11_000 })
    expect(rescue.logs.map((l) => l.fields[0].value)).toContain(
      'Move Task_101 to High Priority Queue',
    )
  })

  it('marks a quarantined task as an error with its reason', () => {
    const root = getTrace(exportJaeger(makeMixedTrace()), 'Task_104').spans[0]

    expect(root.tags).toContainEqual({ key: 'error', type: 'bool', value: true })
    expect(root.tags).toContainEqual({
      key: 'reason',
      type: 'string',
      value: 'failed 3 attempts (limit 3)',
    })
  })

  it('keeps a task still queued at the end open until the last event', () => {
    const trace = getTrace(exportJaeger(makeMixedTrace()), 'Task_105')

    expect(trace.spans.map((s) => s.operationName)).toEqual(['Task_105', 'queueing'])
    const queueing = trace.spans[1]
    expect(queueing.startTime + queueing.duration).toBe(9_000_000)
  })

  it('keeps child spans inside their root', () => {
    for (const trace of exportJaeger(makeMixedTrace()).data) {
      const [root, ...children] = trace.spans
      for (const span of children) {
        expect(span.startTime).toBeGreaterThanOrEqual(root.startTime)
        expect(span.startTime + span.duration).toBeLessThanOrEqual(root.startTime + root.duration)
      }
    }
  })

  it('produces identical output for the same trace', () => {
    expect(exportJaeger(makeScenarioBTrace())).toEqual(exportJaeger(makeScenarioBTrace()))
  })
})

describe('hashHex64', () => {
  it('returns the FNV-1a 64 test vectors', () => {
    // Published FNV-1a 64 values: "" → cbf29ce484222325, "a" → af63dc4c8601ec8c.
    expect(hashHex64('')).toBe('cbf29ce484222325')
    expect(hashHex64('a')).toBe('af63dc4c8601ec8c')
  })
})
