import { useEffect, useRef, useState } from 'react'
import { getShareUrl, type ShareState } from '../../lib/urlState'
import './share.css'

export interface CopyLinkButtonProps {
  /** The run to share now, or null before one is loaded. */
  getState(): ShareState | null
  disabled?: boolean
}

const STATUS_MS = 3000

/** `Copy link`: copies a URL that reproduces the run (scenario, seed, faults, playhead). */
export function CopyLinkButton(props: CopyLinkButtonProps) {
  const [status, setStatus] = useState('')
  // The link, shown for copying by hand when the clipboard refuses.
  const [manual, setManual] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (status === '' || manual !== null) return
    const timer = setTimeout(() => setStatus(''), STATUS_MS)
    return () => clearTimeout(timer)
  }, [status, manual])

  useEffect(() => {
    if (manual !== null) inputRef.current?.select()
  }, [manual])

  const copy = async () => {
    const state = props.getState()
    if (state === null) {
      setStatus('Nothing to share yet')
      return
    }
    const url = getShareUrl(state, window.location)
    if (await copyText(url)) {
      setManual(null)
      setStatus('Link copied')
    } else {
      setManual(url)
      setStatus('Copy the link below (the clipboard is not available)')
    }
  }

  return (
    <span className="share-link">
      <button
        type="button"
        className="btn"
        disabled={props.disabled}
        onClick={() => void copy()}
        title="Copy a link that reproduces this run: scenario, seed, policy, faults and playhead"
      >
        Copy link
      </button>
      <span role="status" className="share-status">
        {status}
      </span>
      {manual !== null && (
        <input
          ref={inputRef}
          className="share-link__input"
          readOnly
          aria-label="Link to this run"
          value={manual}
          onBlur={() => {
            setManual(null)
            setStatus('')
          }}
        />
      )}
    </span>
  )
}

/** Writes `text` to the clipboard: the async API, else a hidden textarea and `copy`. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text)
      return true
    }
  } catch {
    // Denied (no focus, no permission): try the old way.
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  try {
    return typeof document.execCommand === 'function' && document.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}
