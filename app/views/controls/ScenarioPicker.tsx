import { useEffect, useRef, useState } from 'react'
import { BUILTIN_SCENARIO_IDS, type BuiltinScenarioId } from '../../../src/scenarios/builtins'
import { importScenarioFile, loadScenario, rerunWithSeed, toggleGuided } from '../../controller'
import { useUiStore } from '../../store/uiStore'

const LABELS: Record<BuiltinScenarioId, string> = {
  A: 'Scenario A',
  B: 'Scenario B',
  C: 'Scenario C',
  D: 'Scenario D',
  free: 'Free run',
}

const HINTS: Record<BuiltinScenarioId, string> = {
  A: 'Normal execution: one task scheduled by SBDLB and run on VM_5',
  B: 'VM failure: VM_5 crashes mid-task, is declared dead, its task rescued and the VM restarted',
  C: 'Zone failover: LB1 crashes and LB2 takes zone 1 over',
  D: 'Overflow and work stealing: LB2 steals queued work from a flooded LB1',
  free: 'Free run: random arrivals with a VM crash and an LB crash',
}

/** The five built-in runs, the seed to re-run with, and guided mode. */
export function ScenarioPicker() {
  const current = useUiStore((s) => s.scenarioId)
  const seed = useUiStore((s) => s.seed)
  const guided = useUiStore((s) => s.guided)
  const customName = useUiStore((s) => s.customName)
  const fileRef = useRef<HTMLInputElement>(null)
  const [seedText, setSeedText] = useState(String(seed))
  useEffect(() => setSeedText(String(seed)), [seed])
  const seedValue = Number(seedText)
  const seedOk = seedText.trim() !== '' && Number.isInteger(seedValue) && seedValue >= 0
  return (
    <div className="picker">
      <fieldset className="picker__scenarios">
        <legend className="visually-hidden">Scenario</legend>
        {BUILTIN_SCENARIO_IDS.map((id) => (
          <button
            key={id}
            type="button"
            className="btn btn--chip"
            aria-pressed={current === id}
            title={HINTS[id]}
            onClick={() => void loadScenario(id)}
          >
            {LABELS[id]}
          </button>
        ))}
        <button
          type="button"
          className="btn btn--chip picker__import"
          aria-pressed={current === 'custom'}
          title={
            current === 'custom'
              ? `Imported: ${customName}. Click to import another scenario file`
              : 'Open a scenario file (JSON, as the CLI reads it)'
          }
          onClick={() => fileRef.current?.click()}
        >
          {current === 'custom' ? `Imported: ${customName}` : 'Import…'}
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Scenario file"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0]
            e.currentTarget.value = ''
            if (file) void importScenarioFile(file)
          }}
        />
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
      <label className="picker__guided switch">
        <input type="checkbox" checked={guided} onChange={() => void toggleGuided()} />
        <span>Guided mode</span>
      </label>
    </div>
  )
}
