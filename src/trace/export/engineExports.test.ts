import mermaid from 'mermaid'
import { describe, expect, it } from 'vitest'
import { toTraceDocument } from '../../engine/report'
import { runScenario } from '../../testing/runScenario'
import { parseTraceDocument } from '../import'
import { exportChromeTrace } from './chrome'
import { exportTaskCsv } from './csv'
import { exportJaeger } from './jaeger'
import { exportMermaid } from './mermaid'

// The exporters against real engine runs (their own tests use hand-written fixtures).
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

describe('exports of engine traces', () => {
  it.each(['A', 'B', 'C', 'D', 'free'] as const)(
    'round-trips scenario %s through JSON import',
    (id) => {
      const doc = toTraceDocument(runScenario(id))

      const parsed = parseTraceDocument(JSON.stringify(doc))

      expect(parsed.ok ? parsed.doc : parsed.error).toEqual(doc)
    },
  )

  it('draws scenario A with the seed diagram A arrows in order, parsed by Mermaid', async () => {
    const code = exportMermaid(toTraceDocument(runScenario('A')), { task: 'Task_101' })

    await mermaid.parse(code)

    const lines = code.split('\n').map((l) => l.trim())
    let found = 0
    for (const line of lines)
      if (found < SEED_A_ARROWS.length && line === SEED_A_ARROWS[found]) found++
    expect(found).toBe(SEED_A_ARROWS.length)
  })

  it.each(['B', 'C', 'D'] as const)(
    'gives Mermaid text that Mermaid parses for scenario %s',
    async (id) => {
      const code = exportMermaid(toTraceDocument(runScenario(id)))

      await expect(mermaid.parse(code)).resolves.toBeTruthy()
      expect(code.length).toBeLessThanOrEqual(50_000)
    },
  )

  it('gives one CSV row per task and one Jaeger trace per task', () => {
    const sim = runScenario('free')
    const doc = toTraceDocument(sim)

    const rows = exportTaskCsv(doc).trim().split('\n')
    const jaeger = exportJaeger(doc)

    expect(rows.length - 1).toBe(sim.world.tasks.length)
    expect(jaeger.data).toHaveLength(sim.world.tasks.length)
  })

  it('names every process and thread the Chrome trace uses', () => {
    const trace = exportChromeTrace(toTraceDocument(runScenario('C')))

    const named = new Set(
      trace.traceEvents
        .filter((e) => e.ph === 'M')
        .map((e) => `${e.pid}:${e.name === 'thread_name' ? e.tid : ''}`),
    )
    for (const e of trace.traceEvents) {
      if (e.ph === 'M') continue
      expect(named.has(`${e.pid}:`)).toBe(true)
    }
    expect(trace.traceEvents.some((e) => e.ph === 's')).toBe(true)
  })
})
