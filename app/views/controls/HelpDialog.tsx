import { useEffect, useRef } from 'react'
import { setHelpOpen, useUiStore } from '../../store/uiStore'
import { SHORTCUTS } from './shortcuts'

/** The `?` overlay: every keyboard shortcut and what a click does. */
export function HelpDialog() {
  const open = useUiStore((s) => s.helpOpen)
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!open) return
    const previous = document.activeElement as HTMLElement | null
    closeRef.current?.focus()
    return () => previous?.focus?.()
  }, [open])
  if (!open) return null
  return (
    <div className="overlay" onPointerDown={() => setHelpOpen(false)}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        className="dialog"
        onPointerDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // One control inside: Tab keeps focus in the dialog.
          if (e.key === 'Tab') {
            e.preventDefault()
            closeRef.current?.focus()
          }
        }}
      >
        <header className="dialog__header">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <button
            ref={closeRef}
            type="button"
            className="btn btn--ghost"
            onClick={() => setHelpOpen(false)}
          >
            Close
          </button>
        </header>
        <table className="shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.description}>
                <th scope="row">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' + '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Mouse</h3>
        <ul className="dialog__list">
          <li>Click a VM to crash it; its LB notices, rescues its tasks and restarts it.</li>
          <li>Click an LB to crash it; click a crashed LB to restart it.</li>
          <li>Focus a VM or LB (Tab), or pick it under Inspect, to see its state machine.</li>
          <li>Click a task id to see its SBDLB candidates and why its VM won.</li>
          <li>Click a cache key to see its history of commands.</li>
          <li>Click a timeline row to move the playhead there.</li>
        </ul>
      </div>
    </div>
  )
}
