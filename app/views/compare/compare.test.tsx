import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CompareJob } from '../../../src/experiments/compareJob'
import { ComparisonView } from './ComparisonView'
import type { CompareReply, WorkerLike } from './compareProtocol'
import { ExperimentsView } from './ExperimentsView'
import { createInlineWorker, runJobsInPool } from './workerPool'

afterEach(cleanup)

// Counts the workers the views start; each runs jobs in the page, like the fallback does.
function makeFactory() {
  const started: WorkerLike[] = []
  const createWorker = () => {
    const w = createInlineWorker()
    started.push(w)
    return w
  }
  return { createWorker, started }
}

async function waitForStatus(pattern: RegExp) {
  for (let i = 0; i < 400; i++) {
    const text = screen.getByRole('status').textContent ?? ''
    if (pattern.test(text)) return text
    await act(() => new Promise((r) => setTimeout(r, 10)))
  }
  throw new Error(`status never matched ${pattern}: ${screen.getByRole('status').textContent}`)
}

describe('runJobsInPool', () => {
  it('runs jobs over several workers and returns results in job order', async () => {
    const { createWorker, started } = makeFactory()
    const jobs: CompareJob[] = [1, 2, 3].map((seed) => ({
      kind: 'scenario',
      scenario: 'A',
      policy: 'round-robin',
      seed,
    }))
    const progress = vi.fn()

    const results = await runJobsInPool(jobs, { createWorker, size: 2, onResult: progress })

    expect(started).toHaveLength(2)
    expect(results.map((r) => (r.kind === 'scenario' ? r.result.seed : 0))).toEqual([1, 2, 3])
    expect(progress).toHaveBeenLastCalledWith(3, 3)
  })

  it('rejects with the job that failed', async () => {
    const failing = (): WorkerLike => {
      const w: WorkerLike = {
        onmessage: null,
        onerror: null,
        terminate: vi.fn(),
        postMessage: (c) => {
          setTimeout(
            () =>
              w.onmessage?.({
                data: { type: 'error', seq: c.seq, message: 'boom' } as CompareReply,
              } as MessageEvent<CompareReply>),
            0,
          )
        },
      }
      return w
    }

    await expect(
      runJobsInPool([{ kind: 'scenario', scenario: 'A', policy: 'random', seed: 1 }], {
        createWorker: failing,
        size: 1,
      }),
    ).rejects.toThrow('[compare worker] job 0 failed: boom')
  })
})

describe('ComparisonView', () => {
  it('compares policies over seeds in parallel workers and plots their distributions', async () => {
    const { createWorker, started } = makeFactory()
    render(
      <ComparisonView
        createWorker={createWorker}
        workers={2}
        initialScenario="B"
        initialPolicies={['sbdlb', 'round-robin']}
        initialSeeds={2}
      />,
    )
    const region = screen.getByRole('region', { name: 'Policy comparison' })

    fireEvent.click(within(region).getByRole('button', { name: 'Compare policies' }))
    await waitForStatus(/4 runs: 2 policies × 2 seeds/)

    expect(started).toHaveLength(2)
    const plot = within(region).getByRole('figure', { name: 'Mean response time' })
    expect(plot.querySelectorAll('[data-group="sbdlb"] circle')).toHaveLength(2)
    expect(plot.querySelectorAll('[data-group="round-robin"] circle')).toHaveLength(2)
    expect(within(region).getByRole('figure', { name: 'Tasks rescued' })).toBeTruthy()
  })

  it('names its controls', () => {
    render(<ComparisonView createWorker={makeFactory().createWorker} />)

    expect(screen.getByRole('combobox', { name: /Workload/ })).toBeTruthy()
    expect(screen.getByRole('spinbutton', { name: /Seeds/ })).toBeTruthy()
    expect(screen.getByRole('checkbox', { name: 'honey-bee' })).toBeTruthy()
  })

  it('cannot compare without a policy', () => {
    render(<ComparisonView createWorker={makeFactory().createWorker} initialPolicies={[]} />)

    expect(
      (screen.getByRole('button', { name: 'Compare policies' }) as HTMLButtonElement).disabled,
    ).toBe(true)
  })
})

describe('ExperimentsView', () => {
  it('runs a reduced S-2 and charts it against the paper claim', async () => {
    const { createWorker } = makeFactory()
    render(
      <ExperimentsView
        createWorker={createWorker}
        workers={2}
        initialExperiment="sbdlb-s2"
        initialReduced
      />,
    )
    const region = screen.getByRole('region', { name: 'Experiments' })

    fireEvent.click(within(region).getByRole('button', { name: 'Run experiment' }))
    await waitForStatus(/16 runs done/)

    const chart = within(region).getByRole('figure', { name: 'Mean response time' })
    expect(chart.querySelectorAll('[data-line]')).toHaveLength(2)
    expect(
      chart.querySelector('[data-reference="paper: 37 % lower average response time"]'),
    ).toBeTruthy()
    const table = within(region).getByRole('table', { name: 'Experiment results' })
    expect(within(table).getAllByRole('row')).toHaveLength(17)
  })
})
