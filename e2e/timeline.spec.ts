import { readFileSync } from 'node:fs'
import {
  GUTTER_NUM_X,
  GUTTER_TIME_X,
  GUTTER_WIDTH,
  STRIPE_WIDTH,
} from '../app/views/timeline/timelineLayout'
import { expect, test } from './fixtures/lab'

test.describe('sequence timeline', () => {
  test('clicking a row seeks there; the arrow keys and Enter move along the rows', async ({
    lab,
  }) => {
    await lab.open('A')
    await lab.stepTo(1100)
    const sent = await lab.findEvent(
      'the task sent to VM_5',
      (e) => e.type === 'message' && e.label === 'Send Task for Execution',
    )

    const row = lab.timeline.getByRole('button', {
      name: new RegExp(`^${sent.seq}\\. LB1 → VM_5: Send Task for Execution at 1\\.007 s$`),
    })
    await expect(row).toHaveAttribute('data-seq', String(sent.seq))
    await row.click()

    await expect.poll(async () => (await lab.getFrame()).playheadSeq).toBe(sent.seq)
    await expect(lab.time).toHaveText(`${(sent.t / 1000).toFixed(3)} s`)

    await row.focus()
    await lab.page.keyboard.press('ArrowUp')
    const focused = lab.timeline.locator(':focus')
    await expect(focused).toHaveAttribute('data-seq', String(sent.seq - 1))
    await expect(focused).toHaveAttribute('tabindex', '0')
    await lab.page.keyboard.press('Enter')
    await expect.poll(async () => (await lab.getFrame()).playheadSeq).toBe(sent.seq - 1)
  })

  test('paints the rows on a canvas in both themes and exports them as vector SVG', async ({
    lab,
  }, testInfo) => {
    await lab.open('B')
    await lab.stepTo(8001)
    await expect(
      lab.timeline.getByRole('button', { name: /Fault injected: crash VM_5/ }),
    ).toHaveCount(1)

    const canvas = lab.timeline.locator('canvas')
    expect(await countColours(canvas)).toBeGreaterThan(8)
    await lab.timeline.screenshot({ path: testInfo.outputPath('timeline-light.png') })
    await lab.page.getByRole('button', { name: 'Dark theme' }).click()
    await expect(lab.page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await expect.poll(() => getCornerColour(canvas)).toBe('15,23,42')
    await lab.timeline.screenshot({ path: testInfo.outputPath('timeline-dark.png') })

    await lab.page.getByRole('button', { name: 'Export', exact: true }).click()
    const [download] = await Promise.all([
      lab.page.waitForEvent('download'),
      lab.page.getByRole('menuitem', { name: 'Timeline (SVG)' }).click(),
    ])
    const svg = readFileSync(await download.path(), 'utf8')
    expect(svg).not.toContain('<image')
    expect(svg).toContain('Fault injected: crash VM_5')
    // Lifelines dashed, and the fault's cross in the theme's fault colour.
    expect(svg).toMatch(/<line [^>]*stroke-dasharray="3 3"/)
    expect(svg).toMatch(/<path d="M[\d.]+,\d+l10,10m0,-10l-10,10"[^>]*stroke="#f87171"/)
  })

  test('the gutter holds a seven-digit number in the page’s font', async ({ lab }) => {
    await lab.open('A')

    const widths = await lab.timeline.evaluate((el) => {
      const ctx = document.createElement('canvas').getContext('2d')
      if (!ctx) return null
      const family = getComputedStyle(el).fontFamily
      ctx.font = `600 11px ${family}`
      const num = ctx.measureText('1234567').width
      ctx.font = `400 11px ${family}`
      return { num, time: ctx.measureText('3600.000').width }
    })

    expect(widths).not.toBeNull()
    expect(GUTTER_NUM_X - (widths?.num ?? Number.POSITIVE_INFINITY)).toBeGreaterThan(STRIPE_WIDTH)
    expect(GUTTER_TIME_X + (widths?.time ?? Number.POSITIVE_INFINITY)).toBeLessThan(GUTTER_WIDTH)
  })
})

/** How many distinct colours the canvas shows (a blank one shows one). */
function countColours(canvas: import('@playwright/test').Locator): Promise<number> {
  return canvas.evaluate((el: HTMLCanvasElement) => {
    const data = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data
    const seen = new Set<number>()
    for (let i = 0; data && i < data.length; i += 4) {
      seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2])
    }
    return seen.size
  })
}

/** The colour of the canvas's bottom-right pixel: the background, right of every column. */
function getCornerColour(canvas: import('@playwright/test').Locator): Promise<string> {
  return canvas.evaluate((el: HTMLCanvasElement) => {
    const data = el.getContext('2d')?.getImageData(el.width - 1, el.height - 1, 1, 1).data
    return data ? `${data[0]},${data[1]},${data[2]}` : ''
  })
}
