import { memo, useDeferredValue, useMemo, useState } from 'react'
import type { KeyspaceEntry } from '../../../src/cache'
import type { CacheFrame } from '../../../src/protocol/messages'
import { seekToSeq } from '../../controller'
import { formatSimTime, getCacheTitle } from '../../lib/format'
import { useSimStore } from '../../store/simStore'
import { selectKey, useUiStore } from '../../store/uiStore'
import { getKeyHistory, getRecentWrites } from './cacheHistory'

// Writes stay highlighted for about half a second of wall time: 1–5 s of simulated time.
const RECENT_WALL_MS = 600
const RECENT_MIN_SIM_MS = 1000
const RECENT_MAX_SIM_MS = 5000
// Zones past the second start folded, so 16 zones stay readable.
const OPEN_BY_DEFAULT = 3
// Keys drawn per cache until the user asks for more: the pane shows a handful at a time, and at
// high speed the newest keys change several times a second (hundreds of rows would be re-laid out).
export const KEYS_PER_PAGE = 24

/** Live contents of L1 and every L2: keys, fields, values; recent writes lit; history on click. */
export function CacheInspector() {
  // Rendered at transition priority: React may split the work over frames and keep input first.
  // Only the caches (and the speed) re-render it: the trace and the playhead change every frame
  // and only an open key's history needs them (it subscribes itself).
  const caches = useDeferredValue(useSimStore((s) => s.frame?.caches))
  const speed = useUiStore((s) => s.speed)
  const recentMs = Math.min(RECENT_MAX_SIM_MS, Math.max(RECENT_MIN_SIM_MS, speed * RECENT_WALL_MS))
  // Highlights follow the caches (at most ~10 times a second while playing), not every frame.
  // biome-ignore lint/correctness/useExhaustiveDependencies: read at the time the caches change
  const recent = useMemo(() => {
    const { frame, events } = useSimStore.getState()
    return getRecentWrites(events, frame?.playheadSeq ?? 0, (frame?.simTimeMs ?? 0) - recentMs)
  }, [caches, recentMs])
  const [filter, setFilter] = useState('')
  if (!caches) return null
  return (
    <div className="caches">
      <KeyFilter value={filter} onChange={setFilter} />
      {caches.map((cache, i) => (
        <CacheRegion
          key={cache.id}
          cache={cache}
          filter={filter.trim().toLowerCase()}
          recent={recent.get(cache.id)}
          defaultOpen={i < OPEN_BY_DEFAULT}
        />
      ))}
    </div>
  )
}

// Its own component so the caches changing does not touch the input (React re-sets an input's
// type and name on every render).
const KeyFilter = memo(function KeyFilter(props: {
  value: string
  onChange: (value: string) => void
}) {
  return (
    <label className="caches__filter">
      <span className="visually-hidden">Filter keys</span>
      <input
        type="search"
        placeholder="Filter keys"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      />
    </label>
  )
})

interface CacheRegionProps {
  cache: CacheFrame
  /** Lower-case text the shown keys contain ('' for all). */
  filter: string
  recent: Map<string, Set<string>> | undefined
  defaultOpen: boolean
}

