import { expect, test } from './fixtures/lab'

test('crashing LB1 by a click makes LB2 take zone 1 over, and LB1 rejoins when restarted', async ({
  lab,
}, testInfo) => {
  await lab.open('A')
  await lab.stepTo(3000)
  await expect(lab.zoneOwners).toContainText('Zone 1: LB1')

  await lab.entity('LB1').click()
  await lab.stepTo(4000)
  await expect(lab.entity('LB1')).toHaveAttribute('data-state', 'CRASHED')

  await lab.stepTo(20000)
  await expect(lab.entity('LB1')).toHaveAccessibleName(/^LB1, zone 1, DEAD/)
  await expect(lab.entity('LB2')).toHaveAttribute('data-state', 'ACTIVE')
  await expect(lab.zoneOwners).toContainText('Zone 1: LB2')
  const frame = await lab.getFrame()
  expect(frame.zoneOwners[0]).toMatchObject({ zone: 1, owner: 'LB2', epoch: 1 })
  expect(frame.lbs[1].zones).toEqual([1, 2])
  await expect(lab.cache('Redis L1')).toContainText('LB2@1')
  await lab.snap(testInfo, 'lb1-crash-zone1-taken-over')

  await lab.entity('LB1').click()
  await lab.stepTo(30000)
  await expect(lab.entity('LB1')).toHaveAttribute('data-state', 'ACTIVE')
})

test('scenario C: LB2 recovers LB1’s queued tasks and runs them', async ({ lab }, testInfo) => {
  await lab.open('C')

  await lab.stepTo(40000)

  await expect(lab.zoneOwners).toContainText('Zone 1: LB2')
  const frame = await lab.getFrame()
  expect(frame.tasks.every((t) => t.state === 'FINISHED')).toBe(true)
  expect(frame.summary.finished).toBe(frame.summary.submitted)
  await lab.snap(testInfo, 'scenario-c-after-takeover')
})
