// Small inline icons for the transport (system fonts lack the media-control glyphs).

const PATHS = {
  back: 'M4 3h2v10H4zM14 3v10L7 8z',
  play: 'M4 2.5v11L13.5 8z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  step: 'M10 3h2v10h-2zM2 3v10l7-5z',
  moon: 'M10.5 1.5a6.5 6.5 0 1 0 4 11.6A6 6 0 0 1 10.5 1.5z',
} as const

export type IconName = keyof typeof PATHS

/** A 16 × 16 icon in the current text colour, hidden from assistive technology. */
export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  )
}