function CacheRegion(props: CacheRegionProps) {
  const { cache, filter, recent, defaultOpen } = props
  const [open, setOpen] = useState(defaultOpen)
  const [limit, setLimit] = useState(KEYS_PER_PAGE)
  const selectedKey = useUiStore((s) =>
    s.selectedKey?.cache === cache.id ? s.selectedKey.key : null,
  )
  const title = getCacheTitle(cache.id)
  const allKeys = Object.keys(cache.keyspace)
  const matching = filter ? allKeys.filter((k) => k.toLowerCase().includes(filter)) : allKeys
  const keys = matching.slice(0, limit)
  const more = Math.min(KEYS_PER_PAGE, matching.length - keys.length)
  const bodyId = `cache-${cache.id}`
  return (
    <section className="cache" aria-label={title}>
      <h3 className="cache__title">
        <button
          type="button"
          className="cache__toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden="true" className="cache__chevron">
            {open ? '▾' : '▸'}
          </span>
          {title}
          <span className="cache__count">
            {getCountText(keys.length, filter ? matching.length : cache.totalKeys, filter)}
          </span>
        </button>
      </h3>
      {open && (
        <ul className="cache__keys" id={bodyId}>
          {keys.map((key) => (
            <KeyRow
              key={key}
              cacheId={cache.id}
              name={key}
              entry={cache.keyspace[key]}
              recent={recent?.get(key)}
              recentText={recent?.has(key) ? [...(recent.get(key) ?? [])].join('\u0000') : ''}
              open={selectedKey === key}
            />
          ))}
          {more > 0 && (
            <li className="cache__more">
              <button type="button" onClick={() => setLimit(limit + KEYS_PER_PAGE)}>
                Show {more} more keys
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  )
}

function getCountText(shown: number, total: number, filter: string): string {
  const noun = `${filter ? 'matching ' : ''}key${Math.max(total, shown) === 1 ? '' : 's'}`
  return total > shown ? `${shown} of ${total} ${noun}` : `${shown} ${noun}`
}

interface KeyRowProps {
  cacheId: string
  name: string
  entry: KeyspaceEntry
  recent: Set<string> | undefined
  /** The recent set as text, so memo can compare it. */
  recentText: string
  open: boolean
}

function isSameEntry(a: KeyspaceEntry, b: KeyspaceEntry): boolean {
  if (a.type !== b.type) return false
  if (a.type === 'hash' && b.type === 'hash') {
    const ak = Object.keys(a.value)
    const bk = Object.keys(b.value)
    return ak.length === bk.length && ak.every((k) => a.value[k] === b.value[k])
  }
  const av = a.value as string[]
  const bv = b.value as string[]
  return av.length === bv.length && av.every((v, i) => v === bv[i])
}

const KeyRow = memo(
  function KeyRow({ cacheId, name, entry, recent, open }: KeyRowProps) {
    const lit = recent !== undefined
    return (
      <li className={`cache__key${lit ? ' cache__key--recent' : ''}`}>
        <button
          type="button"
          className="cache__key-name"
          aria-expanded={open}
          onClick={() => selectKey(open ? null : { cache: cacheId, key: name })}
        >
          {name}
        </button>
        <span className="cache__type">{entry.type}</span>
        <EntryValue entry={entry} recent={recent} />
        {open && <KeyHistory cacheId={cacheId} name={name} />}
      </li>
    )
  },
  (a, b) =>
    a.name === b.name &&
    a.recentText === b.recentText &&
    a.open === b.open &&
    isSameEntry(a.entry, b.entry),
)

function EntryValue({ entry, recent }: { entry: KeyspaceEntry; recent: Set<string> | undefined }) {
  const isLit = (f: string) => recent !== undefined && (recent.has(f) || recent.has(''))
  if (entry.type === 'hash') {
    const fields = Object.keys(entry.value)
    return (
      <table className="cache__fields">
        <tbody>
          {fields.map((f) => (
            <tr key={f} className={isLit(f) ? 'cache__field--recent' : undefined}>
              <th scope="row">{f}</th>
              <td>{entry.value[f]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )
  }
  return (
    <ul className="cache__members" aria-label={entry.type === 'set' ? 'Members' : 'Items'}>
      {entry.value.length === 0 && <li className="cache__empty">empty</li>}
      {withKeys(entry.value).map(([k, m]) => (
        <li key={k} className={isLit(m) ? 'cache__field--recent' : undefined}>
          {m}
        </li>
      ))}
    </ul>
  )
}

// A list may hold the same item twice: key each by its text and occurrence.
function withKeys(items: readonly string[]): [string, string][] {
  const seen = new Map<string, number>()
  return items.map((m) => {
    const n = (seen.get(m) ?? 0) + 1
    seen.set(m, n)
    return [`${m}#${n}`, m]
  })
}

function KeyHistory({ cacheId, name }: { cacheId: string; name: string }) {
  const events = useSimStore((s) => s.events)
  const version = useSimStore((s) => s.eventsVersion)
  const playhead = useSimStore((s) => s.frame?.playheadSeq ?? 0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `events` grows in place; version says when
  const history = useMemo(
    () => getKeyHistory(events, playhead, cacheId, name),
    [events, version, playhead, cacheId, name],
  )
  return (
    <div className="cache__history">
      <h4>History of {name}</h4>
      {history.length === 0 ? (
        <p className="muted">No commands yet.</p>
      ) : (
        <ol className="cache__history-list" aria-label={`History of ${name}`}>
          {history.map((e) => (
            <li key={e.seq}>
              <button
                type="button"
                className="cache__history-row"
                onClick={() => seekToSeq(e.seq)}
                title="Move the playhead here"
              >
                <span className="cache__history-seq">#{e.seq}</span>
                <span className="cache__history-time">{formatSimTime(e.t)}</span>
                <span className="cache__history-from">{e.from}</span>
                <code>
                  {e.command.name} {e.command.args.join(' ')}
                </code>
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
