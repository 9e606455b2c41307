// The metrics layer's public surface: run records, run metrics, trace series and statistics.
// Re-exports only; nothing here may hold state.

export * from './measure'
export * from './runMetrics'
export * from './runRecord'
export * from './stats'
export * from './traceSeries'
