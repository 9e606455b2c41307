import { PHASES } from '../../../src/trace/types'
import { type ColorRole, FONTS, type FontRole } from './drawOps'

/** The colours of the colour roles in the current theme, and the font family, for the painters. */
export interface TimelinePalette {
  colors: ReadonlyMap<ColorRole, string>
  fontFamily: string
}

// Used where a variable is missing (jsdom loads no CSS): the light theme of timeline.css.
const FALLBACK: Record<string, string> = {
  bg: '#ffffff',
  fg: '#1f2937',
  muted: '#6b7280',
  lifeline: '#cbd5e1',
  arrow: '#334155',
  reply: '#64748b',
  'note-bg': '#fef9c3',
  'note-border': '#eab308',
  fault: '#dc2626',
  'fault-band': 'rgba(220, 38, 38, 0.12)',
  state: '#7c3aed',
  playhead: '#2563eb',
}
const FALLBACK_PHASE = 'rgba(148, 163, 184, 0.08)'
const FALLBACK_STRIPE = '#94a3b8'

/** Every colour role, in the order the palette is read. */
export function getColorRoles(): ColorRole[] {
  const roles = Object.keys(FALLBACK) as ColorRole[]
  for (let i = 0; i < PHASES.length; i++) roles.push(`phase-${i}`, `stripe-${i}`)
  return roles
}

/** The palette as the CSS custom properties `--seq-<role>` resolve on `el` (read once a theme). */
export function readTimelinePalette(el: Element): TimelinePalette {
  const style = getComputedStyle(el)
  const colors = new Map<ColorRole, string>()
  for (const role of getColorRoles()) {
    const value = style.getPropertyValue(`--seq-${role}`).trim()
    colors.set(role, value || getFallback(role))
  }
  return { colors, fontFamily: style.fontFamily || 'system-ui, sans-serif' }
}

function getFallback(role: ColorRole): string {
  if (role.startsWith('phase-')) return FALLBACK_PHASE
  if (role.startsWith('stripe-')) return FALLBACK_STRIPE
  return FALLBACK[role] ?? FALLBACK.fg
}

/** The colour of `role`; a role the palette lacks falls back to the light theme's. */
export function getColor(palette: TimelinePalette, role: ColorRole): string {
  return palette.colors.get(role) ?? getFallback(role)
}

/** A canvas `font` shorthand for `font`. */
export function getCanvasFont(font: FontRole, family: string): string {
  const f = FONTS[font]
  return `${f.style === 'italic' ? 'italic ' : ''}${f.weight} ${f.size}px ${family}`
}
