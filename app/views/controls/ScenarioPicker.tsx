import { useEffect, useState } from 'react'
import { BUILTIN_SCENARIO_IDS, type BuiltinScenarioId } from '../../../src/scenarios/builtins'
import { loadScenario, rerunWithSeed, toggleGuided } from '../../controller'
import { useUiStore } from '../../store/uiStore'

/** Accessible names (the contract); the segments show the short forms to fit the header. */
const LABELS: Record<BuiltinScenarioId, string> = {
  A: 'Scenario A',
  B: 'Scenario B',
  C: 'Scenario C',
  D: 'Scenario D',
  free: 'Free run',
}

const SHORT: Record<BuiltinScenarioId, string> = {
  A: 'A',
  B: 'B',
  C: 'C',
  D: 'D',
  free: 'Free run',
}

const HINTS: Record<BuiltinScenarioId, string> = {
  A: 'Scenario A, normal execution: one task scheduled by SBDLB and run on VM_5',
  B: 'Scenario B, VM failure: VM_5 crashes mid-task, is declared dead, its task rescued and the VM restarted',
  C: 'Scenario C, zone failover: LB1 crashes and LB2 takes zone 1 over',
  D: 'Scenario D, overflow and work stealing: LB2 steals queued work from a flooded LB1',
  free: 'Free run: random arrivals with a VM crash and an LB crash',
}

/** The five built-in runs (plus an imported one), the seed to re-run with, and guided mode. */
export function ScenarioPicker() {
  const current = useUiStore((s) => s.scenarioId)
  const seed = useUiStore((s) => s.seed)
  const guided = useUiStore((s) => s.guided)
  const customName = useUiStore((s) => s.customName)
  const [seedText, setSeedText] = useState(String(seed))
  useEffect(() => setSeedText(String(seed)), [seed])
  const seedValue = Number(seedText)
  const seedOk = seedText.trim() !== '' && Number.isInteger(seedValue) && seedValue >= 0
  return (
    <div className="picker">
      <fieldset className="segmented" aria-labelledby="picker-label">
        <span className="segmented__label" id="picker-label">
          Scenario
        </span>
        {BUILTIN_SCENARIO_IDS.map((id) => (
          <button
            key={id}
            type="button"
            className="segmented__item"
            aria-label={LABELS[id]}
            aria-pressed={current === id}
            title={HINTS[id]}
            onClick={() => void loadScenario(id)}
          >
            {SHORT[id]}
          </button>
        ))}
        {current === 'custom' && (
          <span className="segmented__item segmented__item--custom" title={customName}>
            Imported: {customName}
          </span>
        )}
      </fieldset>
      <form
        className="picker__seed"
        onSubmit={(e) => {
          e.preventDefault()
          if (seedOk) void rerunWithSeed(seedValue)
        }}
      >
        <label>
          <span>Seed</span>
          <input
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={seedText}
            aria-invalid={!seedOk}
            onChange={(e) => setSeedText(e.currentTarget.value)}
          />
        </label>
        <button type="submit" className="btn" disabled={!seedOk}>
          Re-run
        </button>
      </form>
      <label className="picker__guided switch" title="Pause at every phase with a caption (G)">
        <input type="checkbox" checked={guided} onChange={() => void toggleGuided()} />
        <span>Guided mode</span>
      </label>
    </div>
  )
}
