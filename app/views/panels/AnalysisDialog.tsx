import { useEffect, useRef, useState } from 'react'
import type { TraceEvent } from '../../../src/trace/types'
import { useSimStore } from '../../store/simStore'
import { LiveCharts } from '../charts/LiveCharts'
import { RecoveryScorecard } from '../charts/RecoveryScorecard'
import { ComparisonView } from '../compare/ComparisonView'
import { ExperimentsView } from '../compare/ExperimentsView'
import './analysis.css'

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

/** The `Analysis` button and its dialog: live charts, the recovery scorecard, comparisons. */
export function AnalysisDialog() {
  const [open, setOpen] = useState(false)
  const [tab, setTab] = useState<AnalysisTab>('charts')
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (open && !d.open) d.showModal?.()
    if (!open && d.open) d.close?.()
  }, [open])
  return (
    <>
      <button type="button" className="btn btn--ghost" onClick={() => setOpen(true)}>
        Analysis
      </button>
      <dialog
        ref={dialog}
        className="analysis"
        aria-label="Analysis"
        onClose={() => setOpen(false)}
        onKeyDown={(e) => e.stopPropagation()}
      >
        {open && (
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
              <button type="button" className="btn btn--ghost" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
            <div role="tabpanel" className="analysis__panel">
              {tab === 'charts' && <ChartsTab />}
              {tab === 'compare' && <ComparisonView />}
              {tab === 'experiments' && <ExperimentsView initialReduced />}
            </div>
          </div>
        )}
      </dialog>
    </>
  )
}
