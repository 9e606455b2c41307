import { useCallback, useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import {
  type FilteredRows,
  filterSequenceRows,
  type SequenceModel,
  toSequenceRows,
} from '../../../src/trace/toSequenceRows'
import type { TraceEvent } from '../../../src/trace/types'
import { PHASES } from '../../../src/trace/types'
import { drawTimelineHeader, drawTimelineRows } from './drawTimeline'
import {
  computeTimelineColumns,
  getBottomScrollTop,
  getRowWindow,
  getUsedParticipants,
  HEADER_HEIGHT,
  ROW_HEIGHT,
  type TimelineColumns,
} from './timelineLayout'
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

interface DrawState {
  model: SequenceModel
  filtered: FilteredRows
  columns: TimelineColumns
  playheadSeq: number
  height: number
}

/**
 * The live sequence diagram of the trace, virtualised: only the rows in view are in the SVG. It
 * follows the newest rows until the user scrolls up; "Follow" resumes.
 */
export function SequenceTimeline(props: SequenceTimelineProps) {
  const { events, playheadSeq, taskFilter, participantFilter } = props
  const markerId = `seq${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`
  const scrollRef = useRef<HTMLDivElement>(null)
  const headerRef = useRef<SVGSVGElement>(null)
  const rowsRef = useRef<SVGSVGElement>(null)
  const phaseRef = useRef<HTMLSpanElement>(null)
  const [size, setSize] = useState(FALLBACK_SIZE)
  const [follow, setFollow] = useState(true)

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
  stateRef.current = { model, filtered, columns, playheadSeq, height: size.height }
  // `top`: the scroll offset from the top that the rows are drawn for. `pending`: an offset to
  // apply once the container has left follow mode. `focusPos`: the row that takes Tab focus.
  const scroll = useRef({ top: 0, pending: -1, focusPos: -1, follow: true })
  scroll.current.follow = follow
  const seekRef = useRef(props.onSeek)
  seekRef.current = props.onSeek

  const redraw = useCallback(() => {
    const s = stateRef.current
    const svg = rowsRef.current
    if (!s || !svg) return
    const { first, last } = getRowWindow(scroll.current.top, s.height, s.filtered.count)
    svg.style.transform = `translateY(${first * ROW_HEIGHT}px)`
    drawTimelineRows(svg, {
      seq: s.model,
      indices: s.filtered.indices,
      first,
      last,
      columns: s.columns,
      playheadSeq: s.playheadSeq,
      focusPos: scroll.current.focusPos,
      markerId,
    })
    const topPos = Math.min(s.filtered.count - 1, Math.floor(scroll.current.top / ROW_HEIGHT))
    const phase = topPos >= 0 ? s.model.rows[s.filtered.indices[topPos]].phase : -1
    if (phaseRef.current) phaseRef.current.textContent = phase >= 0 ? PHASES[phase] : '—'
  }, [markerId])

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
    const svg = rowsRef.current
    if (!el || !svg) return
    const leaveFollow = (top: number) => {
      scroll.current.top = Math.max(0, top)
      scroll.current.pending = scroll.current.top
      scroll.current.follow = false
      setFollow(false)
    }
    const onScroll = () => {
      const s = stateRef.current
      if (!s) return
      if (scroll.current.follow) {
        // Offsets run from 0 (the end) to negative values in a column-reverse container.
        if (el.scrollTop < -SCROLL_SLACK)
          leaveFollow(el.scrollHeight - el.clientHeight + el.scrollTop)
        return
      }
      scroll.current.top = el.scrollTop
      if (el.scrollTop >= getBottomScrollTop(s.height, s.filtered.count) - ROW_HEIGHT / 2) {
        setFollow(true)
      }
      redraw()
    }
    const getRow = (target: EventTarget | null) =>
      target instanceof Element ? target.closest<SVGGElement>('[data-seq]') : null
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
      svg.querySelector<SVGGElement>(`[data-pos="${pos}"]`)?.focus()
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
    svg.addEventListener('click', onClick)
    svg.addEventListener('keydown', onKeyDown)
    return () => {
      el.removeEventListener('scroll', onScroll)
      svg.removeEventListener('click', onClick)
      svg.removeEventListener('keydown', onKeyDown)
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
          <svg className="seq-timeline__rows" ref={rowsRef} aria-label="Trace rows">
            <defs>
              <marker
                id={`${markerId}-call`}
                className="seq-timeline__head"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto-start-reverse"
              >
                <path d="M0,0 L10,5 L0,10 z" />
              </marker>
              <marker
                id={`${markerId}-reply`}
                className="seq-timeline__head seq-timeline__head--reply"
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto-start-reverse"
              >
                <path d="M0,0 L10,5 L0,10" />
              </marker>
            </defs>
          </svg>
        </div>
        <div className="seq-timeline__filler" />
      </div>
    </section>
  )
}
