import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BUILTIN_SCENARIO_IDS, type BuiltinScenarioId } from '../src/scenarios/builtins'
import { App } from './App'
import { changeSpeed, loadScenario } from './controller'
import { installTestApi } from './testApi'
import { loadFromLocation } from './views/share/ShareTools'
import { createSimClient, createSimWorker, setSimClient } from './worker/simClient'
import './styles.css'

const params = new URLSearchParams(window.location.search)
const scenarioParam = params.get('scenario') ?? 'A'
const scenario: BuiltinScenarioId = (BUILTIN_SCENARIO_IDS as readonly string[]).includes(
  scenarioParam,
)
  ? (scenarioParam as BuiltinScenarioId)
  : 'A'
const seedParam = Number(params.get('seed'))
const speedParam = Number(params.get('speed'))

setSimClient(createSimClient({ createWorker: createSimWorker }))
if (params.has('test')) installTestApi()

const root = document.getElementById('root')
if (!root) throw new Error('[main] no #root element in index.html')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

if (speedParam > 0) changeSpeed(speedParam)
// A shared link (`#s=B&seed=3…`) reproduces its run; otherwise the `?scenario=` one (A by default).
if (!loadFromLocation(window.location.href)) {
  void loadScenario(scenario, Number.isInteger(seedParam) && seedParam > 0 ? seedParam : undefined)
}
