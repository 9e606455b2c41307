import { afterEach, describe, expect, it } from 'vitest'
import { getCanvasFont, getColor, getColorRoles, readTimelinePalette } from './timelinePalette'

afterEach(() => {
  document.body.replaceChildren()
})

describe('readTimelinePalette', () => {
  it('reads each role from its --seq-<role> variable', () => {
    const el = document.createElement('div')
    el.style.setProperty('--seq-arrow', '#123456')
    el.style.setProperty('--seq-stripe-5', ' #ef4444 ')
    el.style.fontFamily = 'Test Sans'
    document.body.append(el)

    const palette = readTimelinePalette(el)

    expect(getColor(palette, 'arrow')).toBe('#123456')
    expect(getColor(palette, 'stripe-5')).toBe('#ef4444')
    expect(palette.fontFamily).toBe('Test Sans')
  })

  it('falls back to the light theme where a variable is missing', () => {
    const palette = readTimelinePalette(document.body)

    expect(getColor(palette, 'bg')).toBe('#ffffff')
    expect(getColor(palette, 'phase-12')).toMatch(/^rgba\(/)
    expect(palette.colors.size).toBe(getColorRoles().length)
  })
})

describe('getCanvasFont', () => {
  it('writes the canvas font shorthand of a font role', () => {
    expect(getCanvasFont('semibold', 'Test Sans')).toBe('600 11px Test Sans')
    expect(getCanvasFont('italic', 'Test Sans')).toBe('italic 400 11px Test Sans')
    expect(getCanvasFont('caption', 'Test Sans')).toBe('700 9px Test Sans')
  })
})
