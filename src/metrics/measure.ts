// One call from a finished simulation to its metrics: record + trace facts. Reads the simulation
// and its trace store; changes neither.

import type { Sim } from '../engine/context'
import { sliceTrace } from '../trace/store'
import { computeRunMetrics, type RunMetrics } from './runMetrics'
import { getRunRecord } from './runRecord'
import { getTraceFacts } from './traceSeries'

/** Every item-2 metric of `sim` as it stands (normally after runToEnd). */
export function measureSim(sim: Sim): RunMetrics {
  const facts = getTraceFacts(sliceTrace(sim.trace), sim.world.now)
  return computeRunMetrics(getRunRecord(sim), facts)
}
