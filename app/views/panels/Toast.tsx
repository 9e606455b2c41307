import { useEffect } from 'react'
import { dismissError, useSimStore } from '../../store/simStore'

const VISIBLE_MS = 8000

/** The latest error, shown until dismissed or for a few seconds; the last good frame stays. */
export function Toast() {
  const error = useSimStore((s) => s.error)
  useEffect(() => {
    if (!error) return
    const timer = setTimeout(dismissError, VISIBLE_MS)
    return () => clearTimeout(timer)
  }, [error])
  if (!error) return null
  return (
    <div className="toast" role="alert">
      <div>
        <strong className="toast__title">Something went wrong</strong>
        <p className="toast__message">{error.message}</p>
        <p className="toast__context muted">
          {error.code} · at {(error.simTime / 1000).toFixed(3)} s · seed {error.seed}
        </p>
      </div>
      <button type="button" className="btn btn--ghost" onClick={dismissError}>
        Dismiss
      </button>
    </div>
  )
}
