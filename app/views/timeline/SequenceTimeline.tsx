import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import {
  type FilteredRows,
  filterSequenceRows,
  type SequenceModel,
  toSequenceRows,
} from '../../../src/trace/toSequenceRows'
import type { TraceEvent } from '../../../src/trace/types'
import { PHASES } from '../../../src/trace/types'
import { setVectorLayer } from '../../lib/svgSnapshot'
import { drawTimelineHeader, drawTimelineRows, getDrawnDisplayList } from './drawTimeline'
import { drawTimelineSvg } from './drawTimelineSvg'
import {
  computeTimelineColumns,
  FOLLOW_OVERSCAN_ROWS,
  getBottomScrollTop,
  getRowWindow,
  getUsedParticipants,
  getWindowCapacity,
  HEADER_HEIGHT,
  OVERSCAN_ROWS,
  ROW_HEIGHT,
  type TimelineColumns,
} from './timelineLayout'
import { readTimelinePalette, type TimelinePalette } from './timelinePalette'
import { useThemeVersion } from './useThemeVersion'
import './timeline.css'

export interface SequenceTimelineProps {
  events: readonly TraceEvent[]
  playheadSeq: number
  taskFilter: string | null
  participantFilter: string | null
  onSeek(seq: number, t: number): void
}

/** Size used until the element is measured (and in jsdom, which has no layout). */
const FALLBACK_SIZE = { width: 960, height: 480 }
/** Scrolling less than this (px) away from the end does not stop following. */
const SCROLL_SLACK = 2

const SVG_NS = 'http://www.w3.org/2000/svg'

interface DrawState {
  model: SequenceModel
  filtered: FilteredRows
  columns: TimelineColumns
  playheadSeq: number
  width: number
  height: number
  themeVersion: number
}

/**
 * The live sequence diagram of the trace, virtualised: the rows in view are painted on one canvas,
 * under a fixed pool of transparent row buttons (names, focus, seeking). It follows the newest
 * rows until the user scrolls up; "Follow" resumes.
 */
