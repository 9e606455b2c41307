// Saving files from the page: a Blob behind a temporary object URL and a `<a download>` click.
// Nothing here knows about traces; the export menu decides what to save and under which name.

import {
  BUILTIN_SCENARIO_IDS,
  getBuiltinScenario,
  isBuiltinScenario,
} from '../../src/scenarios/builtins'

/** How long an object URL outlives its click: long enough for every browser to start saving. */
const REVOKE_AFTER_MS = 30_000

/** Saves `blob` as `fileName` in the browser's downloads. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.appendChild(link)
  try {
    link.click()
  } finally {
    link.remove()
    // Revoking at once can cancel the download in Firefox and Safari.
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS)
  }
}

/**
 * Saves text as `fileName`. `parts` may be one string or many (a long trace is passed in pieces,
 * so no single giant string is built).
 */
export function downloadText(parts: string | readonly string[], fileName: string, type: string) {
  const blob = new Blob(typeof parts === 'string' ? [parts] : [...parts], { type })
  downloadBlob(blob, fileName)
}

/**
 * `dual-lb-B-seed3`: the stem of every exported file. `scenario` is a built-in id, a built-in
 * scenario's name (what a trace's `scenario` holds) or a custom scenario's name, which is slugged.
 */
export function getFileBase(scenario: string, seed: number): string {
  return `dual-lb-${getScenarioSlug(scenario)}-seed${seed}`
}

function getScenarioSlug(scenario: string): string {
  if (isBuiltinScenario(scenario)) return scenario
  for (const id of BUILTIN_SCENARIO_IDS) {
    if (getBuiltinScenario(id).name === scenario) return id
  }
  const slug = scenario
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return slug === '' ? 'custom' : slug
}
