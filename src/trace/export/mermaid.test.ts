// Mermaid export checked against the seed diagrams and parsed by Mermaid's own parser.
// Test-only: reads hand-written fixtures, never the engine or a DOM.

import { inflateSync } from 'node:zlib'
import fc from 'fast-check'
import mermaid from 'mermaid'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  makeLargeTrace,
  makeMixedTrace,
  makeNastyTrace,
  makeScenarioATrace,
  makeScenarioBTrace,
  makeTraceBuilder,
  NASTY_LABELS,
} from './fixtures'
import { escapeMermaidText, exportMermaid, MERMAID_MAX_CHARS, mermaidLiveUrl } from './mermaid'

// Seed diagram A's arrows, with the seed's aliases `L2` and `VM` written as the real ids.
const SEED_A_ARROWS = [
  'Dispatcher->>LB1: Submit Task Payload',
  'LB1->>L1: Update Task Meta (Status: QUEUED)',
  'LB1->>LB1: Retrieve Active VMs from Local Registry',
  'LB1->>VM_5: Query Real-Time Stats (MIPS, RAM, BW)',
  'VM_5-->>LB1: Return Current Resource Usage',
  'LB1->>LB1: Calculate Score & Select Best VM',
  'LB1->>VM_5: Send Task for Execution',
  'LB1->>L2_Z1: Update Task Mapping (Status: RUNNING)',
  'VM_5->>L2_Z1: Update Task Status (FINISHED)',
  'VM_5-->>LB1: Notify Completion',
]
const SEED_A_NOTES = [
  'Submission Phase',
  'Scheduling Phase (SBDLB)',
  'Execution Phase',
  'Task Processing...',
  'Completion Phase',
]
// Seed diagram B's arrows with their texts as the fixture spells them (real ids, no "e.g.").
const SEED_B_ARROWS = [
  'VM_5->>L2_Z1: Send Heartbeat',
  'LB1->>L2_Z1: Check Last Heartbeat Timestamp',
  'LB1->>LB1: Detect Timeout (#62;10s)',
  'LB1->>L2_Z1: Mark VM Status as DEAD',
  'LB1->>L2_Z1: Retrieve All RUNNING Tasks on VM_5',
  'L2_Z1-->>LB1: Return Task List (Task_101)',
  'LB1->>LB1: Move Task_101 to High Priority Queue',
  'LB1->>VM_5: Trigger Restart Command',
  'LB1->>L2_Z1: Update VM Status (RESTARTING)',
  'VM_5->>L2_Z1: Send First Heartbeat (Status: ALIVE)',
]

interface ParsedMessage {
  /** Mermaid's LINETYPE: 0 solid arrow, 1 dotted arrow, 2 note, others for blocks. */
  type: number
  from: string | null
  to: string | null
  text: string
}

// Mermaid's parser swaps entity codes for placeholders (`#59;` → `ﬂ°°59¶ß`); undo that.
function decodeMermaidPlaceholders(text: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', nbsp: '\u00a0' }
  return text
    .replace(/\uFB02\u00B0\u00B0(\d+)\u00B6\u00DF/g, (_, code) =>
      String.fromCodePoint(Number(code)),
    )
    .replace(/\uFB02\u00B0(\w+)\u00B6\u00DF/g, (_, name) => named[name] ?? `&${name};`)
}

// Parses with Mermaid's own parser and returns the signals its sequence database holds.
async function parseSequence(code: string): Promise<ParsedMessage[]> {
  await mermaid.parse(code)
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(code)
  const db = diagram.db as unknown as {
    getMessages(): { type: number; from?: string; to?: string; message: unknown }[]
  }
  return db.getMessages().map((m) => ({
    type: m.type,
    from: m.from ?? null,
    to: m.to ?? null,
    text: typeof m.message === 'string' ? decodeMermaidPlaceholders(m.message) : '',
  }))
}

function getArrowLines(code: string): string[] {
  return code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\w+-{1,2}>>\w+:/.test(line))
}

function normalize(label: string): string {
  return label.replace(/[\s\p{Cc}]+/gu, ' ').trim()
}

