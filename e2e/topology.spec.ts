import { expect, test } from './fixtures/lab'

// Dots along the links show messages in flight; they are decorative (aria-hidden), so the test
// looks for them in the topology's drawing rather than by role.
test('dots follow messages in flight while playing, and not with reduced motion', async ({
  lab,
}) => {
  const { page } = lab
  const dots = lab.page.getByTestId('topology').locator('.zone-map__flight')
  await lab.open('free')
  await lab.speed.fill('1')
  await lab.playButton.click()
  await expect.poll(() => dots.count(), { timeout: 5000 }).toBeGreaterThan(0)
  await lab.pauseButton.click()

  await page.emulateMedia({ reducedMotion: 'reduce' })
  await expect.poll(() => dots.count()).toBe(0)
  await lab.playButton.click()
  const start = (await lab.getFrame()).traceLength
  await expect.poll(async () => (await lab.getFrame()).traceLength).toBeGreaterThan(start + 20)
  expect(await dots.count()).toBe(0)
  await lab.pauseButton.click()
})
