// Snapshots of the lab's views as standalone SVG and PNG files: the live <svg> layers (and canvas
// layers, as vector SVG when their view registered a renderer, else as embedded PNG images) of a
// region, with their computed styles inlined so the file looks the same without the page's
// stylesheets. Reads the DOM; never changes the live views.

const SVG_NS = 'http://www.w3.org/2000/svg'
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/'

/** Drawn on top of each other at one origin (topology), or one below the other (timeline). */
export type SnapshotLayout = 'overlay' | 'stack'

/** A standalone SVG document and its size in CSS pixels. */
export interface Snapshot {
  svg: string
  width: number
  height: number
}

/** The views the export menu can snapshot: the region's accessible name and how to lay it out. */
export const SNAPSHOT_VIEWS = {
  topology: { label: 'Topology', layout: 'overlay' },
  timeline: { label: 'Sequence timeline', layout: 'stack' },
} as const satisfies Record<string, { label: string; layout: SnapshotLayout }>

export type SnapshotView = keyof typeof SNAPSHOT_VIEWS

/** A snapshot that cannot be taken; the message says why, for the user. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SnapshotError'
  }
}

// Inherited properties are written where they differ from the parent's (and always on a layer's
// root); the others where they differ from a fresh element's. Geometry stays in attributes.
const INHERITED = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-opacity',
  'paint-order',
  'marker-start',
  'marker-mid',
  'marker-end',
  'color',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'font-variant-numeric',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'shape-rendering',
  'text-rendering',
] as const
const NOT_INHERITED = [
  'display',
  'opacity',
  'stop-color',
  'stop-opacity',
  'mix-blend-mode',
  'clip-path',
  'mask',
  'filter',
  'vector-effect',
  'text-decoration-line',
] as const

// Canvas layers whose view can draw them as vector SVG (the sequence timeline).
const vectorLayers = new WeakMap<HTMLCanvasElement, () => SVGSVGElement | null>()

/**
 * Registers how to draw `canvas` as a standalone <svg> (colours and fonts in attributes) for
 * snapshots, which then keep it vector; null unregisters. The renderer may return null when
 * nothing is drawn yet, and the canvas is embedded as a PNG as before.
 */
export function setVectorLayer(
  canvas: HTMLCanvasElement,
  render: (() => SVGSVGElement | null) | null,
): void {
  if (render) vectorLayers.set(canvas, render)
  else vectorLayers.delete(canvas)
}

/** The element whose accessible name is `label` (`aria-label`), or null. */
export function findRegion(label: string, root: ParentNode = document): Element | null {
  return root.querySelector(`[aria-label="${label.replace(/"/g, '\\"')}"]`)
}

/** Snapshot of one of the lab's views; throws SnapshotError when it is not on screen. */
export function snapshotView(view: SnapshotView, root: ParentNode = document): Snapshot {
  const { label, layout } = SNAPSHOT_VIEWS[view]
  const region = findRegion(label, root)
  if (region === null) throw new SnapshotError(`the ${label} view is not on screen`)
  return snapshotRegion(region, layout)
}

/**
 * Every drawn <svg> and <canvas> layer of `region` (icons in buttons and nested svgs aside) in
 * one standalone SVG over the region's background. Canvas layers become PNG images.
 */
export function snapshotRegion(region: Element, layout: SnapshotLayout): Snapshot {
  const layers = getLayers(region)
  if (layers.length === 0) {
    const name = region.getAttribute('aria-label') ?? 'this'
    throw new SnapshotError(`nothing is drawn in the ${name} view yet`)
  }

  const out = document.createElementNS(SVG_NS, 'svg')
  out.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS)
  const background = document.createElementNS(SVG_NS, 'rect')
  out.appendChild(background)
  const inliner = makeStyleInliner()
  let width = 0
  let height = 0
  try {
    for (const { element, size, vector } of layers) {
      const y = layout === 'stack' ? height : 0
      const node = vector
        ? element
        : element instanceof HTMLCanvasElement
          ? getCanvasImage(element, size)
          : inliner.cloneLayer(element as SVGSVGElement)
      if (node === null) continue
      node.setAttribute('x', '0')
      node.setAttribute('y', String(y))
      node.setAttribute('width', String(size.width))
      node.setAttribute('height', String(size.height))
      out.appendChild(node)
      width = Math.max(width, size.width)
      height = layout === 'stack' ? height + size.height : Math.max(height, size.height)
    }
  } finally {
    inliner.dispose()
  }

  background.setAttribute('width', '100%')
  background.setAttribute('height', '100%')
  background.setAttribute('fill', getBackground(region))
  setSize(out, width, height)
  return { svg: toXml(out), width, height }
}

