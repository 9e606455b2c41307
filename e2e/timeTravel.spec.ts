import { expect, test } from './fixtures/lab'

test('seeking back with the scrubber restores the earlier state exactly', async ({ lab }) => {
  await lab.open('B')
  await lab.stepTo(20000)
  const before = await lab.getCacheText()
  const vm5 = await lab.entity('VM_5').getAttribute('data-state')

  await lab.stepTo(70000)
  expect(await lab.getCacheText()).not.toEqual(before)
  await lab.scrubber.fill('20000')

  await expect(lab.time).toHaveText('20.000 s')
  await expect.poll(() => lab.getCacheText()).toEqual(before)
  await expect(lab.entity('VM_5')).toHaveAttribute('data-state', vm5 ?? '')
})

// At 18 s LB1 first reads eight heartbeats, then marks VM_5 DEAD: 14 steps reach the writes.
const STEPS = 14

test('Back undoes Step message by message', async ({ lab }) => {
  await lab.open('B')
  await lab.stepTo(17999)
  const start = await lab.getFrame()
  const before = await lab.getCacheText()

  for (let i = 0; i < STEPS; i++) {
    const seq = (await lab.getFrame()).playheadSeq
    await lab.stepButton.click()
    await expect.poll(async () => (await lab.getFrame()).playheadSeq).toBeGreaterThan(seq)
  }
  const after = await lab.getCacheText()
  for (let i = 0; i < STEPS; i++) {
    const seq = (await lab.getFrame()).playheadSeq
    await lab.backButton.click()
    await expect.poll(async () => (await lab.getFrame()).playheadSeq).toBeLessThan(seq)
  }

  expect(after).not.toEqual(before)
  await expect.poll(async () => (await lab.getFrame()).playheadSeq).toBe(start.playheadSeq)
  await expect.poll(() => lab.getCacheText()).toEqual(before)
})
