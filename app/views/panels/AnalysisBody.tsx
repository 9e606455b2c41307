// The Analysis dialog's contents: live charts and scorecard, policy comparison, experiments.
// Loaded on first open (React.lazy), so the charts, d3 shapes and the experiment runner stay out
// of the page's first download.

import { useEffect, useRef, useState } from 'react'
import type { TraceEvent } from '../../../src/trace/types'
import { useSimStore } from '../../store/simStore'
import { LiveCharts } from '../charts/LiveCharts'
import { RecoveryScorecard } from '../charts/RecoveryScorecard'
import { ComparisonView } from '../compare/ComparisonView'
import { ExperimentsView } from '../compare/ExperimentsView'

type AnalysisTab = 'charts' | 'compare' | 'experiments'

const TABS: { id: AnalysisTab; label: string }[] = [
  { id: 'charts', label: 'Charts and scorecard' },
  { id: 'compare', label: 'Compare policies' },
  { id: 'experiments', label: 'Experiments' },
]

/** Charts redraw from a copy of the trace taken at most once a second, not on every frame. */
const CHART_REFRESH_MS = 1000

function useThrottledEvents(): { events: readonly TraceEvent[]; nowMs: number } {
  const version = useSimStore((s) => s.eventsVersion)
  const [snapshot, setSnapshot] = useState<{ events: readonly TraceEvent[]; nowMs: number }>(
    () => ({
      events: useSimStore.getState().events.slice(),
      nowMs: useSimStore.getState().frame?.simTimeMs ?? 0,
    }),
  )
  const last = useRef(0)
  useEffect(() => {
    void version
    const take = () => {
      last.current = performance.now()
      const state = useSimStore.getState()
      setSnapshot({ events: state.events.slice(), nowMs: state.frame?.simTimeMs ?? 0 })
    }
    const wait = CHART_REFRESH_MS - (performance.now() - last.current)
    if (wait <= 0) take()
    else {
      const timer = setTimeout(take, wait)
      return () => clearTimeout(timer)
    }
  }, [version])
  return snapshot
}

function ChartsTab() {
  const { events, nowMs } = useThrottledEvents()
  const summary = useSimStore((s) => s.frame?.summary)
  return (
    <div className="analysis__charts">
      {summary && <RecoveryScorecard summary={summary} />}
      <LiveCharts events={events} nowMs={nowMs} />
    </div>
  )
}

/** The tabs and the open tab's panel; `onClose` closes the dialog. */
export default function AnalysisBody({ onClose }: { onClose: () => void }) {
  const [tab, setTab] = useState<AnalysisTab>('charts')
  return (
    <div className="analysis__body">
      <div className="analysis__head">
        <div className="tabs" role="tablist" aria-label="Analysis">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className="tabs__tab"
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <div role="tabpanel" className="analysis__panel">
        {tab === 'charts' && <ChartsTab />}
        {tab === 'compare' && <ComparisonView />}
        {tab === 'experiments' && <ExperimentsView initialReduced />}
      </div>
    </div>
  )
}
