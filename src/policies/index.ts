// The policy registry: names in picker order, factories and one-line descriptions for the lab.
// Re-exports the kernels; holds no state, so two LBs never share a policy's memory.

import { createActiveMonitoring } from './activeMonitoring'
import { createHoneyBee } from './honeyBee'
import { createLeastConnections } from './leastConnections'
import { createPowerOfTwo } from './powerOfTwo'
import { createRandom } from './random'
import { createRoundRobin } from './roundRobin'
import { createSbdlb } from './sbdlb'
import { createThrottled } from './throttled'
import type { Policy, PolicyName, SbdlbParams } from './types'
import { createWeightedRoundRobin } from './weightedRoundRobin'

export { createActiveMonitoring } from './activeMonitoring'
export type { HoneyBeeParams } from './honeyBee'
export { createHoneyBee, DEFAULT_HONEY_BEE_PARAMS, isOverloaded } from './honeyBee'
export { createLeastConnections } from './leastConnections'
export { createPowerOfTwo } from './powerOfTwo'
export { createRandom } from './random'
export { createRoundRobin } from './roundRobin'
export {
  createSbdlb,
  DEFAULT_SBDLB_PARAMS,
  getSbdlbScore,
  getSbdlbSkip,
  listSbdlbCandidates,
} from './sbdlb'
export type { LengthRange, TaskMixEntry, TaskPriority } from './taskMix'
export { DEFAULT_TASK_MIX, normaliseLength, TASK_PRIORITY } from './taskMix'
export { createThrottled } from './throttled'
export type * from './types'
export { createWeightedRoundRobin, getMipsWeight } from './weightedRoundRobin'

/** Every policy name, in the order the lab's picker lists them (SBDLB first). */
export const POLICY_NAMES: readonly PolicyName[] = Object.freeze([
  'sbdlb',
  'round-robin',
  'weighted-round-robin',
  'throttled',
  'active-monitoring',
  'least-connections',
  'random',
  'power-of-two',
  'honey-bee',
] as const)

const DESCRIPTIONS: Readonly<Record<PolicyName, string>> = {
  sbdlb:
    'Scores every VM below the task threshold (default 3) that has room for the task by its free MIPS + RAM + bandwidth, and sends the task to the highest score.',
  'round-robin': 'Sends tasks to the VMs in turn by VM number, ignoring their load.',
  'weighted-round-robin':
    'Takes VMs in turn in proportion to their total MIPS, so a VM twice as fast gets twice the tasks, interleaved.',
  throttled:
    'Gives each VM one task at a time and keeps further tasks waiting until a VM is idle (as in CloudAnalyst).',
  'active-monitoring':
    'Sends each task to the VM with the fewest active tasks (as in CloudAnalyst).',
  'least-connections':
    'Sends each task to the VM with the fewest active tasks per processing element, so bigger VMs take more.',
  random: 'Sends each task to a VM picked uniformly at random from the seeded stream.',
  'power-of-two': 'Picks two VMs at random and sends the task to the one with fewer active tasks.',
  'honey-bee':
    'Keeps sending tasks to the current VM, like bees to a rich flower patch, until it holds 2 tasks per processing element, then moves to the least-loaded VM.',
}

/** True when `value` is one of `POLICY_NAMES`; for checking scenario files and URL input. */
export function isPolicyName(value: unknown): value is PolicyName {
  return typeof value === 'string' && Object.hasOwn(DESCRIPTIONS, value)
}

/** A one-sentence, user-facing description of the policy for the lab's picker. */
export function describePolicy(name: PolicyName): string {
  return DESCRIPTIONS[name]
}

/**
 * A fresh policy by name. `params` tunes SBDLB (threshold, weights) and is ignored by the others.
 * Throws for an unknown name, listing the known ones.
 */
export function getPolicy(name: PolicyName, params?: Partial<SbdlbParams>): Policy {
  switch (name) {
    case 'sbdlb':
      return createSbdlb(params)
    case 'round-robin':
      return createRoundRobin()
    case 'weighted-round-robin':
      return createWeightedRoundRobin()
    case 'throttled':
      return createThrottled()
    case 'active-monitoring':
      return createActiveMonitoring()
    case 'least-connections':
      return createLeastConnections()
    case 'random':
      return createRandom()
    case 'power-of-two':
      return createPowerOfTwo()
    case 'honey-bee':
      return createHoneyBee()
    default:
      return assertUnknownPolicy(name)
  }
}

function assertUnknownPolicy(name: never): never {
  throw new RangeError(
    `Unknown policy [name=${String(name)}]; use one of ${POLICY_NAMES.join(', ')}`,
  )
}
