import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ShareState } from '../../lib/urlState'
import { CopyLinkButton } from './CopyLinkButton'

const STATE: ShareState = {
  scenario: { kind: 'builtin', id: 'B' },
  seed: 3,
  policy: 'round-robin',
  faults: [{ atMs: 8000, target: 'VM_5', action: 'crash' }],
  playheadMs: 18000,
}
const HASH = '#s=B&seed=3&policy=round-robin&t=18000'

function stubClipboard(writeText: ((text: string) => Promise<void>) | undefined): void {
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: writeText ? { writeText } : undefined,
  })
}

function clickCopy(): void {
  fireEvent.click(screen.getByRole('button', { name: 'Copy link' }))
}

beforeEach(() => {
  document.execCommand = vi.fn(() => false)
})

afterEach(() => {
  cleanup()
  stubClipboard(undefined)
})

describe('CopyLinkButton', () => {
  it('copies the page’s address with the run in the hash and says so', async () => {
    const writeText = vi.fn(async () => {})
    stubClipboard(writeText)
    render(<CopyLinkButton getState={() => STATE} />)

    clickCopy()

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Link copied'))
    expect(writeText).toHaveBeenCalledWith(
      `${window.location.origin}${window.location.pathname}${HASH}`,
    )
  })

  it('falls back to the copy command when the clipboard API refuses', async () => {
    stubClipboard(() => Promise.reject(new Error('not allowed')))
    document.execCommand = vi.fn(() => true)
    render(<CopyLinkButton getState={() => STATE} />)

    clickCopy()

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Link copied'))
    expect(document.execCommand).toHaveBeenCalledWith('copy')
    expect(document.querySelector('textarea')).toBeNull()
  })

  it('shows the link for copying by hand when nothing can copy it', async () => {
    stubClipboard(undefined)
    render(<CopyLinkButton getState={() => STATE} />)

    clickCopy()

    const input = (await screen.findByRole('textbox', {
      name: 'Link to this run',
    })) as HTMLInputElement
    expect(input.value.endsWith(HASH)).toBe(true)
    expect(screen.getByRole('status').textContent).toBe(
      'Copy the link below (the clipboard is not available)',
    )
  })

  it('says when there is no run to share yet', () => {
    render(<CopyLinkButton getState={() => null} />)

    clickCopy()

    expect(screen.getByRole('status').textContent).toBe('Nothing to share yet')
  })
})