beforeAll(async () => {
  // The first parse registers Mermaid's diagram types; getDiagramFromText needs them.
  await mermaid.parse('sequenceDiagram\n  A->>B: warm up')
})

describe('exportMermaid', () => {
  it('draws scenario A with the seed diagram arrows in the seed order', () => {
    const code = exportMermaid(makeScenarioATrace())

    expect(getArrowLines(code)).toEqual(SEED_A_ARROWS)
  })

  it('draws scenario A phase notes in the seed order', () => {
    const code = exportMermaid(makeScenarioATrace())

    const notes = code
      .split('\n')
      .filter((line) => line.trim().startsWith('Note over'))
      .map((line) => line.split(': ').slice(1).join(': '))
    expect(notes).toEqual(SEED_A_NOTES)
  })

  it('declares participants with the seed display names in the seed order', () => {
    const code = exportMermaid(makeScenarioATrace())

    const participants = code.split('\n').filter((line) => line.trim().startsWith('participant'))
    expect(participants.map((line) => line.trim())).toEqual([
      'participant Dispatcher as Global Dispatcher',
      'participant LB1 as Load Balancer 1',
      'participant L1 as Redis L1 (Global)',
      'participant L2_Z1 as Redis L2 (Zone 1)',
      'participant VM_5',
    ])
    expect(code.startsWith('sequenceDiagram\n')).toBe(true)
    expect(code).toContain('\n    autonumber\n')
  })

  it('folds the repeated health checks of scenario B into loops', () => {
    const code = exportMermaid(makeScenarioBTrace())

    expect(code).toMatch(/loop Health Check \(Every 3s\)/)
    expect(code).toMatch(/loop Heartbeat \(Every 5s\) \+ Health Check \(Every 3s\)/)
    expect(code.split('\n').filter((l) => l.includes('Check Last Heartbeat')).length).toBe(3)
  })

  it('keeps the seed B arrows as a subsequence, in order', () => {
    const arrows = getArrowLines(exportMermaid(makeScenarioBTrace()))

    let next = 0
    for (const arrow of arrows) if (arrow === SEED_B_ARROWS[next]) next++
    expect(SEED_B_ARROWS.slice(next)).toEqual([])
  })

  it('produces text that Mermaid parses, for every fixture and option', async () => {
    const docs = [makeScenarioATrace(), makeScenarioBTrace(), makeMixedTrace(), makeNastyTrace()]
    const options = [{}, { phases: 'rect' as const }, { task: 'Task_101' }, { fromMs: 10_000 }]

    for (const doc of docs) {
      for (const opts of options)
        await expect(parseSequence(exportMermaid(doc, opts))).resolves.toBeDefined()
    }
  })

  it('keeps every nasty label intact through Mermaid parsing', async () => {
    const messages = await parseSequence(exportMermaid(makeNastyTrace()))

    const texts = messages.filter((m) => m.type === 0 || m.type === 1).map((m) => m.text)
    expect(texts.slice(0, NASTY_LABELS.length)).toEqual(NASTY_LABELS.map(normalize))
    expect(texts.at(-1)).toBe('to a participant SPEC §1 does not know')
  })

  it('keeps a nasty note and a nasty participant name through Mermaid parsing', async () => {
    const code = exportMermaid(makeNastyTrace())

    expect(code).toContain('participant P')
    expect(code).toContain('weird id#59; style#58;#35;x')
    await expect(parseSequence(code)).resolves.toBeDefined()
  })

  it('keeps any label intact through Mermaid parsing (fast-check, seed 20240611)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (label) => {
        const doc = makeTraceBuilder().msg(0, 'LB1', 'VM_5', label).note(1, ['LB1'], label).build()

        const messages = await parseSequence(exportMermaid(doc))

        const arrow = messages.find((m) => m.type === 0)
        expect(arrow?.text).toBe(normalize(label))
      }),
      { seed: 20240611, numRuns: 150 },
    )
  })

  it('scopes the diagram to one task', () => {
    const code = exportMermaid(makeMixedTrace(), { task: 'Task_102' })

    expect(code).not.toMatch(/VM_5|VM_101|LB2/)
    expect(getArrowLines(code)).toHaveLength(10)
    expect(code).toContain('Note over Dispatcher, LB1: Submission Phase')
  })

  it('scopes the diagram to a time window', () => {
    const code = exportMermaid(makeScenarioBTrace(), { fromMs: 24_000, toMs: 24_001 })

    expect(getArrowLines(code)).toEqual([
      'LB1->>L2_Z1: Check Last Heartbeat Timestamp',
      'LB1->>L2_Z1: Check Last Heartbeat Timestamp',
      'LB1->>LB1: Detect Timeout (#62;10s)',
      'LB1->>L2_Z1: Mark VM Status as DEAD',
      'LB1->>L2_Z1: Retrieve All RUNNING Tasks on VM_5',
      'L2_Z1-->>LB1: Return Task List (Task_101)',
      'LB1->>LB1: Move Task_101 to High Priority Queue',
      'LB1->>VM_5: Trigger Restart Command',
      'LB1->>L2_Z1: Update VM Status (RESTARTING)',
    ])
  })

  it('returns a header only for a task the trace does not know', async () => {
    const code = exportMermaid(makeScenarioATrace(), { task: 'Task_999' })

    expect(getArrowLines(code)).toEqual([])
    const messages = await parseSequence(code)
    expect(messages.filter((m) => m.type === 0 || m.type === 1)).toEqual([])
  })

  it('cuts a large trace under the limit and ends with a note on how to scope it', async () => {
    const doc = makeLargeTrace(2000)

    const code = exportMermaid(doc)

    expect(code.length).toBeLessThanOrEqual(MERMAID_MAX_CHARS)
    expect(code.split('\n').at(-1)).toMatch(
      /Note over .*: Diagram truncated at 50000 characters: \d+ of \d+ events shown .*time window/,
    )
    await expect(parseSequence(code)).resolves.toBeDefined()
  })

  it('closes an open phase band when it cuts', async () => {
    const code = exportMermaid(makeLargeTrace(500), { phases: 'rect', maxChars: 5000 })

    expect(code.length).toBeLessThanOrEqual(5000)
    const opens = code.split('\n').filter((l) => /^\s*(rect|loop) /.test(l)).length
    const ends = code.split('\n').filter((l) => l.trim() === 'end').length
    expect(ends).toBe(opens)
    await expect(parseSequence(code)).resolves.toBeDefined()
  })

  it('does not cut a diagram that fits', () => {
    const code = exportMermaid(makeScenarioBTrace())

    expect(code).not.toContain('truncated')
  })

  it('writes a fault that no note reports as a note', () => {
    const code = exportMermaid(makeNastyTrace())

    expect(code).toContain('Note over VM_5: Fault injected: crash VM_5')
  })
})