export function SequenceTimeline(props: SequenceTimelineProps) {
  const { events, playheadSeq, taskFilter, participantFilter } = props
  const scrollRef = useRef<HTMLDivElement>(null)
  const headerRef = useRef<SVGSVGElement>(null)
  const layerRef = useRef<HTMLDivElement>(null)
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const slotsRef = useRef<HTMLDivElement>(null)
  const phaseRef = useRef<HTMLSpanElement>(null)
  const [size, setSize] = useState(FALLBACK_SIZE)
  const [follow, setFollow] = useState(true)
  const themeVersion = useThemeVersion()
  const paletteRef = useRef<{ version: number; palette: TimelinePalette } | null>(null)

  // Incremental projections: each render only looks at the events added since the last one.
  const modelRef = useRef<SequenceModel | undefined>(undefined)
  const filteredRef = useRef<FilteredRows | undefined>(undefined)
  const model = toSequenceRows(events, modelRef.current)
  modelRef.current = model
  const filter = { task: taskFilter, participant: participantFilter }
  const filtered = filterSequenceRows(model, filter, filteredRef.current)
  filteredRef.current = filtered

  const isFiltered = taskFilter !== null || participantFilter !== null
  const usedKey = isFiltered ? filtered.count : -1
  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed only when the shown participants can change
  const columns = useMemo(() => {
    const used = isFiltered ? getUsedParticipants(model, filtered.indices, filtered.count) : null
    return computeTimelineColumns(model, used, size.width)
  }, [model.participants, model.participantCount, usedKey, filtered.key, size.width])

  const stateRef = useRef<DrawState | null>(null)
  stateRef.current = {
    model,
    filtered,
    columns,
    playheadSeq,
    width: size.width,
    height: size.height,
    themeVersion,
  }
  // `top`, `left`: the scroll offsets the rows are drawn for. `pending`: an offset to apply once
  // the container has left follow mode. `focusPos`: the row that takes Tab focus.
  const scroll = useRef({ top: 0, left: 0, pending: -1, focusPos: -1, follow: true })
  scroll.current.follow = follow
  const seekRef = useRef(props.onSeek)
  seekRef.current = props.onSeek

  // The theme's colours, read from the CSS variables once per theme change.
  const getPalette = useCallback((version: number): TimelinePalette => {
    const el = scrollRef.current
    if (el && paletteRef.current?.version !== version) {
      paletteRef.current = { version, palette: readTimelinePalette(el) }
    }
    return paletteRef.current?.palette ?? readTimelinePalette(document.documentElement)
  }, [])

  const redraw = useCallback(() => {
    const s = stateRef.current
    const layer = layerRef.current
    const canvas = canvasRef.current
    const slots = slotsRef.current
    if (!s || !layer || !canvas || !slots) return
    const overscan = scroll.current.follow ? FOLLOW_OVERSCAN_ROWS : OVERSCAN_ROWS
    const { first, last } = getRowWindow(scroll.current.top, s.height, s.filtered.count, overscan)
    const viewWidth = Math.min(s.width, s.columns.width)
    const left = Math.max(0, Math.min(scroll.current.left, s.columns.width - viewWidth))
    const topPos = Math.min(s.filtered.count - 1, Math.ceil(scroll.current.top / ROW_HEIGHT))
    drawTimelineRows(
      { layer, canvas, slots },
      {
        seq: s.model,
        indices: s.filtered.indices,
        first,
        last,
        columns: s.columns,
        playheadSeq: s.playheadSeq,
        focusPos: scroll.current.focusPos,
        topPos,
        left,
        viewWidth,
        canvasRows: getWindowCapacity(s.height, overscan),
        capacity: getWindowCapacity(s.height),
        pixelRatio: window.devicePixelRatio || 1,
        palette: getPalette(s.themeVersion),
      },
    )
    const shownPos = Math.min(s.filtered.count - 1, Math.floor(scroll.current.top / ROW_HEIGHT))
    const phase = shownPos >= 0 ? s.model.rows[s.filtered.indices[shownPos]].phase : -1
    const phaseText = phase >= 0 ? PHASES[phase] : '—'
    if (phaseRef.current && phaseRef.current.textContent !== phaseText) {
      phaseRef.current.textContent = phaseText
    }
  }, [getPalette])

  // Export (Timeline (SVG)) draws the canvas's display list as vector SVG instead of a bitmap.
  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    setVectorLayer(canvas, () => {
      const list = getDrawnDisplayList(canvas)
      if (!list) return null
      const svg = document.createElementNS(SVG_NS, 'svg')
      drawTimelineSvg(svg, list, getPalette(stateRef.current?.themeVersion ?? 0))
      return svg
    })
    return () => setVectorLayer(canvas, null)
  }, [getPalette])

  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect
      if (width <= 0 || height <= 0) return
      setSize((old) =>
        old.width === Math.floor(width) && old.height === Math.floor(height)
          ? old
          : { width: Math.floor(width), height: Math.floor(height) },
      )
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  useLayoutEffect(() => {
    if (headerRef.current) drawTimelineHeader(headerRef.current, columns)
  }, [columns])

  // Following needs no scrolling from script: the container is a column-reverse flexbox then,
  // which the browser keeps pinned to its end as rows are added (no layout forced per frame).
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    if (follow) el.scrollTop = 0
    else if (scroll.current.pending >= 0) {
      el.scrollTop = scroll.current.pending
      scroll.current.pending = -1
    }
  }, [follow])

  // Every render: draw the rows in view (the newest when following).
  useLayoutEffect(() => {
    if (follow) scroll.current.top = getBottomScrollTop(size.height, filtered.count)
    redraw()
  })

  useLayoutEffect(() => {
    const el = scrollRef.current
    const slots = slotsRef.current
    if (!el || !slots) return
    const leaveFollow = (top: number) => {
      scroll.current.top = Math.max(0, top)
      scroll.current.pending = scroll.current.top
      scroll.current.follow = false
      setFollow(false)
    }
    const onScroll = () => {
      const s = stateRef.current
      if (!s) return
      const movedSideways = el.scrollLeft !== scroll.current.left
      scroll.current.left = el.scrollLeft
      if (scroll.current.follow) {
        // Offsets run from 0 (the end) to negative values in a column-reverse container.
        if (el.scrollTop < -SCROLL_SLACK)
          leaveFollow(el.scrollHeight - el.clientHeight + el.scrollTop)
        else if (movedSideways) redraw()
        return
      }
      scroll.current.top = el.scrollTop
      if (el.scrollTop >= getBottomScrollTop(s.height, s.filtered.count) - ROW_HEIGHT / 2) {
        setFollow(true)
      }
      redraw()
    }
    const getRow = (target: EventTarget | null) =>
      target instanceof Element ? target.closest<HTMLElement>('[data-seq]') : null
    const onClick = (e: MouseEvent) => {
      const row = getRow(e.target)
      if (!row) return
      scroll.current.focusPos = Number(row.dataset.pos)
      seekRef.current(Number(row.dataset.seq), Number(row.dataset.t))
    }
    const focusRow = (pos: number) => {
      const height = stateRef.current?.height ?? 0
      const rowTop = pos * ROW_HEIGHT
      const viewRows = height - HEADER_HEIGHT
      let top = scroll.current.top
      if (rowTop < top) top = rowTop
      else if (rowTop + ROW_HEIGHT > top + viewRows) top = rowTop + ROW_HEIGHT - viewRows
      scroll.current.focusPos = pos
      if (top !== scroll.current.top) {
        if (scroll.current.follow) leaveFollow(top)
        else {
          scroll.current.top = top
          el.scrollTop = top
        }
      }
      redraw()
      // The slots are placed already; a native scroll-into-view would fight the follow mode.
      slots.querySelector<HTMLElement>(`[data-pos="${pos}"]`)?.focus({ preventScroll: true })
    }
    const onKeyDown = (e: KeyboardEvent) => {
      const row = getRow(e.target)
      if (!row) return
      const pos = Number(row.dataset.pos)
      const s = stateRef.current
      const count = s?.filtered.count ?? 0
      const page = Math.max(1, Math.floor(((s?.height ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT) - 1)
      const moves: Record<string, number> = {
        ArrowDown: pos + 1,
        ArrowUp: pos - 1,
        PageDown: pos + page,
        PageUp: pos - page,
        Home: 0,
        End: count - 1,
      }
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault()
        seekRef.current(Number(row.dataset.seq), Number(row.dataset.t))
      } else if (e.key in moves) {
        e.preventDefault()
        focusRow(Math.max(0, Math.min(count - 1, moves[e.key])))
      }
    }
    el.addEventListener('scroll', onScroll, { passive: true })
    slots.addEventListener('click', onClick)
    slots.addEventListener('keydown', onKeyDown)
    // Zooming changes devicePixelRatio (and fires resize): repaint sharp at the new ratio.
    window.addEventListener('resize', redraw)
    return () => {
      el.removeEventListener('scroll', onScroll)
      slots.removeEventListener('click', onClick)
      slots.removeEventListener('keydown', onKeyDown)
      window.removeEventListener('resize', redraw)
    }
  }, [redraw])

  const total = model.rowCount
  const countText = isFiltered
    ? `${filtered.count.toLocaleString('en')} of ${total.toLocaleString('en')} events`
    : `${total.toLocaleString('en')} events`
  const filterText = [taskFilter, participantFilter].filter(Boolean).join(' · ')

  return (
    <section aria-label="Sequence timeline" className="seq-timeline" data-testid="timeline">
      <div className="seq-timeline__toolbar">
        <span className="seq-timeline__phase-label">
          Phase: <span ref={phaseRef}>—</span>
        </span>
        {filterText && <span className="seq-timeline__filter">Only {filterText}</span>}
        <span className="seq-timeline__count" data-testid="timeline.count">
          {countText}
        </span>
        <button
          type="button"
          className="seq-timeline__follow"
          aria-pressed={follow}
          title="Keep the newest rows in view"
          onClick={() => setFollow((f) => !f)}
        >
          Follow
        </button>
      </div>
      <div
        className={`seq-timeline__scroll${follow ? ' seq-timeline__scroll--follow' : ''}`}
        ref={scrollRef}
      >
        <svg className="seq-timeline__header" ref={headerRef} aria-hidden="true" />
        <div
          className="seq-timeline__spacer"
          style={{ height: filtered.count * ROW_HEIGHT, width: columns.width }}
        >
          <div className="seq-timeline__rows" ref={layerRef}>
            {/* The picture; what it says is in the row buttons over it. */}
            <div aria-hidden="true">
              <canvas className="seq-timeline__canvas" ref={canvasRef} />
            </div>
            <div className="seq-timeline__slots" ref={slotsRef} />
          </div>
        </div>
        <div className="seq-timeline__filler" />
      </div>
    </section>
  )
}
