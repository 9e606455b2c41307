import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { FaultWindow, MetricSeries } from '../../../src/metrics/traceSeries'
import type { TraceEvent } from '../../../src/trace/types'
import { BoxStripPlot, splitLabel } from './BoxStripPlot'
import { formatSimTime, getTimeTickFormat } from './chartFrame'
import { LiveCharts } from './LiveCharts'
import { QueueLengthChart, ResponsePercentilesChart, ThroughputChart } from './MetricCharts'
import { RecoveryScorecard } from './RecoveryScorecard'
import { SweepChart } from './SweepChart'
import { getIsolated } from './TimeSeriesChart'
import { groupHeatRows, UtilisationHeatmap } from './UtilisationHeatmap'

afterEach(cleanup)

const FAULTS: FaultWindow[] = [
  { kind: 'vm', target: 'VM_5', startMs: 8000, detectedMs: 18000, endMs: 48000 },
  { kind: 'lb', target: 'LB1', startMs: 60000, detectedMs: null, endMs: null },
]

function makeSeries(overrides: Partial<MetricSeries> = {}): MetricSeries {
  return {
    binMs: 10000,
    endMs: 100000,
    times: [0, 10000, 20000, 30000, 40000, 50000, 60000, 70000, 80000, 90000],
    responseP50: [null, 1000, 1200, null, 900, 1100, 1500, 2000, 1800, 1000],
    responseP95: [null, 2000, 2400, null, 1800, 2100, 2500, 4000, 3600, 2000],
    responseP99: [null, 2500, 2600, null, 1900, 2200, 2800, 5000, 3900, 2100],
    throughput: [0, 0.5, 0.4, 0, 0.3, 0.6, 0.2, 0.1, 0.5, 0.5],
    queued: [0, 1, 2, 3, 1, 0, 4, 6, 2, 0],
    running: [1, 2, 2, 2, 2, 1, 1, 2, 2, 1],
    vmIds: ['VM_1', 'VM_2', 'VM_3'],
    utilisation: [
      [0, 0.5, 1, 1, 1, 0.5, 0, 0, 0.2, 0],
      [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ],
    faults: FAULTS,
    ...overrides,
  }
}

describe('time-series charts', () => {
  it.each([
    ['Response time percentiles', ResponsePercentilesChart, ['p50', 'p95', 'p99']],
    ['Throughput', ThroughputChart, ['finished per second']],
    ['Queue lengths', QueueLengthChart, ['queued', 'running']],
  ] as const)('draws %s with a line per series and the faults shaded', (name, Chart, lines) => {
    const { container } = render(<Chart series={makeSeries()} />)

    const figure = screen.getByRole('figure', { name })
    expect(within(figure).getByRole('img', { name: `${name} over time` })).toBeTruthy()
    expect(
      [...container.querySelectorAll('[data-line]')].map((p) => p.getAttribute('data-line')),
    ).toEqual(lines)
    expect(container.querySelectorAll('[data-fault]')).toHaveLength(2)
  })

  it('labels the time axis in one unit, from zero', () => {
    const { container } = render(<ThroughputChart series={makeSeries({ endMs: 40000 })} />)

    const labels = [...container.querySelectorAll('.chart__axis text')].map((t) => t.textContent)
    expect(labels).toEqual(expect.arrayContaining(['0 s', '10 s', '40 s']))
    expect(labels.filter((l) => l?.endsWith(' ms'))).toEqual([])
  })

  it('picks the axis unit from its end', () => {
    expect([0, 250, 900].map(getTimeTickFormat(900))).toEqual(['0 ms', '250 ms', '900 ms'])
    expect([0, 30_000].map(getTimeTickFormat(60_000))).toEqual(['0 s', '30 s'])
    expect([0, 1_800_000].map(getTimeTickFormat(3_600_000))).toEqual(['0 min', '30 min'])
    expect(getTimeTickFormat(10_800_000)(5_400_000)).toBe('1.5 h')
    expect(getTimeTickFormat(400_000_000)(86_400_000)).toBe('1 d')
  })

  it('draws a value with no neighbours as a dot', () => {
    const responseP50 = [null, 1000, null, null, 900, 1100, null, null, null, 2000]
    const { container } = render(<ResponsePercentilesChart series={makeSeries({ responseP50 })} />)

    // Bins 1 and 9 stand alone (a path of one point draws nothing); bins 4–5 are a line.
    const dots = container.querySelectorAll('[data-point="p50"]')
    expect(dots).toHaveLength(2)
    expect(getIsolated(responseP50)).toEqual([1, 9])
    expect(container.querySelectorAll('[data-point="p95"]')).toHaveLength(0)
  })

  it('breaks a line where a bin has no value', () => {
    const { container } = render(<ResponsePercentilesChart series={makeSeries()} />)

    // Two runs of values (bins 1–2 and 4–9) make two "M" moves in the path.
    const d = container.querySelector('[data-line="p50"]')?.getAttribute('d') ?? ''
    expect(d.match(/M/g)).toHaveLength(2)
  })

  it('shades crash → detection red and detection → recovery amber, an open window to the end', () => {
    const { container } = render(<ThroughputChart series={makeSeries()} />)

    const vm = container.querySelector('[data-fault="VM_5"]')
    const lb = container.querySelector('[data-fault="LB1"]')
    expect(vm?.querySelectorAll('rect')).toHaveLength(2)
    expect(vm?.querySelector('title')?.textContent).toBe(
      `VM_5 crashed at ${formatSimTime(8000)}, declared dead at ${formatSimTime(18000)}, capacity back at ${formatSimTime(48000)}`,
    )
    expect(lb?.querySelectorAll('rect')).toHaveLength(1)
  })
})

describe('UtilisationHeatmap', () => {
  it('draws one cell per VM and bin, coloured by the busy share', () => {
    const { container } = render(<UtilisationHeatmap series={makeSeries()} />)

    const cells = container.querySelectorAll('[data-testid="heatmap.cells"] rect')
    expect(cells).toHaveLength(30)
    expect(cells[2].querySelector('title')?.textContent).toBe(
      `VM_1 at ${formatSimTime(20000)}: 100 % busy`,
    )
    // VM_1's first bins: idle, half busy, busy.
    expect([0, 1, 2].map((i) => cells[i].getAttribute('fill-opacity'))).toEqual(['0', '0.5', '1'])
    expect(screen.getByRole('img', { name: 'Utilisation heatmap, VMs by time' })).toBeTruthy()
  })

  it('groups large pools into at most the row cap', () => {
    const ids = Array.from({ length: 5 }, (_, i) => `VM_${i + 1}`)
    const util = ids.map((_, i) => [i / 4])

    const rows = groupHeatRows(ids, util, 2)

    // 3 VMs per row: (0 + 0.25 + 0.5) / 3 and (0.75 + 1) / 2.
    expect(rows.map((r) => r.label)).toEqual(['VM_1–VM_3', 'VM_4–VM_5'])
    expect(rows.map((r) => r.cells[0])).toEqual([0.25, 0.875])
  })
})

describe('LiveCharts', () => {
  it('builds all four charts from trace events', () => {
    const events: TraceEvent[] = [
      { seq: 1, t: 0, type: 'state', entity: 'VM_1', from: 'BOOTING', to: 'ALIVE' },
      { seq: 2, t: 5, type: 'state', entity: 'Task_101', from: 'SUBMITTED', to: 'QUEUED' },
      {
        seq: 3,
        t: 6,
        type: 'state',
        entity: 'Task_101',
        from: 'QUEUED',
        to: 'RUNNING',
        detail: 'on VM_1, attempt 1',
      },
      { seq: 4, t: 3000, type: 'state', entity: 'VM_1', from: 'ALIVE', to: 'CRASHED' },
    ]

    render(<LiveCharts events={events} nowMs={10000} bins={10} />)

    const region = screen.getByRole('region', { name: 'Live charts' })
    expect(within(region).getAllByRole('figure')).toHaveLength(4)
    expect(region.querySelectorAll('[data-fault="VM_1"]')).toHaveLength(4)
  })
})

describe('RecoveryScorecard', () => {
  const summary = {
    submitted: 2,
    finished: 2,
    quarantined: 0,
    rescued: 1,
    duplicates: 0,
    unresolved: 0,
    complete: true,
    stranded: false,
    detectionMs: [10000],
    recoveryMs: [40000],
    takeovers: [{ zone: 1, from: 'LB1', to: 'LB2', gapMs: 12000 }],
  }

  it('scores tasks, detection, rescue, restore and the takeover gap', () => {
    render(
      <RecoveryScorecard
        summary={summary}
        metrics={{
          rescueMs: { count: 1, mean: 10002, p50: 10002, p95: 10002, p99: 10002, max: 10002 },
          cpuSeconds: 1,
        }}
      />,
    )

    const card = screen.getByRole('region', { name: 'Recovery scorecard' })
    const value = (term: string) => within(card).getByText(term).nextElementSibling?.textContent
    expect(value('Tasks finished')).toBe('2 of 2')
    expect(value('Tasks rescued')).toBe('1')
    expect(value('Tasks lost')).toBe('0')
    expect(value('Failure detection latency')).toBe('10 s mean, 10 s max (1)')
    expect(value('Time to rescue')).toBe('10 s mean, 10 s max (1)')
    expect(value('Time to restore capacity')).toBe('40 s mean, 40 s max (1)')
    expect(value('Takeover gap')).toBe('zone 1: LB1 → LB2 after 12 s')
  })

  it('says tasks are in flight, not lost, while the run goes on', () => {
    render(<RecoveryScorecard summary={{ ...summary, complete: false, unresolved: 3 }} />)

    expect(screen.getByText('known at the end (3 still in flight)')).toBeTruthy()
  })

  it('warns when no live LB is left', () => {
    render(<RecoveryScorecard summary={{ ...summary, stranded: true, unresolved: 2 }} />)

    expect(screen.getByRole('alert').textContent).toMatch(/No live LB/)
  })
})

describe('BoxStripPlot and SweepChart', () => {
  it('draws a box and a dot per value for each group, and reference lines', () => {
    const { container } = render(
      <BoxStripPlot
        title="Mean response time"
        unit="s"
        groups={[
          { label: 'sbdlb', values: [1, 2, 3, 3] },
          { label: 'throttled', values: [4, 5] },
        ]}
        references={[{ label: 'paper claim', value: 3.3 }]}
      />,
    )

    expect(container.querySelectorAll('[data-group="sbdlb"] circle')).toHaveLength(4)
    expect(container.querySelectorAll('[data-group="throttled"] rect')).toHaveLength(1)
    expect(screen.getByText('paper claim')).toBeTruthy()
  })

  it('breaks a label too long for its band after a hyphen', () => {
    const { container } = render(
      <BoxStripPlot
        title="Mean response time"
        unit="s"
        groups={['sbdlb', 'round-robin', 'weighted-round-robin', 'throttled', 'honey-bee'].map(
          (label) => ({ label, values: [1, 2] }),
        )}
      />,
    )

    const lines = (group: string) =>
      [...container.querySelectorAll(`[data-group="${group}"] tspan`)].map((t) => t.textContent)
    expect(lines('weighted-round-robin')).toEqual(['weighted-', 'round-robin'])
    expect(lines('sbdlb')).toEqual(['sbdlb'])
    expect(splitLabel('power-of-two', 8)).toEqual(['power-', 'of-two'])
    expect(splitLabel('roundrobinish', 8)).toEqual(['roundrobinish'])
  })

  it('draws a line per policy and dashed reference lines over the settings', () => {
    const { container } = render(
      <SweepChart
        title="Mean response time"
        unit="s"
        settingLabel="VMs per datacenter"
        settings={['10', '20']}
        lines={[
          { label: 'Throttled', values: [10, 5] },
          { label: 'SBDLB', values: [4, 2] },
        ]}
        references={[{ label: 'paper: 34 % lower', values: [6.6, 3.3] }]}
      />,
    )

    expect(
      screen.getByRole('img', { name: 'Mean response time by VMs per datacenter' }),
    ).toBeTruthy()
    expect(container.querySelectorAll('[data-line]')).toHaveLength(2)
    expect(container.querySelector('[data-reference="paper: 34 % lower"]')).toBeTruthy()
  })
})