describe('escapeMermaidText', () => {
  it.each([
    ['a;b', 'a#59;b'],
    ['a#b', 'a#35;b'],
    ['<x>', '#60;x#62;'],
    ['100%', '100#37;'],
    ['Score & VM', 'Score & VM'],
    ['&lt;', '#38;lt#59;'],
    ['wrap: on', 'wrap#58; on'],
    ['Status: QUEUED', 'Status: QUEUED'],
    ['style a:#f00', 'style a#58;#35;f00'],
    ['two\nlines', 'two lines'],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeMermaidText(input)).toBe(expected)
  })
})

describe('mermaidLiveUrl', () => {
  it('encodes the editor state as zlib in base64url behind #pako:', () => {
    const code = exportMermaid(makeScenarioBTrace())

    const url = mermaidLiveUrl(code)

    expect(url.startsWith('https://mermaid.live/edit#pako:')).toBe(true)
    const payload = url.slice('https://mermaid.live/edit#pako:'.length)
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/)
    const state = JSON.parse(inflateSync(Buffer.from(payload, 'base64url')).toString('utf8'))
    expect(state).toEqual({ code, mermaid: '{"theme":"default"}' })
  })

  it('compresses a large diagram well below its own size', () => {
    const code = exportMermaid(makeLargeTrace(2000))

    expect(mermaidLiveUrl(code).length).toBeLessThan(code.length / 3)
  })
})
