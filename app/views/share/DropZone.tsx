import { useEffect, useRef, useState } from 'react'
import { deliverImport, type ImportHandlers, importFile } from './importFile'
import './share.css'

export interface DropZoneProps extends ImportHandlers {
  /** While true, drops are refused (the browser still does not open the file in the tab). */
  disabled?: boolean
}

/**
 * Drag and drop of a trace, scenario or bug report anywhere on the page: an overlay while a file
 * is dragged over the window, then the same import as the `Import` button.
 */
export function DropZone(props: DropZoneProps) {
  const [active, setActive] = useState(false)
  const propsRef = useRef(props)
  propsRef.current = props

  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; the depth says when the window is left.
    let depth = 0
    const reset = () => {
      depth = 0
      setActive(false)
    }
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      depth++
      setActive(true)
    }
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return
      // Without this the browser opens the dropped file in the tab, and the run is gone.
      e.preventDefault()
      if (e.dataTransfer) e.dataTransfer.dropEffect = propsRef.current.disabled ? 'none' : 'copy'
    }
    const onLeave = (e: DragEvent) => {
      if (!hasFiles(e)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setActive(false)
    }
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return
      e.preventDefault()
      reset()
      const handlers = propsRef.current
      if (handlers.disabled) return
      const files = e.dataTransfer?.files
      if (!files || files.length === 0) return
      if (files.length > 1) {
        handlers.onError(`drop one file at a time (got ${files.length})`)
        return
      }
      void importFile(files[0]).then((result) => deliverImport(result, propsRef.current))
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') reset()
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDrop)
    window.addEventListener('dragend', reset)
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDrop)
      window.removeEventListener('dragend', reset)
      window.removeEventListener('keydown', onKey)
    }
  }, [])

  if (!active) return null
  return (
    <div className="share-drop" data-testid="share.drop">
      <p className="share-drop__text">
        {props.disabled
          ? 'Import is not available right now'
          : 'Drop a trace, scenario or bug report'}
      </p>
    </div>
  )
}

function hasFiles(e: DragEvent): boolean {
  const types = e.dataTransfer?.types
  return types !== undefined && Array.from(types).includes('Files')
}
