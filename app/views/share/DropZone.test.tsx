import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { getBuiltinScenario } from '../../../src/scenarios/builtins'
import { DropZone, type DropZoneProps } from './DropZone'

const OVERLAY = 'Drop a trace, scenario or bug report'

function renderZone(overrides: Partial<DropZoneProps> = {}) {
  const props = {
    onTrace: vi.fn(),
    onScenario: vi.fn(),
    onBugReport: vi.fn(),
    onError: vi.fn(),
    ...overrides,
  }
  render(<DropZone {...props} />)
  return props
}

function files(...list: File[]) {
  return { dataTransfer: { types: ['Files'], files: list, dropEffect: 'none' } }
}

afterEach(cleanup)

describe('DropZone', () => {
  it('shows the overlay while a file is dragged over the page', () => {
    renderZone()
    expect(screen.queryByText(OVERLAY)).toBeNull()

    act(() => {
      fireEvent.dragEnter(document.body, files())
    })
    expect(screen.getByText(OVERLAY)).toBeDefined()

    act(() => {
      fireEvent.dragLeave(document.body, files())
    })
    expect(screen.queryByText(OVERLAY)).toBeNull()
  })

  it('keeps the overlay while the drag crosses from element to element', () => {
    renderZone()

    act(() => {
      fireEvent.dragEnter(document.body, files())
      fireEvent.dragEnter(document.body, files())
      fireEvent.dragLeave(document.body, files())
    })

    expect(screen.getByText(OVERLAY)).toBeDefined()
  })

  it('ignores drags of text and links', () => {
    renderZone()

    act(() => {
      fireEvent.dragEnter(document.body, { dataTransfer: { types: ['text/plain'], files: [] } })
    })

    expect(screen.queryByText(OVERLAY)).toBeNull()
  })

  it('keeps the browser from opening a dragged file in the tab', () => {
    renderZone({ disabled: true })

    const allowed = fireEvent.dragOver(document.body, files())

    expect(allowed).toBe(false)
  })

  it('imports a dropped scenario and hides the overlay', async () => {
    const props = renderZone()
    const doc = getBuiltinScenario('C')
    const file = new File([JSON.stringify(doc)], 'c.json')

    act(() => {
      fireEvent.dragEnter(document.body, files(file))
      fireEvent.drop(document.body, files(file))
    })

    await waitFor(() => expect(props.onScenario).toHaveBeenCalledTimes(1))
    const [imported, config] = vi.mocked(props.onScenario).mock.calls[0]
    expect(imported).toEqual(doc)
    expect(config).toMatchObject({ name: 'Scenario C: zone failover' })
    expect(screen.queryByText(OVERLAY)).toBeNull()
  })

  it('refuses several files at once', () => {
    const props = renderZone()

    act(() => {
      fireEvent.drop(document.body, files(new File(['{}'], 'a.json'), new File(['{}'], 'b.json')))
    })

    expect(props.onError).toHaveBeenCalledWith('drop one file at a time (got 2)')
  })

  it('imports nothing while disabled', async () => {
    const props = renderZone({ disabled: true })

    act(() => {
      fireEvent.drop(document.body, files(new File(['{}'], 'a.json')))
    })

    await new Promise((resolve) => setTimeout(resolve, 10))
    for (const handler of [props.onTrace, props.onScenario, props.onBugReport, props.onError]) {
      expect(handler).not.toHaveBeenCalled()
    }
  })

  it('hides the overlay on Escape', () => {
    renderZone()
    act(() => {
      fireEvent.dragEnter(document.body, files())
    })

    act(() => {
      fireEvent.keyDown(window, { key: 'Escape' })
    })

    expect(screen.queryByText(OVERLAY)).toBeNull()
  })
})
