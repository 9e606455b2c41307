import {
  memo,
  type RefObject,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import type { Frame } from '../../../src/protocol/messages'
import { type DenseColors, drawDenseVms, readDenseColors } from './drawDenseVms'
import { drawHitLayer } from './drawHitLayer'
import { drawTopology, getTopologyModel } from './drawTopology'
import { createFlightLayer, type FlightLayer, readFlightColors } from './flightLayer'
import { fitTopologyLayout, type TopologyMode, type TopologyShape } from './topologyLayout'
import { STATE_GLYPHS } from './topologyText'
import './topology.css'

export interface TopologyViewProps {
  frame: Frame
  selected: string | null
  onSelect(id: string): void
  onActivate(id: string): void
}

const FALLBACK_WIDTH = 960
/** Below this the panel is too short to plan for; the drawing scrolls instead. */
const MIN_TARGET_HEIGHT = 240
/** More new events than this in a paused frame is a seek, not a step: no dots for it. */
const MAX_STEP_EVENTS = 40
const LEGEND_STATES = ['ALIVE', 'BOOTING', 'CRASHED', 'DEAD', 'RESTARTING'] as const

/** What the layout depends on, as a key: the VMs' zones in order and the LBs' home zones. */
function getShapeKey(frame: Frame): string {
  let zones = ''
  let zone = Number.NaN
  let run = 0
  for (const vm of frame.vms) {
    if (vm.zone === zone) {
      run++
      continue
    }
    if (run > 0) zones += `${zone}:${run},`
    zone = vm.zone
    run = 1
  }
  if (run > 0) zones += `${zone}:${run}`
  const lbs = frame.lbs.map((lb) => `${lb.id}@${lb.homeZone}`).join(',')
  return `${zones}|${lbs}|${frame.vms[0]?.id ?? ''}`
}

function getShape(frame: Frame): TopologyShape {
  const byZone = new Map<number, string[]>()
  for (const lb of frame.lbs) byZone.set(lb.homeZone, [])
  for (const vm of frame.vms) {
    const list = byZone.get(vm.zone) ?? []
    list.push(vm.id)
    byZone.set(vm.zone, list)
  }
  const zones = [...byZone].sort(([a], [b]) => a - b).map(([zone, vmIds]) => ({ zone, vmIds }))
  return { zones, lbs: frame.lbs.map((lb) => ({ id: lb.id, homeZone: lb.homeZone })) }
}

/** The height the drawing aims to fit: most of the window, so large topologies go dense. */
function getTargetHeight(): number {
  const h = typeof window === 'undefined' ? 800 : window.innerHeight
  return Math.max(380, Math.min(1100, Math.round(h * 0.62)))
}

function useMediaQuery(query: string): boolean {
  const get = () => typeof window !== 'undefined' && !!window.matchMedia?.(query).matches
  const [matches, setMatches] = useState(get)
  useEffect(() => {
    const mql = window.matchMedia?.(query)
    if (!mql) return
    const onChange = () => setMatches(mql.matches)
    mql.addEventListener('change', onChange)
    return () => mql.removeEventListener('change', onChange)
  }, [query])
  return matches
}

/** Bumps when the theme changes (data-theme on <html>, or the system scheme). */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0)
  const dark = useMediaQuery('(prefers-color-scheme: dark)')
  useEffect(() => {
    const observer = new MutationObserver(() => setVersion((v) => v + 1))
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class'],
    })
    return () => observer.disconnect()
  }, [])
  return version * 2 + (dark ? 1 : 0)
}

interface ToolbarProps {
  toolbarRef: RefObject<HTMLDivElement | null>
  vmCount: number
  zoneCount: number
  mode: TopologyMode
}

/** Counts, mode and the legend: re-rendered only when one of them changes, not per frame. */
const TopologyToolbar = memo(function TopologyToolbar(props: ToolbarProps) {
  const { toolbarRef, vmCount, zoneCount, mode } = props
  const summary = `${vmCount} VMs in ${zoneCount} ${zoneCount === 1 ? 'zone' : 'zones'}`
  return (
    <div className="zone-map__toolbar" ref={toolbarRef}>
      <span className="zone-map__summary">
        {summary} · {mode === 'dense' ? 'dense view' : 'card view'}
      </span>
      <ul className="zone-map__legend" aria-label="VM states">
        {LEGEND_STATES.map((s) => (
          <li key={s} className={`zone-map__legend-item zone-map__legend-item--${s.toLowerCase()}`}>
            <span className="zone-map__swatch" aria-hidden="true">
              {STATE_GLYPHS[s]}
            </span>
            {s}
          </li>
        ))}
        {mode === 'dense' && (
          <li className="zone-map__legend-note">
            fill: MIPS in use · top edge: heartbeat age · dots: tasks
          </li>
        )}
      </ul>
    </div>
  )
})

