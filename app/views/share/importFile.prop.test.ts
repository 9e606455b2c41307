// Fuzzing the lab's import with fast-check: any bytes, text or JSON gets an answer, never an
// exception, and a refusal is one line that starts with the file name. Seeds are in the titles.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { toTraceDocument } from '../../../src/engine/report'
import { getBuiltinScenario } from '../../../src/scenarios/builtins'
import { runScenario } from '../../../src/testing/runScenario'
import { makeBugReport } from '../../lib/bugReport'
import { detectImport, type ImportResult, importFile } from './importFile'

const TRACE = toTraceDocument(runScenario('A'))
const LAB_FILES = [
  TRACE,
  getBuiltinScenario('B'),
  getBuiltinScenario('D'),
  makeBugReport({ trace: TRACE, playheadMs: 1000 }),
]

function expectAnswer(result: ImportResult): void {
  if (result.ok) {
    expect(['trace', 'scenario', 'bug-report']).toContain(result.kind)
    return
  }
  expect(result.error.startsWith('f.json: ')).toBe(true)
  expect(result.error.length).toBeLessThan(500)
  expect(result.error).not.toContain('\n')
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

// Sets `value` at a random place of a lab file, or deletes what is there.
function mutate(doc: Json, where: number, value: Json | undefined): Json {
  const containers: (Json[] | { [key: string]: Json })[] = []
  const collect = (node: Json): void => {
    if (node === null || typeof node !== 'object') return
    containers.push(node)
    for (const child of Object.values(node)) collect(child)
  }
  collect(doc)
  const target = containers[where % containers.length] as Record<string, Json>
  const keys = Object.keys(target)
  if (keys.length === 0) return doc
  const key = keys[where % keys.length]
  if (value === undefined) delete target[key]
  else target[key] = value
  return doc
}

describe('detectImport (fuzz)', () => {
  it('answers any string (fast-check, seed 701)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expectAnswer(detectImport(text, 'f.json'))
      }),
      { seed: 701, numRuns: 1000 },
    )
  })

  it('answers any JSON value (fast-check, seed 702)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectAnswer(detectImport(JSON.stringify(value), 'f.json'))
      }),
      { seed: 702, numRuns: 1000 },
    )
  })

  it('answers objects that name a lab format with random fields (fast-check, seed 703)', () => {
    const doc = fc.record(
      {
        format: fc.constantFrom('dual-lb-trace', 'dual-lb-scenario', 'dual-lb-bug-report', 'x'),
        version: fc.constantFrom(1, 2, '1', null),
        seed: fc.oneof(fc.integer(), fc.double(), fc.string()),
        config: fc.jsonValue(),
        trace: fc.jsonValue(),
        faults: fc.jsonValue(),
        topology: fc.jsonValue(),
        workload: fc.jsonValue(),
        events: fc.array(fc.jsonValue(), { maxLength: 4 }),
      },
      { requiredKeys: ['format'] },
    )
    fc.assert(
      fc.property(doc, (value) => {
        expectAnswer(detectImport(JSON.stringify(value), 'f.json'))
      }),
      { seed: 703, numRuns: 1000 },
    )
  })

  it('answers mutated lab files (fast-check, seed 704)', () => {
    const texts = LAB_FILES.map((f) => JSON.stringify(f))
    fc.assert(
      fc.property(
        fc.nat(texts.length - 1),
        fc.array(
          fc.tuple(fc.nat(), fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined })),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.nat(),
        (which, changes, cut) => {
          let doc = JSON.parse(texts[which]) as Json
          for (const [where, value] of changes) doc = mutate(doc, where, value)
          const text = JSON.stringify(doc)

          expectAnswer(detectImport(text, 'f.json'))
          expectAnswer(detectImport(text.slice(0, cut % (text.length + 1)), 'f.json'))
        },
      ),
      { seed: 704, numRuns: 300 },
    )
  })

  it('answers random bytes read from a file (fast-check, seed 705)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => {
        expectAnswer(await importFile(new File([bytes], 'f.json')))
      }),
      { seed: 705, numRuns: 200 },
    )
  })
})
