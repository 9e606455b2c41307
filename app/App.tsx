import { useEffect, useMemo } from 'react'
import { activateEntity } from './controller'
import { formatCount } from './lib/format'
import { useSimStore } from './store/simStore'
import { selectEntity, setHelpOpen, toggleTheme, useUiStore } from './store/uiStore'
import { CacheInspector } from './views/caches/CacheInspector'
import { HelpDialog } from './views/controls/HelpDialog'
import { Icon } from './views/controls/Icon'
import { ScenarioPicker } from './views/controls/ScenarioPicker'
import { handleShortcut } from './views/controls/shortcuts'
import { TransportBar } from './views/controls/TransportBar'
import { AnalysisDialog } from './views/panels/AnalysisDialog'
import { GuideCaption } from './views/panels/GuideCaption'
import { SidePanel } from './views/panels/SidePanel'
import { TimelinePane } from './views/panels/TimelinePane'
import { Toast } from './views/panels/Toast'
import { ShareTools } from './views/share/ShareTools'
import { TopologyView } from './views/zones/TopologyView'
import { getOwnerChips, isTakenOver } from './views/zones/topologyText'

/** The lab: header, transport, topology, timeline, side panel and caches. */
export function App() {
  const theme = useUiStore((s) => s.theme)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => void handleShortcut(e)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  return (
    <div className="app">
      <header className="app__header">
        <h1 className="app__title">
          Dual-LB <span>Lab</span>
        </h1>
        <ScenarioPicker />
        <div className="app__tools">
          <ShareTools />
          <AnalysisDialog />
          <button
            type="button"
            className="btn btn--ghost btn--icon"
            aria-label="Dark theme"
            aria-pressed={theme === 'dark'}
            onClick={toggleTheme}
            title="Dark theme (T)"
          >
            <Icon name="moon" />
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--icon"
            aria-label="Keyboard shortcuts"
            onClick={() => setHelpOpen(true)}
            title="Keyboard shortcuts (?)"
            aria-keyshortcuts="?"
          >
            ?
          </button>
        </div>
      </header>
      <TransportBar />
      <main className="app__main">
        <section className="pane pane--topology" aria-labelledby="topology-title">
          <TopologyHeader />
          <div className="pane__body pane__body--topology">
            <TopologyPane />
          </div>
        </section>
        <section className="pane pane--timeline" aria-label="Timeline">
          <TimelinePane />
        </section>
        <aside className="pane pane--side" aria-label="Details">
          <GuideCaption />
          <SidePanel />
        </aside>
        <section className="pane pane--caches" aria-labelledby="caches-title">
          <h2 className="pane-title" id="caches-title">
            Caches
          </h2>
          <div className="pane__body">
            <CacheInspector />
          </div>
        </section>
      </main>
      <HelpDialog />
      <Toast />
    </div>
  )
}

function TopologyHeader() {
  const summary = useSimStore((s) => s.frame?.summary)
  const owners = useSimStore((s) => s.frame?.zoneOwners)
  const chips = useMemo(() => getOwnerChips(owners ?? []), [owners])
  return (
    <div className="pane__header">
      <h2 className="pane-title" id="topology-title">
        Topology
      </h2>
      <ScenarioName />
      <ul className="chips" aria-label="Zone owners">
        {chips.shown.map((o) => (
          <li
            key={o.zone}
            className={`chip${isTakenOver(o) ? ' chip--warn' : ''}`}
            data-owner={o.owner}
          >
            Zone {o.zone}: {o.owner}
            {o.epoch > 0 && <span className="muted"> (epoch {o.epoch})</span>}
          </li>
        ))}
        {chips.others > 0 && (
          <li className="chip">
            {chips.shown.length === 0
              ? `All ${chips.others} zones on their own LB`
              : `${chips.others} others on their own LB`}
          </li>
        )}
      </ul>
      {summary && (
        <p className="pane__stats">
          <span>{formatCount(summary.submitted)} submitted</span>
          <span>{formatCount(summary.finished)} finished</span>
          <span>{formatCount(summary.rescued)} rescued</span>
          <span>{formatCount(summary.resubmitted)} re-submitted</span>
          <span>{formatCount(summary.stolen)} stolen</span>
        </p>
      )}
    </div>
  )
}

function ScenarioName() {
  const scenario = useSimStore((s) => s.frame?.scenario ?? '')
  const seed = useSimStore((s) => s.frame?.seed)
  // "Scenario B: VM failure…" → "VM failure…": the picker already says which scenario.
  const short = scenario.replace(/^(Scenario [A-D]|Free run):\s*/, '')
  return (
    <span className="pane__subtitle muted" title={`${scenario}, seed ${seed}`}>
      {short}
    </span>
  )
}

function TopologyPane() {
  const frame = useSimStore((s) => s.frame)
  const selected = useUiStore((s) => s.selected)
  if (!frame) return <p className="muted pane__loading">Starting the simulation…</p>
  return (
    <TopologyView
      frame={frame}
      selected={selected}
      onSelect={selectEntity}
      onActivate={activateEntity}
    />
  )
}
