// A plain outline of an XState machine's config for the Why panel: states, their sub-states and
// the transitions out of each, read from `machine.config` (no actor is started).

export interface OutlineTransition {
  /** Event type, or `after <delay>` for a delayed transition. */
  on: string
  to: string
}

export interface OutlineState {
  name: string
  children: string[]
  transitions: OutlineTransition[]
}

interface StateConfig {
  on?: Record<string, unknown>
  after?: Record<string, unknown>
  states?: Record<string, StateConfig>
}

function getTargets(spec: unknown): string[] {
  if (typeof spec === 'string') return [spec]
  if (Array.isArray(spec)) return spec.flatMap(getTargets)
  if (spec && typeof spec === 'object' && 'target' in spec) return getTargets(spec.target)
  return []
}

/** The top-level states of a machine config, in declaration order. */
export function getMachineOutline(config: { states?: Record<string, unknown> }): OutlineState[] {
  const states = (config.states ?? {}) as Record<string, StateConfig>
  return Object.entries(states).map(([name, node]) => {
    const transitions: OutlineTransition[] = []
    for (const [event, spec] of Object.entries(node.on ?? {})) {
      for (const to of getTargets(spec)) transitions.push({ on: event, to })
    }
    for (const [delay, spec] of Object.entries(node.after ?? {})) {
      for (const to of getTargets(spec)) transitions.push({ on: `after ${delay}`, to })
    }
    return { name, children: Object.keys(node.states ?? {}), transitions }
  })
}
