import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { toTraceDocument } from '../../../src/engine/report'
import { runScenario } from '../../../src/testing/runScenario'
import { ImportButton } from './ImportButton'

const TRACE = toTraceDocument(runScenario('A'))

function renderButton() {
  const handlers = {
    onTrace: vi.fn(),
    onScenario: vi.fn(),
    onBugReport: vi.fn(),
    onError: vi.fn(),
  }
  render(<ImportButton {...handlers} />)
  const input = screen.getByTestId('share.import.file') as HTMLInputElement
  return { handlers, input }
}

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

describe('ImportButton', () => {
  it('opens the file picker for JSON files', () => {
    const click = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {})
    const { input } = renderButton()

    fireEvent.click(screen.getByRole('button', { name: 'Import' }))

    expect(click).toHaveBeenCalledTimes(1)
    expect(input.type).toBe('file')
    expect(input.accept).toBe('.json,application/json')
  })

  it('hands a chosen trace to onTrace', async () => {
    const { handlers, input } = renderButton()
    const file = new File([JSON.stringify(TRACE)], 'run.json', { type: 'application/json' })

    fireEvent.change(input, { target: { files: [file] } })

    await waitFor(() => expect(handlers.onTrace).toHaveBeenCalledWith(TRACE))
    expect(handlers.onError).not.toHaveBeenCalled()
    expect(input.value).toBe('')
  })

  it('hands a bad file’s message to onError and nothing else', async () => {
    const { handlers, input } = renderButton()
    const file = new File(['{"format": "dual-lb-trace", "version": 2}'], 'old.json')

    fireEvent.change(input, { target: { files: [file] } })

    await waitFor(() =>
      expect(handlers.onError).toHaveBeenCalledWith(
        'old.json: version: expected 1 (this build reads trace version 1), got 2',
      ),
    )
    expect(handlers.onTrace).not.toHaveBeenCalled()
    expect(handlers.onScenario).not.toHaveBeenCalled()
    expect(handlers.onBugReport).not.toHaveBeenCalled()
  })

  it('does nothing when the picker is cancelled', () => {
    const { handlers, input } = renderButton()

    fireEvent.change(input, { target: { files: [] } })

    expect(Object.values(handlers).every((h) => h.mock.calls.length === 0)).toBe(true)
  })
})
