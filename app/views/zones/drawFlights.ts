import type { TraceEvent } from '../../../src/trace/types'
import { getAnchor } from './drawTopology'
import type { TopologyLayout } from './topologyLayout'

/** At most this many new dots per frame and alive at once: a hint of traffic, kept cheap. */
export const MAX_NEW_FLIGHTS = 12
export const MAX_FLIGHTS = 60
/** Wall-clock flight time of a dot, ms. */
export const FLIGHT_MS = 520

const SVG_NS = 'http://www.w3.org/2000/svg'

/**
 * A dot flying along each recent message (from → to), on `svg`, animated by the compositor
 * (Web Animations on transform); each removes itself when it lands. Self-messages and ids not
 * drawn are skipped; when there are many, an even sample is taken. Returns the dots started.
 */
export function drawFlights(
  svg: SVGSVGElement,
  layout: TopologyLayout,
  events: readonly TraceEvent[],
): number {
  if (typeof svg.animate !== 'function') return 0
  const messages = events.filter((e) => e.type === 'message' && e.kind !== 'self')
  const room = Math.min(MAX_NEW_FLIGHTS, MAX_FLIGHTS - svg.childElementCount)
  if (room <= 0 || messages.length === 0) return 0

  const step = Math.max(1, messages.length / room)
  let started = 0
  for (let i = 0; i < messages.length && started < room; i += step) {
    const e = messages[Math.floor(i)]
    if (e.type !== 'message') continue
    const from = getAnchor(layout, e.from)
    const to = getAnchor(layout, e.to)
    if (!from || !to) continue
    const dot = document.createElementNS(SVG_NS, 'circle')
    dot.setAttribute('r', '3.5')
    dot.setAttribute('class', `zone-map__flight zone-map__flight--${e.kind}`)
    svg.appendChild(dot)
    const animation = dot.animate(
      [
        { transform: `translate(${from[0]}px,${from[1]}px)`, opacity: 0.9 },
        { transform: `translate(${to[0]}px,${to[1]}px)`, opacity: 0.6 },
      ],
      { duration: FLIGHT_MS, easing: 'ease-in-out' },
    )
    animation.onfinish = () => dot.remove()
    animation.oncancel = () => dot.remove()
    started++
  }
  return started
}

/** Removes every dot in flight (reduced motion turned on, or a seek). */
export function clearFlights(svg: SVGSVGElement): void {
  svg.replaceChildren()
}
