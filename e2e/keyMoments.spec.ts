import { expect, test } from './fixtures/lab'

test('saves each scenario’s key moment', async ({ lab }, testInfo) => {
  await lab.open('A')
  await lab.stepTo(1100)
  await lab.snap(testInfo, 'key-a-task-on-vm5')

  await lab.scenarioButton('B').click()
  await expect(lab.scenarioButton('B')).toHaveAttribute('aria-pressed', 'true')
  await lab.stepTo(25000)
  await expect(lab.entity('VM_5')).toHaveAttribute('data-state', 'RESTARTING')
  await lab.snap(testInfo, 'key-b-vm5-restarting')

  await lab.scenarioButton('C').click()
  await expect(lab.scenarioButton('C')).toHaveAttribute('aria-pressed', 'true')
  await lab.stepTo(25000)
  await expect(lab.zoneOwners).toContainText('Zone 1: LB2')
  await lab.snap(testInfo, 'key-c-zone1-owned-by-lb2')

  await lab.scenarioButton('D').click()
  await expect(lab.scenarioButton('D')).toHaveAttribute('aria-pressed', 'true')
  const steal = await lab
    .findEvent('Work Stealing', (e) => e.type === 'note' && e.text === 'Work Stealing')
    .catch(async () => {
      await lab.stepTo(60000)
      return lab.findEvent('Work Stealing', (e) => e.type === 'note' && e.text === 'Work Stealing')
    })
  await lab.stepTo(steal.t + 100)
  await lab.snap(testInfo, 'key-d-work-stealing')

  await lab.scenarioButton('free').click()
  await expect(lab.scenarioButton('free')).toHaveAttribute('aria-pressed', 'true')
  await lab.stepTo(75000)
  await lab.page.getByRole('button', { name: 'Dark theme' }).click()
  await lab.snap(testInfo, 'key-free-run-dark')
})
