import { expect, test } from './fixtures/lab'

test.describe('scenario A: normal execution', () => {
  test('steps one message at a time through submission, scheduling and execution', async ({
    lab,
  }, testInfo) => {
    await lab.open('A')
    await lab.stepTo(999)

    await lab.stepButton.click()
    await expect(lab.time).toHaveText('1.000 s')
    const submit = await lab.getFrame()
    await lab.stepButton.click()
    await expect
      .poll(async () => (await lab.getFrame()).playheadSeq)
      .toBeGreaterThan(submit.playheadSeq)
    const queued = await lab.getFrame()

    const doc = await lab.getTrace()
    const labelAt = (seq: number) => {
      const e = doc.events[seq - 1]
      return e.type === 'message' ? `${e.from}->${e.to} ${e.label}` : e.type
    }
    expect(labelAt(submit.playheadSeq)).toBe('Dispatcher->LB1 Submit Task Payload')
    expect(labelAt(queued.playheadSeq)).toBe('LB1->L1 Update Task Meta (Status: QUEUED)')
    const meta = lab.cache('Redis L1').getByRole('button', { name: 'Task_Meta_101' })
    await expect(meta.locator('xpath=..')).toContainText('QUEUED')

    await lab.stepTo(1100)
    await expect(lab.entity('VM_5')).toHaveAttribute('data-state', 'ALIVE')
    await expect(lab.cache('Redis L2 (Zone 1)')).toContainText('Task_101')
    await lab.page.getByRole('tab', { name: 'Tasks' }).click()
    await lab.page
      .getByRole('tabpanel')
      .getByRole('button', { name: 'Task_101', exact: true })
      .click()
    const decision = lab.page.getByRole('table')
    await expect(decision.getByRole('row', { name: /VM_5/ })).toContainText('winner')
    await lab.snap(testInfo, 'scenario-a-running-on-vm5')

    await lab.stepTo(2000)
    await expect(meta.locator('xpath=..')).toContainText('FINISHED')
  })

  test('guided mode pauses at each phase with a caption', async ({ lab }) => {
    await lab.open('A', '&speed=20')

    await lab.page.getByRole('checkbox', { name: 'Guided mode' }).check()

    const guide = lab.page.getByRole('region', { name: 'Guide' })
    await expect(guide).toContainText('Submission Phase')
    await expect(lab.playButton).toBeVisible()
    await lab.playButton.click()
    await expect(guide).toContainText('Scheduling Phase (SBDLB)')
    await expect(guide).toContainText('highest score wins')
  })
})
