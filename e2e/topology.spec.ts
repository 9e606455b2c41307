import { expect, test } from './fixtures/lab'

// Dots along the links show messages in flight. They are painted on one decorative canvas
// (aria-hidden), which says how many are alive in data-flights.
test('dots follow messages in flight while playing, and not with reduced motion', async ({
  lab,
}) => {
  const { page } = lab
  const flights = page.getByTestId('topology.flights')
  const count = async () => Number(await flights.getAttribute('data-flights'))
  await lab.open('free')
  await expect(flights).toHaveAttribute('aria-hidden', 'true')
  await lab.speed.fill('1')
  await lab.playButton.click()
  await expect.poll(count, { timeout: 5000 }).toBeGreaterThan(0)

  // Reduced motion asked for mid-play: the dots in the air go, and no new ones start.
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await expect.poll(count).toBe(0)
  const start = (await lab.getFrame()).traceLength
  await expect.poll(async () => (await lab.getFrame()).traceLength).toBeGreaterThan(start + 20)
  expect(await count()).toBe(0)
  await lab.pauseButton.click()

  // Motion back on: dots fly again, and once paused they land and the count returns to 0.
  await page.emulateMedia({ reducedMotion: 'no-preference' })
  await lab.playButton.click()
  await expect.poll(count, { timeout: 5000 }).toBeGreaterThan(0)
  await lab.pauseButton.click()
  await expect.poll(count).toBe(0)
})

// On a large monitor a card view is drawn larger to fill its pane; the buttons scale with the
// cards, so a click still lands on the VM under the pointer.
test('cards grow to fill a large pane and clicks still hit the VM drawn there', async ({ lab }) => {
  const { page } = lab
  await page.setViewportSize({ width: 1920, height: 1080 })
  await lab.open('A')
  const stage = page.locator('.zone-map__stage')
  await expect.poll(async () => Number(await stage.getAttribute('data-scale'))).toBeGreaterThan(1.2)

  const vm = lab.entity('VM_5')
  const box = await vm.boundingBox()
  expect(box?.width).toBeGreaterThan(136)
  // The card drawn under the button is VM_5's: its id label lies inside the button's box.
  const label = page.locator('.zone-map__vm-id', { hasText: /^VM_5$/ })
  const text = await label.boundingBox()
  expect(text && box).toBeTruthy()
  if (text && box) {
    expect(text.x).toBeGreaterThan(box.x)
    expect(text.y).toBeGreaterThan(box.y)
    expect(text.x + text.width).toBeLessThan(box.x + box.width)
    expect(text.y + text.height).toBeLessThan(box.y + box.height)
  }

  await page.mouse.click((box?.x ?? 0) + 10, (box?.y ?? 0) + 10)
  await lab.stepTo(1000)
  await expect(vm).toHaveAttribute('data-state', 'CRASHED')
})

// The dense view's legend wraps to a second toolbar line; the drawing is planned for the height
// left under it, so the view does not overflow (a stray scrollbar, and a composited scroller).
test('a dense 2 × 50 topology fits its pane at 1280 × 800 without scrolling', async ({ lab }) => {
  const { page } = lab
  await lab.openTopology(2, 50)
  const map = page.getByTestId('topology')
  await expect(map).toHaveAttribute('data-mode', 'dense')
  await expect
    .poll(() => map.evaluate((el) => el.scrollHeight - el.clientHeight))
    .toBeLessThanOrEqual(0)
})

// The VM buttons are laid out by CSS grid per zone, the cells painted on a canvas from the same
// layout: in Chromium each button's centre must fall on a painted cell, in every zone.
test('each VM button of a dense 16 × 64 view lies over the cell drawn for it', async ({ lab }) => {
  const { page } = lab
  await lab.openTopology(16, 64)
  await expect(page.getByTestId('topology')).toHaveAttribute('data-mode', 'dense')
  await expect(page.getByRole('button', { name: /^VM_\d+, zone 16,/ })).toHaveCount(64)

  const report = await page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('.zone-map__canvas')
    const ctx = canvas?.getContext('2d')
    if (!canvas || !ctx) return { buttons: 0, misplaced: ['no canvas'], centres: 0 }
    const frame = canvas.getBoundingClientRect()
    const ratio = canvas.width / frame.width
    const buttons = [...document.querySelectorAll<HTMLElement>('.zone-map__hit--vm')]
    const misplaced: string[] = []
    const centres = new Set<string>()
    for (const button of buttons) {
      const box = button.getBoundingClientRect()
      const x = Math.floor((box.x + box.width / 2 - frame.x) * ratio)
      const y = Math.floor((box.y + box.height / 2 - frame.y) * ratio)
      const alpha = ctx.getImageData(x, y, 1, 1).data[3]
      if (alpha === 0 || box.width < 4) misplaced.push(button.dataset.id ?? '?')
      centres.add(`${x},${y}`)
    }
    return { buttons: buttons.length, misplaced, centres: centres.size }
  })
  expect(report.buttons).toBe(1024)
  expect(report.misplaced).toEqual([])
  // One cell each: no two buttons over the same place.
  expect(report.centres).toBe(1024)
})
