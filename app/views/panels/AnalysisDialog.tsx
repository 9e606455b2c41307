import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import './analysis.css'

const AnalysisBody = lazy(() => import('./AnalysisBody'))

/** The `Analysis` button and its dialog: live charts, the recovery scorecard, comparisons. */
export function AnalysisDialog() {
  const [open, setOpen] = useState(false)
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (open && !d.open) d.showModal?.()
    if (!open && d.open) d.close?.()
  }, [open])
  return (
    <>
      <button type="button" className="btn btn--ghost" onClick={() => setOpen(true)}>
        Analysis
      </button>
      <dialog
        ref={dialog}
        className="analysis"
        aria-label="Analysis"
        onClose={() => setOpen(false)}
        onKeyDown={(e) => e.stopPropagation()}
      >
        {open && (
          <Suspense fallback={<p className="analysis__loading">Loading the analysis…</p>}>
            <AnalysisBody onClose={() => setOpen(false)} />
          </Suspense>
        )}
      </dialog>
    </>
  )
}
