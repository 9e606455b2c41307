// Public surface of the trace exporters: every format the lab can save a run in.
// Re-exports only (plus the format list); the test fixtures are deliberately left out.

export * from './chrome'
export * from './csv'
export { deflateZlib, encodeBase64Url, encodeUtf8 } from './deflate'
export * from './derive'
export * from './jaeger'
export * from './mermaid'
export * from './participants'
export * from './redisLog'

/** Formats a trace can be exported in, in menu order (`json` is the trace document itself). */
export const EXPORT_FORMATS = ['json', 'mermaid', 'chrome', 'jaeger', 'csv', 'redis'] as const

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
