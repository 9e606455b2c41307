import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  SnapshotError,
  serializeSvg,
  setVectorLayer,
  snapshotRegion,
  snapshotToPng,
  snapshotView,
} from './svgSnapshot'

const SVG_NS = 'http://www.w3.org/2000/svg'

function makeSvg(width: number, height: number, inner = ''): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg')
  svg.setAttribute('width', String(width))
  svg.setAttribute('height', String(height))
  svg.innerHTML = inner
  return svg
}

function parseSvg(text: string): Document {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
  expect(doc.querySelector('parsererror')).toBeNull()
  return doc
}

// A region like the topology view: a styled static layer, a canvas and a flights layer.
function mountRegion(label: string, layers: Element[]): HTMLElement {
  const region = document.createElement('section')
  region.setAttribute('aria-label', label)
  region.className = 'snap'
  region.append(...layers)
  document.body.append(region)
  return region
}

function addStyle(css: string): void {
  const style = document.createElement('style')
  style.textContent = css
  document.head.append(style)
}

afterEach(() => {
  document.body.replaceChildren()
  document.head.replaceChildren()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('serializeSvg', () => {
  it('writes a detached svg as a standalone file with xmlns, width and height', () => {
    const svg = makeSvg(
      120,
      40,
      '<rect class="vm" width="10" height="10"/><text x="4">VM_5 &amp; LB1</text>',
    )

    const text = serializeSvg(svg)

    const root = parseSvg(text).documentElement
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true)
    expect(root.namespaceURI).toBe(SVG_NS)
    expect(root.getAttribute('width')).toBe('120')
    expect(root.getAttribute('height')).toBe('40')
    expect(root.getAttribute('viewBox')).toBe('0 0 120 40')
    expect(root.querySelector('text')?.textContent).toBe('VM_5 & LB1')
    expect(text.match(/xmlns="/g)).toHaveLength(1)
  })

  it('takes the size from the viewBox when the svg has no width or height', () => {
    const svg = document.createElementNS(SVG_NS, 'svg')
    svg.setAttribute('viewBox', '0 0 300 150')

    const root = parseSvg(serializeSvg(svg)).documentElement

    expect([root.getAttribute('width'), root.getAttribute('height')]).toEqual(['300', '150'])
  })

  it('inlines the styles stylesheets give, so the file needs no CSS', () => {
    addStyle('.snap .vm { fill: red; stroke: blue; opacity: 0.5 } .snap .gone { display: none }')
    const svg = makeSvg(50, 50, '<g><rect class="vm"/><rect class="gone"/></g>')
    mountRegion('Any', [svg])

    const doc = parseSvg(serializeSvg(svg))

    const [vm, gone] = doc.querySelectorAll('rect')
    expect(vm.getAttribute('style')).toContain('fill:red')
    expect(vm.getAttribute('style')).toContain('stroke:blue')
    expect(vm.getAttribute('style')).toContain('opacity:0.5')
    expect(gone.getAttribute('style')).toContain('display:none')
  })

  it('writes an inherited style once, where it changes', () => {
    addStyle('.snap g { fill: green } .snap .own { fill: red }')
    const svg = makeSvg(50, 50, '<g><rect class="same"/><rect class="own"/></g>')
    mountRegion('Any', [svg])

    const doc = parseSvg(serializeSvg(svg))

    expect(doc.querySelector('g')?.getAttribute('style')).toContain('fill:green')
    expect(doc.querySelector('.same')?.getAttribute('style') ?? '').not.toContain('fill')
    expect(doc.querySelector('.own')?.getAttribute('style')).toContain('fill:red')
  })

  it('turns absolute url() references into local ones', () => {
    addStyle('.snap path { marker-end: url("http://localhost:4173/lab#arrow") }')
    const svg = makeSvg(50, 50, '<path d="M0,0 L10,10"/>')
    mountRegion('Any', [svg])

    expect(serializeSvg(svg)).toContain('marker-end:url(#arrow)')
  })

  it('leaves the live svg as it was', () => {
    addStyle('.snap .vm { fill: red }')
    const svg = makeSvg(50, 50, '<rect class="vm" style="stroke: blue"/>')
    mountRegion('Any', [svg])
    const before = svg.outerHTML

    serializeSvg(svg)

    expect(svg.outerHTML).toBe(before)
    expect(document.documentElement.lastElementChild?.localName).toBe('body')
  })
})

describe('snapshotRegion', () => {
  it('lays overlay layers over each other at one origin', () => {
    mountRegion('Topology', [makeSvg(200, 100, '<circle r="3"/>'), makeSvg(150, 120)])

    const snapshot = snapshotView('topology')

    expect([snapshot.width, snapshot.height]).toEqual([200, 120])
    const layers = parseSvg(snapshot.svg).documentElement.querySelectorAll(':scope > svg')
    expect([...layers].map((l) => [l.getAttribute('x'), l.getAttribute('y')])).toEqual([
      ['0', '0'],
      ['0', '0'],
    ])
  })

  it('stacks the timeline header above its rows', () => {
    mountRegion('Sequence timeline', [makeSvg(300, 40), makeSvg(300, 220)])

    const snapshot = snapshotView('timeline')

    expect([snapshot.width, snapshot.height]).toEqual([300, 260])
    const layers = parseSvg(snapshot.svg).documentElement.querySelectorAll(':scope > svg')
    expect([...layers].map((l) => l.getAttribute('y'))).toEqual(['0', '40'])
  })

  it('draws a dense canvas layer as an embedded PNG and skips an empty one', () => {
    const dense = document.createElement('canvas')
    dense.style.width = '80px'
    dense.style.height = '60px'
    dense.toDataURL = () => 'data:image/png;base64,AAAA'
    const empty = document.createElement('canvas')
    empty.style.width = '0px'
    empty.style.height = '0px'
    mountRegion('Topology', [makeSvg(80, 60), dense, empty])

    const doc = parseSvg(snapshotView('topology').svg)

    const images = doc.querySelectorAll('image')
    expect(images).toHaveLength(1)
    expect(images[0].getAttribute('href')).toBe('data:image/png;base64,AAAA')
    expect(images[0].getAttribute('width')).toBe('80')
  })

  it('leaves out layers marked data-snapshot="skip" (dots in flight)', () => {
    const flights = document.createElement('canvas')
    flights.style.width = '80px'
    flights.style.height = '60px'
    flights.dataset.snapshot = 'skip'
    flights.toDataURL = () => 'data:image/png;base64,BBBB'
    mountRegion('Topology', [makeSvg(80, 60), flights])

    const doc = parseSvg(snapshotView('topology').svg)

    expect(doc.querySelectorAll('image')).toHaveLength(0)
    expect(doc.documentElement.querySelectorAll(':scope > svg')).toHaveLength(1)
  })

  it('draws a canvas as vector SVG when its view registered a renderer', () => {
    const canvas = document.createElement('canvas')
    canvas.style.width = '300px'
    canvas.style.height = '520px'
    canvas.toDataURL = () => 'data:image/png;base64,AAAA'
    setVectorLayer(canvas, () => makeSvg(300, 130, '<line x1="0" x2="10" stroke="#123456"/>'))
    mountRegion('Sequence timeline', [makeSvg(300, 34), canvas])

    const snapshot = snapshotView('timeline')

    const doc = parseSvg(snapshot.svg)
    expect(doc.querySelector('image')).toBeNull()
    const layers = doc.documentElement.querySelectorAll(':scope > svg')
    expect([...layers].map((l) => l.getAttribute('y'))).toEqual(['0', '34'])
    expect(layers[1].querySelector('line')?.getAttribute('stroke')).toBe('#123456')
    expect([snapshot.width, snapshot.height]).toEqual([300, 164])
  })

  it('embeds the canvas as a PNG when its renderer has nothing yet, or after unregistering', () => {
    const canvas = document.createElement('canvas')
    canvas.style.width = '80px'
    canvas.style.height = '60px'
    canvas.toDataURL = () => 'data:image/png;base64,AAAA'
    mountRegion('Topology', [canvas])

    setVectorLayer(canvas, () => null)
    const empty = parseSvg(snapshotView('topology').svg)
    setVectorLayer(canvas, () => makeSvg(80, 60))
    setVectorLayer(canvas, null)
    const unregistered = parseSvg(snapshotView('topology').svg)

    expect(empty.querySelectorAll('image')).toHaveLength(1)
    expect(unregistered.querySelectorAll('image')).toHaveLength(1)
  })

  it('leaves out icons in buttons and layers with nothing drawn', () => {
    const button = document.createElement('button')
    button.append(makeSvg(14, 14))
    mountRegion('Topology', [button, makeSvg(0, 0), makeSvg(90, 30)])

    const doc = parseSvg(snapshotView('topology').svg)

    expect(doc.documentElement.querySelectorAll(':scope > svg')).toHaveLength(1)
  })

  it('paints the region’s background under the layers', () => {
    addStyle('.snap { background-color: rgb(13, 17, 23) }')
    const region = mountRegion('Topology', [makeSvg(10, 10)])

    const doc = parseSvg(snapshotRegion(region, 'overlay').svg)

    expect(doc.querySelector('rect')?.getAttribute('fill')).toBe('rgb(13, 17, 23)')
  })

  it('says which view is missing', () => {
    expect(() => snapshotView('timeline')).toThrow(
      new SnapshotError('the Sequence timeline view is not on screen'),
    )
  })

  it('says when a view has drawn nothing yet', () => {
    mountRegion('Topology', [])

    expect(() => snapshotView('topology')).toThrow(
      new SnapshotError('nothing is drawn in the Topology view yet'),
    )
  })
})

describe('snapshotToPng', () => {
  // An Image that loads (or fails) as soon as it gets a source, as a browser's would.
  function stubImage(outcome: 'load' | 'error' | 'never'): void {
    class FakeImage {
      onload: (() => void) | null = null
      onerror: (() => void) | null = null
      set src(_: string) {
        if (outcome === 'load') queueMicrotask(() => this.onload?.())
        if (outcome === 'error') queueMicrotask(() => this.onerror?.())
      }
    }
    vi.stubGlobal('Image', FakeImage)
    URL.createObjectURL = vi.fn(() => 'blob:snapshot')
    URL.revokeObjectURL = vi.fn()
  }

  it('draws the snapshot on a canvas at the scale asked for and encodes a PNG', async () => {
    stubImage('load')
    const drawImage = vi.fn()
    const canvases: HTMLCanvasElement[] = []
    const getContext = function (this: HTMLCanvasElement) {
      canvases.push(this)
      return { drawImage } as unknown as CanvasRenderingContext2D
    }
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
      getContext as unknown as HTMLCanvasElement['getContext'],
    )
    const png = new Blob(['png'], { type: 'image/png' })
    vi.spyOn(HTMLCanvasElement.prototype, 'toBlob').mockImplementation((done) => done(png))

    const blob = await snapshotToPng({ svg: '<svg/>', width: 200, height: 100 }, { scale: 2 })

    expect(blob).toBe(png)
    expect([canvases[0].width, canvases[0].height]).toEqual([400, 200])
    expect(drawImage).toHaveBeenCalledWith(expect.anything(), 0, 0, 400, 200)
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:snapshot')
  })

  it('fails with a message when the browser cannot render the SVG', async () => {
    stubImage('error')

    await expect(snapshotToPng({ svg: '<svg/>', width: 10, height: 10 })).rejects.toThrow(
      'the browser could not render the SVG snapshot',
    )
  })

  it('gives up instead of hanging when the image never loads', async () => {
    stubImage('never')

    await expect(
      snapshotToPng({ svg: '<svg/>', width: 10, height: 10 }, { timeoutMs: 20 }),
    ).rejects.toThrow('the snapshot did not render within 0.02 s')
  })
})
