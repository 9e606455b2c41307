import type { ScenarioDocument } from '../../../src/model/scenario'
import { getBuiltinScenario } from '../../../src/scenarios/builtins'
import { loadDocument, loadScenario, seekTo } from '../../controller'
import type { BugReport } from '../../lib/bugReport'
import {
  decodeShareState,
  getShareDocument,
  type ShareState,
  writeShareStateToUrl,
} from '../../lib/urlState'
import { showError, useSimStore } from '../../store/simStore'
import { useUiStore } from '../../store/uiStore'
import { getSimClient } from '../../worker/simClient'
import { CopyLinkButton } from './CopyLinkButton'
import { DropZone } from './DropZone'
import { ExportMenu } from './ExportMenu'
import { ImportButton } from './ImportButton'
import type { ImportHandlers } from './importFile'

// The scenario document behind a `custom` run (an import or a shared inline link), for links.
let sharedDoc: ScenarioDocument | null = null

function reportError(code: string, message: string): void {
  const frame = useSimStore.getState().frame
  showError({ code, message, simTime: frame?.simTimeMs ?? 0, seed: frame?.seed ?? 0 })
}

async function loadCustom(doc: ScenarioDocument, seed: number, atMs?: number): Promise<void> {
  await loadDocument(doc, seed)
  if (useUiStore.getState().scenarioId === 'custom') sharedDoc = doc
  if (atMs !== undefined && atMs > 0) seekTo(atMs)
}

/** Loads the run a shared link describes: its scenario, seed, policy, faults and playhead. */
export async function loadShared(state: ShareState): Promise<void> {
  if (state.scenario.kind === 'builtin') {
    // A built-in scenario with its own policy and faults loads as itself (the picker shows it).
    const own = getBuiltinScenario(state.scenario.id)
    const same =
      state.overrides === undefined &&
      state.policy === (own.policy ?? 'sbdlb') &&
      JSON.stringify(state.faults) === JSON.stringify(own.faults ?? [])
    if (same) {
      await loadScenario(state.scenario.id, state.seed)
      if (state.playheadMs) seekTo(state.playheadMs)
      return
    }
  }
  await loadCustom(getShareDocument(state), state.seed, state.playheadMs)
}

/** Reads a shared link from the address bar; true when it described a run (now loading). */
export function loadFromLocation(href: string): boolean {
  const result = decodeShareState(href)
  if (!result.ok) {
    reportError('link', result.error)
    return false
  }
  if (!result.state) return false
  void loadShared(result.state)
  return true
}

function getShareState(): ShareState | null {
  const frame = useSimStore.getState().frame
  const ui = useUiStore.getState()
  if (!frame) return null
  const scenario: ShareState['scenario'] =
    ui.scenarioId === 'custom'
      ? sharedDoc
        ? { kind: 'inline', doc: sharedDoc }
        : { kind: 'builtin', id: 'A' }
      : { kind: 'builtin', id: ui.scenarioId }
  const state: ShareState = {
    scenario,
    seed: frame.seed,
    policy: frame.policy,
    faults: frame.faults.map(({ atMs, target, action }) => ({ atMs, target, action })),
    playheadMs: frame.simTimeMs,
  }
  writeShareStateToUrl(state)
  return state
}

const handlers: ImportHandlers = {
  onTrace: (doc) => {
    const end = doc.events.at(-1)?.t ?? 0
    void loadCustom(doc.config as ScenarioDocument, doc.seed, end)
  },
  onScenario: (doc) => {
    void loadCustom(doc, doc.seed ?? 1)
  },
  onBugReport: (report: BugReport) => {
    const end = report.playheadMs ?? report.trace.events.at(-1)?.t ?? 0
    void loadCustom({ ...report.config, faults: report.faults }, report.seed, end)
  },
  onError: (message) => reportError('import', message),
}

const getPlayheadMs = () => useSimStore.getState().frame?.simTimeMs

/** Import, Export and Copy link for the header, and the page-wide drop zone. */
export function ShareTools() {
  // Primitives only: this sits in the header and must not re-render with every frame.
  const loaded = useSimStore((s) => s.frame !== null)
  const runName = useSimStore((s) => s.frame?.scenario ?? 'custom')
  const seed = useSimStore((s) => s.frame?.seed ?? 1)
  const selectedTask = useUiStore((s) => s.selectedTask)
  const scenarioId = useUiStore((s) => s.scenarioId)
  return (
    <div className="share-tools">
      <ImportButton {...handlers} />
      <ExportMenu
        getTrace={() => getSimClient().getTrace()}
        scenario={scenarioId === 'custom' ? runName : scenarioId}
        seed={seed}
        selectedTask={selectedTask}
        getPlayheadMs={getPlayheadMs}
        onError={(m) => reportError('export', m)}
        disabled={!loaded}
      />
      <CopyLinkButton getState={getShareState} disabled={!loaded} />
      <DropZone {...handlers} />
    </div>
  )
}
