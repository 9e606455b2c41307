import { type SideTab, setSideTab, useUiStore } from '../../store/uiStore'
import { FaultPanel } from './FaultPanel'
import { TaskTable } from './TaskTable'
import { WhyPanel } from './WhyPanel'

const TABS: { id: SideTab; label: string }[] = [
  { id: 'why', label: 'Why' },
  { id: 'tasks', label: 'Tasks' },
  { id: 'faults', label: 'Faults' },
]

/** Why / Tasks / Faults, as tabs sharing one panel. */
export function SidePanel() {
  const tab = useUiStore((s) => s.sideTab)
  return (
    <div className="side">
      <div className="tabs" role="tablist" aria-label="Details">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="tabs__tab"
            onClick={() => setSideTab(t.id)}
            onKeyDown={(e) => {
              const i = TABS.findIndex((x) => x.id === tab)
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                e.preventDefault()
                e.stopPropagation()
                const next =
                  TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]
                setSideTab(next.id)
                document.getElementById(`tab-${next.id}`)?.focus()
              }
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className="side__body"
        role="tabpanel"
        id={`tabpanel-${tab}`}
        aria-labelledby={`tab-${tab}`}
      >
        {tab === 'why' && <WhyPanel />}
        {tab === 'tasks' && <TaskTable />}
        {tab === 'faults' && <FaultPanel />}
      </div>
    </div>
  )
}
