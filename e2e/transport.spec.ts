import { expect, test } from './fixtures/lab'

test('keyboard shortcuts play, pause, step, change speed and open the help', async ({ lab }) => {
  const { page } = lab
  await lab.open('A')
  await page.getByRole('heading', { name: 'Dual-LB Lab' }).click()

  await page.keyboard.press('+')
  await expect(lab.speed).toHaveAttribute('aria-valuetext', '2×')
  await page.keyboard.press('-')
  await page.keyboard.press('-')
  await expect(lab.speed).toHaveAttribute('aria-valuetext', '0.5×')

  const before = (await lab.getFrame()).playheadSeq
  await page.keyboard.press('ArrowRight')
  await expect.poll(async () => (await lab.getFrame()).playheadSeq).toBeGreaterThan(before)
  await page.keyboard.press('ArrowLeft')
  await expect.poll(async () => (await lab.getFrame()).playheadSeq).toBeLessThan(before + 1)

  await page.keyboard.press(' ')
  await expect(lab.pauseButton).toBeVisible()
  await page.keyboard.press(' ')
  await expect(lab.playButton).toBeVisible()

  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(help).toBeVisible()
  for (const text of ['Play or pause', 'Step to the next message', 'Faster', 'Slower']) {
    await expect(help).toContainText(text)
  }
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()
})

test('the speed slider runs simulated time at about that many times real time', async ({ lab }) => {
  await lab.open('free')
  await lab.speed.fill('2')
  await expect(lab.speed).toHaveAttribute('aria-valuetext', '100×')

  await lab.playButton.click()
  await expect.poll(async () => (await lab.getFrame()).simTimeMs).toBeGreaterThan(0)
  const t0 = await lab.getFrame()
  const wall0 = Date.now()
  await lab.page.waitForTimeout(1500)
  const t1 = await lab.getFrame()
  const wall = Date.now() - wall0
  await lab.pauseButton.click()

  const rate = (t1.simTimeMs - t0.simTimeMs) / wall
  expect(rate).toBeGreaterThan(40)
  expect(rate).toBeLessThan(130)
})

test('a fault scheduled ahead from the form runs at its time', async ({ lab }) => {
  await lab.open('A')
  await lab.page.getByRole('tab', { name: 'Faults' }).click()
  const form = lab.page.getByRole('form', { name: 'Schedule a fault' })

  await form.getByRole('combobox', { name: 'Target' }).selectOption('VM_3')
  await form.getByRole('spinbutton', { name: 'At (s)' }).fill('7')
  await form.getByRole('button', { name: 'Schedule' }).click()
  await expect(lab.page.getByRole('tabpanel')).toContainText('VM_3')
  await lab.stepTo(6999)
  await expect(lab.entity('VM_3')).toHaveAttribute('data-state', 'ALIVE')
  await lab.stepTo(7000)

  await expect(lab.entity('VM_3')).toHaveAttribute('data-state', 'CRASHED')
})

test('an impossible fault shows an error and keeps the last frame', async ({ lab }) => {
  await lab.open('B')
  await lab.stepTo(30000)

  await lab.page.evaluate(() => window.__simTest?.fault('VM_999', 'crash'))

  const alert = lab.page.getByRole('alert')
  await expect(alert).toContainText('VM_999')
  await expect(lab.time).toHaveText('30.000 s')
  await expect(lab.entity('VM_5')).toHaveAttribute('data-state', 'RESTARTING')
  await alert.getByRole('button', { name: 'Dismiss' }).click()
  await expect(alert).toBeHidden()
})
