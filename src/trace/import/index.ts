// Public surface of trace import: parsing and checking a trace file's text.
// Re-exports only; nothing here reads files or state.

export {
  getTraceSizeError,
  locateJsonError,
  MAX_JSON_DEPTH,
  MAX_TRACE_CHARS,
  type ParseTraceResult,
  parseTraceDocument,
} from './parseTraceDocument'
