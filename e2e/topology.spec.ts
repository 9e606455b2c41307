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
