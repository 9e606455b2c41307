// The experiments' public surface: definitions, runners, result rows, CSV and the CloudSim compat.
// Re-exports only; holds no state.

export * from './cloudsimCompat'
export * from './compareJob'
export * from './csv'
export * from './definitions'
export * from './rows'
export * from './runExperiment'
export * from './workloads'
