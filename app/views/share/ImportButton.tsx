import { type ChangeEvent, useRef, useState } from 'react'
import { deliverImport, type ImportHandlers, importFile } from './importFile'
import './share.css'

export interface ImportButtonProps extends ImportHandlers {
  disabled?: boolean
}

/** The `Import` button: a file picker for a trace, a scenario or a bug report (.json). */
export function ImportButton(props: ImportButtonProps) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)

  const onChange = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    // Cleared at once, so choosing the same file again imports it again.
    e.target.value = ''
    if (!file) return
    setBusy(true)
    const result = await importFile(file)
    setBusy(false)
    deliverImport(result, props)
  }

  return (
    <>
      <button
        type="button"
        className="btn"
        disabled={props.disabled || busy}
        aria-busy={busy}
        onClick={() => inputRef.current?.click()}
        title="Open a trace, a scenario or a bug report (.json); you can also drop one on the page"
      >
        Import
      </button>
      <input
        ref={inputRef}
        type="file"
        accept=".json,application/json"
        className="share-import__input"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="share.import.file"
        onChange={(e) => void onChange(e)}
      />
    </>
  )
}
