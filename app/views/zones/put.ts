import type { BaseType, Selection } from 'd3'

type Value<D> = string | number | null | ((d: D) => string | number | null)

/**
 * Per-frame writes to a d3 selection that skip values already there, so an unchanged VM card
 * costs no style or layout invalidation (d3's own attr/text always write).
 */
export class Put<E extends BaseType, D, P extends BaseType, PD> {
  constructor(private readonly sel: Selection<E, D, P, PD>) {}

  attr(name: string, value: Value<D>): this {
    this.sel.each(function (d) {
      const el = this as Element
      const v = typeof value === 'function' ? value(d) : value
      if (v === null) {
        if (el.hasAttribute(name)) el.removeAttribute(name)
        return
      }
      const s = String(v)
      if (el.getAttribute(name) !== s) el.setAttribute(name, s)
    })
    return this
  }

  text(value: Value<D>): this {
    this.sel.each(function (d) {
      const el = this as Element
      const v = typeof value === 'function' ? value(d) : value
      const s = v === null ? '' : String(v)
      if (el.textContent !== s) el.textContent = s
    })
    return this
  }

  style(name: string, value: Value<D>): this {
    this.sel.each(function (d) {
      const el = this as unknown as HTMLElement | SVGElement
      const v = typeof value === 'function' ? value(d) : value
      const s = v === null ? '' : String(v)
      if (el.style.getPropertyValue(name) !== s) el.style.setProperty(name, s)
    })
    return this
  }
}

/** Changed-only writers for `sel`. */
export function put<E extends BaseType, D, P extends BaseType, PD>(
  sel: Selection<E, D, P, PD>,
): Put<E, D, P, PD> {
  return new Put(sel)
}
