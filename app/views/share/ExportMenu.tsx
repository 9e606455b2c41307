import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react'
import type { TraceDocument } from '../../../src/trace/types'
import { downloadBlob, getFileBase } from '../../lib/download'
import { blobToDataUrl, snapshotToPng, snapshotView } from '../../lib/svgSnapshot'
import {
  type ExportItem,
  type ExportSources,
  getExportItems,
  getMermaidLiveLink,
  makeExportFile,
} from './exportFiles'
import './share.css'

export interface ExportMenuProps {
  /** The run's whole trace (the worker's `getTrace`). */
  getTrace(): Promise<TraceDocument>
  /** The scenario's id or name and the seed, for file names (`dual-lb-B-seed3.trace.json`). */
  scenario: string
  seed: number
  selectedTask: string | null
  /** Simulated ms of the playhead, recorded in a bug report (read when exporting). */
  getPlayheadMs?(): number | undefined
  /** A PNG data URL for a bug report; by default a PNG of the topology view. */
  getScreenshot?(): Promise<string | undefined>
  /** Called with a one-line message when an export fails; otherwise the menu shows it itself. */
  onError?(message: string): void
  disabled?: boolean
}

const STATUS_MS = 4000

/** The `Export` button and its menu of trace formats, view snapshots and the bug report. */
export function ExportMenu(props: ExportMenuProps) {
  const [open, setOpen] = useState(false)
  const [status, setStatus] = useState('')
  const buttonRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLDivElement>(null)
  const focusOnOpen = useRef<'first' | 'last'>('first')
  const menuId = useId()
  const items = getExportItems(props.selectedTask)

  useEffect(() => {
    if (!open) return
    const buttons = getMenuButtons(menuRef.current)
    buttons[focusOnOpen.current === 'first' ? 0 : buttons.length - 1]?.focus()
    const onPointerDown = (e: PointerEvent) => {
      const target = e.target as Node
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointerDown)
    return () => document.removeEventListener('pointerdown', onPointerDown)
  }, [open])

  useEffect(() => {
    if (status === '') return
    const timer = setTimeout(() => setStatus(''), STATUS_MS)
    return () => clearTimeout(timer)
  }, [status])

  const openMenu = (focus: 'first' | 'last') => {
    focusOnOpen.current = focus
    setOpen(true)
  }
  const close = () => {
    setOpen(false)
    buttonRef.current?.focus()
  }

  const fail = (err: unknown) => {
    const message = `Export failed: ${err instanceof Error ? err.message : String(err)}`
    if (props.onError) {
      setStatus('')
      props.onError(message)
    } else setStatus(message)
  }

  const run = async (item: ExportItem) => {
    close()
    const sources = makeSources(props)
    // A window opened now, in the click, is not blocked; it is pointed at the link once ready.
    const popup = item.id === 'mermaid-live' ? window.open('', '_blank') : null
    setStatus(`Preparing ${item.label}…`)
    try {
      if (item.id === 'mermaid-live') {
        const url = await getMermaidLiveLink(sources)
        if (popup) {
          popup.opener = null
          popup.location.href = url
        } else window.open(url, '_blank', 'noopener')
        setStatus('Opened in mermaid.live')
        return
      }
      const file = await makeExportFile(item.id, sources)
      downloadBlob(file.blob, file.name)
      setStatus(`Saved ${file.name}`)
    } catch (err) {
      popup?.close()
      fail(err)
    }
  }

  const onButtonKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault()
      openMenu(e.key === 'ArrowDown' ? 'first' : 'last')
    }
  }

  const onMenuKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = getMenuButtons(menuRef.current)
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const focus = (i: number) => buttons[(i + buttons.length) % buttons.length]?.focus()
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault()
        focus(at + 1)
        break
      case 'ArrowUp':
        e.preventDefault()
        focus(at < 0 ? -1 : at - 1)
        break
      case 'Home':
        e.preventDefault()
        focus(0)
        break
      case 'End':
        e.preventDefault()
        focus(-1)
        break
      case 'Escape':
        e.preventDefault()
        close()
        break
      case 'Tab':
        // From the button, the browser's own Tab then moves on to the next control.
        buttonRef.current?.focus()
        setOpen(false)
        break
      case 'Enter': {
        // Enter acts on keydown (preventDefault stops the button's own click); Space clicks.
        e.preventDefault()
        const item = items.find((i) => i.id === buttons[at]?.dataset.item)
        if (item) void run(item)
        break
      }
      default:
        if (e.key.length === 1 && /\S/.test(e.key)) {
          const next = findByInitial(buttons, at, e.key)
          if (next >= 0) focus(next)
        }
    }
  }

  return (
    <div className="share-menu">
      <button
        ref={buttonRef}
        type="button"
        className="btn"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={props.disabled}
        onClick={() => (open ? setOpen(false) : openMenu('first'))}
        onKeyDown={onButtonKeyDown}
        title="Save the run as a trace, a diagram, a picture or a bug report"
      >
        Export
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Export"
          className="share-menu__list"
          onKeyDown={onMenuKeyDown}
        >
          {items.map((item, i) => (
            <MenuEntry
              key={item.id}
              item={item}
              separated={i > 0 && items[i - 1].group !== item.group}
              onChoose={run}
            />
          ))}
        </div>
      )}
      <span role="status" className="share-status">
        {status}
      </span>
    </div>
  )
}

function MenuEntry(props: {
  item: ExportItem
  separated: boolean
  onChoose(item: ExportItem): void
}) {
  const { item } = props
  return (
    <>
      {props.separated && <hr className="share-menu__separator" />}
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className="share-menu__item"
        data-item={item.id}
        title={item.hint}
        onClick={() => props.onChoose(item)}
      >
        {item.label}
      </button>
    </>
  )
}

function getMenuButtons(menu: HTMLElement | null): HTMLButtonElement[] {
  return menu ? [...menu.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')] : []
}

// The next item after `at` whose label starts with `char` (type-ahead, wrapping round).
function findByInitial(buttons: HTMLButtonElement[], at: number, char: string): number {
  const lower = char.toLowerCase()
  for (let step = 1; step <= buttons.length; step++) {
    const i = (at + step) % buttons.length
    if (buttons[i].textContent?.toLowerCase().startsWith(lower)) return i
  }
  return -1
}

function makeSources(props: ExportMenuProps): ExportSources {
  return {
    getTrace: props.getTrace,
    fileBase: getFileBase(props.scenario, props.seed),
    selectedTask: props.selectedTask,
    playheadMs: props.getPlayheadMs?.(),
    getScreenshot: props.getScreenshot ?? getTopologyScreenshot,
  }
}

/** A PNG data URL of the topology view, or undefined when it cannot be drawn. */
export async function getTopologyScreenshot(): Promise<string | undefined> {
  try {
    return await blobToDataUrl(await snapshotToPng(snapshotView('topology')))
  } catch {
    return undefined
  }
}