/**
 * The live topology: Dispatcher and L1 on top, a region per zone with its LB, L2 and VMs. SVG
 * cards for small topologies, a canvas of cells for large ones; in both, every LB and VM is a
 * real button. Focus (or Shift+click, or right-click) selects; click, Enter or Space activates
 * (crash, or restart a crashed LB).
 */
export function TopologyView(props: TopologyViewProps) {
  const { frame, selected } = props
  const hintId = useId()
  const rootRef = useRef<HTMLElement>(null)
  const staticRef = useRef<SVGSVGElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const flightsRef = useRef<HTMLCanvasElement>(null)
  const flightLayerRef = useRef<FlightLayer | null>(null)
  const hitRef = useRef<HTMLDivElement>(null)
  const toolbarRef = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(FALLBACK_WIDTH)
  const [targetHeight, setTargetHeight] = useState(getTargetHeight)
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)')
  const themeVersion = useThemeVersion()
  const colorsRef = useRef<{ version: number; colors: DenseColors } | null>(null)
  const handlers = useRef(props)
  handlers.current = props

  const shapeKey = getShapeKey(frame)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the shape key stands for the frame's topology
  const { layout, scale } = useMemo(
    () => fitTopologyLayout(getShape(frame), width, targetHeight),
    [shapeKey, width, targetHeight],
  )
  // The flight canvas is drawn in layout pixels and shown `scale` times larger: its backing
  // store grows by the same factor so the dots stay sharp.
  const scaleRef = useRef(scale)
  scaleRef.current = scale
  const model = useMemo(() => getTopologyModel(frame, layout), [frame, layout])

  // Width always comes from the panel; the height to fit comes from it too when the panel has a
  // definite height (else from the window). Content never widens the root (contain: inline-size),
  // and a height taken from an auto-height root is the content's own, so this cannot feed back.
  useLayoutEffect(() => {
    const el = rootRef.current
    if (!el) return
    const onResize = () => setTargetHeight(getTargetHeight())
    window.addEventListener('resize', onResize)
    if (typeof ResizeObserver === 'undefined')
      return () => window.removeEventListener('resize', onResize)
    // The toolbar is watched too: its legend wraps to a second line in the dense view, and a
    // height planned without that line made the drawing overflow by it (a scrollbar, and a
    // composited scroller Chrome re-layerized every frame).
    const observer = new ResizeObserver(() => {
      const style = getComputedStyle(el)
      const px = (name: 'Top' | 'Bottom' | 'Left' | 'Right') =>
        Number.parseFloat(style[`padding${name}`]) || 0
      const w = Math.floor(el.clientWidth - px('Left') - px('Right'))
      const toolbar = toolbarRef.current?.offsetHeight ?? 0
      const h = Math.floor(el.clientHeight - px('Top') - px('Bottom') - toolbar)
      if (w > 0) setWidth(w)
      if (h >= MIN_TARGET_HEIGHT) setTargetHeight(h)
    })
    observer.observe(el)
    if (toolbarRef.current) observer.observe(toolbarRef.current)
    return () => {
      observer.disconnect()
      window.removeEventListener('resize', onResize)
    }
  }, [])

  // The static layer: regions, links, boxes and VM cards. Called per frame; each draw writes
  // only what changed since the last (everything after a layout change).
  useLayoutEffect(() => {
    if (staticRef.current) drawTopology(staticRef.current, model)
  }, [model])

  // The accessible and highlight layer: buttons, their names and states, the selection.
  useLayoutEffect(() => {
    if (hitRef.current) drawHitLayer(hitRef.current, model, selected, hintId)
  }, [model, selected, hintId])

  // The dense cells: only those that changed, or all after a layout, theme or size change. Last
  // of the DOM writes, because drawing text brings the page's style up to date first.
  useLayoutEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    if (colorsRef.current?.version !== themeVersion) {
      colorsRef.current = { version: themeVersion, colors: readDenseColors(canvas) }
    }
    drawDenseVms(canvas, model, colorsRef.current.colors, window.devicePixelRatio || 1)
  }, [model, themeVersion])

  // Messages in flight: one canvas and one frame loop for all dots, running only while some fly
  // (a composited animation per dot made Chrome re-layerize every frame).
  useEffect(() => {
    const canvas = flightsRef.current
    if (!canvas) return
    const layer = createFlightLayer(canvas, {
      pixelRatio: () => (window.devicePixelRatio || 1) * scaleRef.current,
    })
    flightLayerRef.current = layer
    return () => {
      layer.clear()
      flightLayerRef.current = null
    }
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: the colours change with the theme
  useEffect(() => {
    const canvas = flightsRef.current
    if (canvas) flightLayerRef.current?.setColors(readFlightColors(canvas))
  }, [themeVersion])

  // Dots for this frame's new messages while playing or stepping, unless motion is reduced. A
  // seek replays thousands at once: nothing is "in flight" then.
  useEffect(() => {
    const layer = flightLayerRef.current
    if (!layer) return
    if (reducedMotion || frame.reset) layer.clear()
    else if (frame.playing || frame.newEvents.length <= MAX_STEP_EVENTS) {
      layer.add(layout, frame.newEvents)
    }
  }, [frame, layout, reducedMotion])

  useEffect(() => {
    const layer = hitRef.current
    if (!layer) return
    const getId = (e: Event) =>
      e.target instanceof Element
        ? e.target.closest<HTMLElement>('[data-id]')?.dataset.id
        : undefined
    const onFocusIn = (e: FocusEvent) => {
      const id = getId(e)
      if (id) handlers.current.onSelect(id)
    }
    const onClick = (e: MouseEvent) => {
      const id = getId(e)
      if (!id) return
      if (e.shiftKey) handlers.current.onSelect(id)
      else handlers.current.onActivate(id)
    }
    const onContextMenu = (e: MouseEvent) => {
      const id = getId(e)
      if (!id) return
      e.preventDefault()
      ;(e.target as HTMLElement).closest<HTMLElement>('[data-id]')?.focus()
      handlers.current.onSelect(id)
    }
    // Handled on keydown (and the native click suppressed) so each press activates exactly once.
    const onKeyDown = (e: KeyboardEvent) => {
      const id = getId(e)
      if (!id || (e.key !== 'Enter' && e.key !== ' ') || e.repeat) return
      e.preventDefault()
      handlers.current.onActivate(id)
    }
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ' && getId(e)) e.preventDefault()
    }
    layer.addEventListener('focusin', onFocusIn)
    layer.addEventListener('click', onClick)
    layer.addEventListener('contextmenu', onContextMenu)
    layer.addEventListener('keydown', onKeyDown)
    layer.addEventListener('keyup', onKeyUp)
    return () => {
      layer.removeEventListener('focusin', onFocusIn)
      layer.removeEventListener('click', onClick)
      layer.removeEventListener('contextmenu', onContextMenu)
      layer.removeEventListener('keydown', onKeyDown)
      layer.removeEventListener('keyup', onKeyUp)
    }
  }, [])

  return (
    <section
      ref={rootRef}
      className={`zone-map zone-map--${layout.mode}`}
      aria-label="Topology"
      data-testid="topology"
      data-mode={layout.mode}
    >
      <TopologyToolbar
        toolbarRef={toolbarRef}
        vmCount={frame.vms.length}
        zoneCount={layout.zones.length}
        mode={layout.mode}
      />
      <div
        className="zone-map__stage"
        style={{ width: layout.width * scale, height: layout.height * scale }}
        data-scale={scale}
      >
        <div
          className="zone-map__scaled"
          style={{
            width: layout.width,
            height: layout.height,
            transform: scale === 1 ? undefined : `scale(${scale})`,
          }}
        >
          <svg className="zone-map__static" ref={staticRef} aria-hidden="true" />
          <canvas className="zone-map__canvas" ref={canvasRef} />
          {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: no tabIndex, so it takes no focus */}
          <canvas
            className="zone-map__flights"
            ref={flightsRef}
            aria-hidden="true"
            data-testid="topology.flights"
            data-snapshot="skip"
            style={{ width: layout.width, height: layout.height }}
          />
          <div className="zone-map__hits" ref={hitRef} />
        </div>
      </div>
      <p id={hintId} hidden>
        Click, Enter or Space crashes it, or restarts a crashed load balancer. Focus, Shift+click or
        right-click selects it without crashing.
      </p>
    </section>
  )
}
