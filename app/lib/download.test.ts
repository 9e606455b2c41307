import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { downloadBlob, downloadText, getFileBase } from './download'

let clicked: { href: string; download: string; inDocument: boolean }[]

beforeEach(() => {
  vi.useFakeTimers()
  clicked = []
  URL.createObjectURL = vi.fn(() => 'blob:file-1')
  URL.revokeObjectURL = vi.fn()
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    clicked.push({ href: this.href, download: this.download, inDocument: this.isConnected })
  })
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('downloadBlob', () => {
  it('clicks a temporary link to an object URL with the file name', () => {
    const blob = new Blob(['{}'], { type: 'application/json' })

    downloadBlob(blob, 'dual-lb-B-seed1.trace.json')

    expect(URL.createObjectURL).toHaveBeenCalledWith(blob)
    expect(clicked).toEqual([
      { href: 'blob:file-1', download: 'dual-lb-B-seed1.trace.json', inDocument: true },
    ])
    expect(document.querySelector('a')).toBeNull()
  })

  it('revokes the object URL once the browser has had time to save', () => {
    downloadBlob(new Blob(['x']), 'x.txt')

    expect(URL.revokeObjectURL).not.toHaveBeenCalled()
    vi.advanceTimersByTime(30_000)
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:file-1')
  })
})

describe('downloadText', () => {
  it('joins the parts into one blob of the given type', async () => {
    downloadText(['a', 'b', 'c'], 'abc.txt', 'text/plain')

    const blob = vi.mocked(URL.createObjectURL).mock.calls[0][0] as Blob
    expect(blob.type).toBe('text/plain')
    expect(blob.size).toBe(3)
  })
})

describe('getFileBase', () => {
  it.each([
    ['B', 3, 'dual-lb-B-seed3'],
    ['free', 1, 'dual-lb-free-seed1'],
    ['Scenario C: zone failover', 42, 'dual-lb-C-seed42'],
    ['Free run: Poisson arrivals with a VM and an LB crash', 7, 'dual-lb-free-seed7'],
    ['Two crashes under load!', 42, 'dual-lb-two-crashes-under-load-seed42'],
    ['', 1, 'dual-lb-custom-seed1'],
    ['ÜÜÜ', 1, 'dual-lb-custom-seed1'],
  ])('gives %j with seed %i the file stem %j', (scenario, seed, base) => {
    expect(getFileBase(scenario, seed)).toBe(base)
  })
})