/**
 * One <svg> as a standalone file: a deep copy with its computed styles inlined, `xmlns`, and
 * `width`/`height` (from its attributes, its box, or its viewBox). Works on a detached element too,
 * which simply has no stylesheet styles to inline.
 */
export function serializeSvg(svg: SVGSVGElement): string {
  const inliner = makeStyleInliner()
  try {
    const copy = inliner.cloneLayer(svg)
    copy.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS)
    const size = getSvgSize(svg)
    if (size.width > 0 && size.height > 0) setSize(copy, size.width, size.height)
    return toXml(copy)
  } finally {
    inliner.dispose()
  }
}

/**
 * The snapshot drawn onto a canvas and encoded as PNG at `scale` device pixels per CSS pixel
 * (capped to what browsers can allocate). Rejects with a SnapshotError, never hangs: an image
 * that does not load within `timeoutMs` fails.
 */
export async function snapshotToPng(
  snapshot: Snapshot,
  options: { scale?: number; timeoutMs?: number } = {},
): Promise<Blob> {
  const { width, height } = snapshot
  const wanted = options.scale ?? Math.max(2, window.devicePixelRatio || 1)
  // Chrome's limits: 16,384 px a side (32,767 in Firefox) and about 268 M pixels in all.
  const scale = Math.min(wanted, 16384 / width, 16384 / height, Math.sqrt(1.2e8 / (width * height)))
  if (!(scale > 0.05)) {
    throw new SnapshotError(`the view is too large for a PNG (${width} × ${height} px); export SVG`)
  }
  const url = URL.createObjectURL(new Blob([snapshot.svg], { type: 'image/svg+xml' }))
  try {
    const image = await loadImage(url, options.timeoutMs ?? 15_000)
    const canvas = document.createElement('canvas')
    canvas.width = Math.max(1, Math.round(width * scale))
    canvas.height = Math.max(1, Math.round(height * scale))
    const context = canvas.getContext('2d')
    if (context === null) throw new SnapshotError('this browser cannot draw on a 2D canvas')
    context.drawImage(image, 0, 0, canvas.width, canvas.height)
    return await new Promise<Blob>((resolve, reject) => {
      canvas.toBlob((blob) => {
        if (blob) resolve(blob)
        else reject(new SnapshotError('the browser could not encode the PNG'))
      }, 'image/png')
    })
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** `data:image/png;base64,…` of a blob. */
export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(new SnapshotError('could not read the image back'))
    reader.readAsDataURL(blob)
  })
}

interface Layer {
  element: SVGSVGElement | HTMLCanvasElement
  size: { width: number; height: number }
  /** A canvas's own vector drawing, standalone: used as it is. */
  vector: boolean
}

function getLayers(region: Element): Layer[] {
  const layers: Layer[] = []
  for (const element of region.querySelectorAll<SVGSVGElement | HTMLCanvasElement>('svg, canvas')) {
    if (element.parentElement?.closest('svg') || element.closest('button, [hidden]')) continue
    // Icons, and transient layers (dots in flight) that mark themselves data-snapshot="skip".
    if (element.classList.contains('icon') || element.dataset.snapshot === 'skip') continue
    if (window.getComputedStyle(element).getPropertyValue('display') === 'none') continue
    const drawn = element instanceof HTMLCanvasElement ? vectorLayers.get(element)?.() : null
    if (drawn) {
      const size = getSvgSize(drawn)
      if (size.width > 0 && size.height > 0) layers.push({ element: drawn, size, vector: true })
      continue
    }
    const size = element instanceof HTMLCanvasElement ? getCanvasSize(element) : getSvgSize(element)
    if (size.width > 0 && size.height > 0) layers.push({ element, size, vector: false })
  }
  return layers
}

function getSvgSize(svg: SVGSVGElement): { width: number; height: number } {
  const attr = (name: string): number => Number.parseFloat(svg.getAttribute(name) ?? '')
  let width = attr('width')
  let height = attr('height')
  if (!(width > 0 && height > 0)) {
    const box = svg.getBoundingClientRect()
    width = box.width
    height = box.height
  }
  if (!(width > 0 && height > 0)) {
    const view = (svg.getAttribute('viewBox') ?? '').split(/[\s,]+/).map(Number)
    width = view[2]
    height = view[3]
  }
  const positive = (n: number): number => (Number.isFinite(n) ? Math.max(n, 0) : 0)
  return { width: positive(width), height: positive(height) }
}

// The canvas's CSS size (its backing store is scaled by devicePixelRatio).
function getCanvasSize(canvas: HTMLCanvasElement): { width: number; height: number } {
  const width = Number.parseFloat(canvas.style.width)
  const height = Number.parseFloat(canvas.style.height)
  if (canvas.style.width !== '' && canvas.style.height !== '') return { width, height }
  return {
    width: canvas.width > 1 ? canvas.width : 0,
    height: canvas.height > 1 ? canvas.height : 0,
  }
}

