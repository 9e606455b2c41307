// Fuzzing the trace import with fast-check: it always answers, never throws, and names a place.
// Test-only: seeds are fixed in the titles so any failure replays.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeMixedTrace, makeScenarioBTrace } from '../export/fixtures'
import { locateJsonError, parseTraceDocument } from './parseTraceDocument'

// Every answer is a result object: a document that keeps the §7 ordering rules, or one line.
function expectAnswer(text: string): void {
  const result = parseTraceDocument(text)
  if (result.ok) {
    result.doc.events.forEach((e, i) => {
      expect(e.seq).toBe(i + 1)
      if (i > 0) expect(e.t).toBeGreaterThanOrEqual(result.doc.events[i - 1].t)
    })
    return
  }
  expect(typeof result.error).toBe('string')
  expect(result.error.length).toBeGreaterThan(10)
  expect(result.error.length).toBeLessThan(400)
  expect(result.error).not.toContain('\n')
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

interface Mutation {
  where: number
  op: 'replace' | 'delete' | 'add' | 'swap' | 'truncate'
  value: Json
  key: string
}

// One mutation of a parsed trace at a random place: replace, delete, add a key, reorder, or cut.
const mutation: fc.Arbitrary<Mutation> = fc.record({
  where: fc.nat(),
  op: fc.constantFrom('replace', 'delete', 'add', 'swap', 'truncate'),
  value: fc.jsonValue() as fc.Arbitrary<Json>,
  key: fc.string({ maxLength: 8 }),
})

function collectContainers(node: Json, out: (Json[] | { [key: string]: Json })[]): void {
  if (node === null || typeof node !== 'object') return
  out.push(node)
  for (const child of Object.values(node)) collectContainers(child, out)
}

function mutate(doc: Json, m: Mutation): Json {
  const containers: (Json[] | { [key: string]: Json })[] = []
  collectContainers(doc, containers)
  const target = containers[m.where % containers.length]
  const keys = Object.keys(target)
  const key = keys.length > 0 ? keys[m.where % keys.length] : m.key
  const record = target as Record<string, Json>
  if (m.op === 'replace') record[key] = m.value
  else if (m.op === 'delete') {
    if (Array.isArray(target)) target.splice(Number(key), 1)
    else delete record[key]
  } else if (m.op === 'add') record[Array.isArray(target) ? String(target.length) : m.key] = m.value
  else if (m.op === 'swap' && Array.isArray(target) && target.length > 1) target.reverse()
  else if (m.op === 'truncate') return JSON.stringify(doc).slice(0, m.where % 500)
  return doc
}

describe('parseTraceDocument (fuzz)', () => {
  it('answers any string without throwing (fast-check, seed 611)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expectAnswer(text)
      }),
      { seed: 611, numRuns: 1000 },
    )
  })

  it('answers any JSON value without throwing (fast-check, seed 612)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectAnswer(JSON.stringify(value))
      }),
      { seed: 612, numRuns: 1000 },
    )
  })

  it('answers trace-shaped objects with random fields (fast-check, seed 613)', () => {
    const event = fc.record(
      {
        seq: fc.oneof(fc.nat(5), fc.jsonValue()),
        t: fc.oneof(fc.integer({ min: -5, max: 5 }), fc.jsonValue()),
        type: fc.constantFrom('message', 'state', 'note', 'fault', 'other'),
        from: fc.constantFrom('LB1', 'VM_5', 'LB_1', ''),
        to: fc.constantFrom('L1', 'L2_Z1', 'ALIVE', 'UP'),
        label: fc.string(),
        kind: fc.constantFrom('call', 'reply', 'self', 'cast'),
        entity: fc.constantFrom('VM_5', 'Task_101', 'X'),
        over: fc.array(fc.constantFrom('LB1', 'VM_5', 'nobody')),
        text: fc.string(),
        target: fc.constantFrom('VM_5', 'LB2', 'L1'),
        action: fc.constantFrom('crash', 'restart', 'boom'),
      },
      { requiredKeys: [] },
    )
    const doc = fc.record(
      {
        format: fc.constantFrom('dual-lb-trace', 'dual-lb-scenario', 'x'),
        version: fc.constantFrom(1, 2, '1'),
        seed: fc.oneof(fc.integer(), fc.double()),
        scenario: fc.string(),
        config: fc.jsonValue(),
        events: fc.array(event, { maxLength: 6 }),
      },
      { requiredKeys: [] },
    )

    fc.assert(
      fc.property(doc, (value) => {
        expectAnswer(JSON.stringify(value))
      }),
      { seed: 613, numRuns: 1000 },
    )
  })

  it('answers mutated valid traces and names a place when it rejects one (fast-check, seed 614)', () => {
    const fixtures = [JSON.stringify(makeScenarioBTrace()), JSON.stringify(makeMixedTrace())]

    fc.assert(
      fc.property(fc.nat(1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (which, ms) => {
        let doc: Json = JSON.parse(fixtures[which]) as Json
        for (const m of ms) {
          if (typeof doc === 'string') break
          doc = mutate(doc, m)
        }
        const text = typeof doc === 'string' ? doc : JSON.stringify(doc)

        expectAnswer(text)
        const result = parseTraceDocument(text)
        if (!result.ok) {
          expect(result.error).toMatch(
            /^(\(document\)|format|version|seed|scenario|config|events|not valid JSON|not a trace|the file is empty)/,
          )
        }
      }),
      { seed: 614, numRuns: 500 },
    )
  })

  it('locates an error exactly when JSON.parse rejects (fast-check, seed 615)', () => {
    const almostJson = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', '\\', 'x', '\n'))
      .map(([json, at, insert]) => {
        const i = json.length === 0 ? 0 : at % (json.length + 1)
        return json.slice(0, i) + insert + json.slice(i)
      })

    fc.assert(
      fc.property(almostJson, (text) => {
        let valid = true
        try {
          JSON.parse(text)
        } catch {
          valid = false
        }

        expect(locateJsonError(text) === null).toBe(valid)
      }),
      { seed: 615, numRuns: 2000 },
    )
  })
})