function getCanvasImage(
  canvas: HTMLCanvasElement,
  size: { width: number; height: number },
): SVGImageElement | null {
  let url: string | undefined
  try {
    url = canvas.toDataURL('image/png')
  } catch {
    return null // a tainted or unsupported canvas: leave the layer out rather than fail
  }
  if (typeof url !== 'string' || !url.startsWith('data:image/png')) return null
  const image = document.createElementNS(SVG_NS, 'image')
  image.setAttribute('href', url)
  image.setAttribute('preserveAspectRatio', 'none')
  image.setAttribute('width', String(size.width))
  image.setAttribute('height', String(size.height))
  return image
}

interface StyleInliner {
  cloneLayer(svg: SVGSVGElement): SVGSVGElement
  dispose(): void
}

// Clones layers with computed styles written into `style`; default values per tag come from a
// hidden sandbox, created on first use and removed by dispose().
function makeStyleInliner(): StyleInliner {
  let sandbox: SVGSVGElement | null = null
  const defaults = new Map<string, Map<string, string>>()

  const getDefaults = (tag: string): Map<string, string> => {
    let known = defaults.get(tag)
    if (known) return known
    if (sandbox === null) {
      sandbox = document.createElementNS(SVG_NS, 'svg')
      sandbox.setAttribute('aria-hidden', 'true')
      sandbox.setAttribute('style', 'position:absolute;width:0;height:0;overflow:hidden')
      document.documentElement.appendChild(sandbox)
    }
    const probe = document.createElementNS(SVG_NS, tag)
    sandbox.appendChild(probe)
    const style = window.getComputedStyle(probe)
    known = new Map(NOT_INHERITED.map((p) => [p, style.getPropertyValue(p)]))
    probe.remove()
    defaults.set(tag, known)
    return known
  }

  const inline = (source: Element, copy: Element, parent: CSSStyleDeclaration | null): void => {
    const style = window.getComputedStyle(source)
    const declarations: string[] = []
    for (const property of INHERITED) {
      const value = style.getPropertyValue(property)
      if (value === '' || (parent !== null && value === parent.getPropertyValue(property))) continue
      declarations.push(`${property}:${localiseUrls(value)}`)
    }
    const base = getDefaults(source.localName)
    for (const property of NOT_INHERITED) {
      const value = style.getPropertyValue(property)
      if (value === '' || value === base.get(property)) continue
      declarations.push(`${property}:${localiseUrls(value)}`)
    }
    if (declarations.length > 0) copy.setAttribute('style', declarations.join(';'))
    else copy.removeAttribute('style')
    // A dot in flight (Web Animations) sits where its animation has moved it right now.
    const animated = typeof source.getAnimations === 'function' && source.getAnimations().length > 0
    const transform = style.getPropertyValue('transform')
    if (animated && transform !== '' && transform !== 'none')
      copy.setAttribute('transform', transform)

    const sources = source.children
    const copies = copy.children
    for (let i = 0; i < sources.length; i++) inline(sources[i], copies[i], style)
  }

  return {
    cloneLayer(svg) {
      const copy = svg.cloneNode(true) as SVGSVGElement
      inline(svg, copy, null)
      return copy
    },
    dispose() {
      sandbox?.remove()
      sandbox = null
    },
  }
}

// Computed `url(...)` values may be absolute (`url("http://host/page#arrow")`); a standalone file
// needs the local reference.
function localiseUrls(value: string): string {
  return value.replace(/url\(\s*["']?[^"')]*?(#[^"')]+)["']?\s*\)/g, 'url($1)')
}

function getBackground(region: Element): string {
  for (let el: Element | null = region; el !== null; el = el.parentElement) {
    const colour = window.getComputedStyle(el).getPropertyValue('background-color')
    if (colour !== '' && colour !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(colour)) {
      return colour
    }
  }
  return '#ffffff'
}

function setSize(svg: SVGSVGElement, width: number, height: number): void {
  svg.setAttribute('width', String(width))
  svg.setAttribute('height', String(height))
  if (!svg.hasAttribute('viewBox')) svg.setAttribute('viewBox', `0 0 ${width} ${height}`)
}

function toXml(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`
}

function loadImage(url: string, timeoutMs: number): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image()
    const timer = setTimeout(() => {
      image.onload = null
      image.onerror = null
      reject(new SnapshotError(`the snapshot did not render within ${timeoutMs / 1000} s`))
    }, timeoutMs)
    image.onload = () => {
      clearTimeout(timer)
      resolve(image)
    }
    image.onerror = () => {
      clearTimeout(timer)
      reject(new SnapshotError('the browser could not render the SVG snapshot'))
    }
    image.src = url
  })
}
