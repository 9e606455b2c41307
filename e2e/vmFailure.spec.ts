import { expect, test } from './fixtures/lab'

test('a VM crashed by a click goes DEAD, RESTARTING, ALIVE while its task finishes elsewhere', async ({
  lab,
}, testInfo) => {
  await lab.open('B')
  await lab.stepTo(5000)
  await expect(lab.entity('VM_5')).toHaveAccessibleName(/^VM_5, zone 1, ALIVE/)

  await lab.entity('VM_5').click()
  await lab.stepTo(6000)
  await expect(lab.entity('VM_5')).toHaveAttribute('data-state', 'CRASHED')

  await lab.stepTo(60000)
  const isVm5 = (to: string) => (e: { type: string; entity?: string; to?: string }) =>
    e.type === 'state' && e.entity === 'VM_5' && e.to === to
  const dead = await lab.findEvent('VM_5 DEAD', isVm5('DEAD'))
  const restarting = await lab.findEvent('VM_5 RESTARTING', isVm5('RESTARTING'))
  const alive = await lab.findEvent('VM_5 back ALIVE', (e) => isVm5('ALIVE')(e) && e.seq > dead.seq)
  const fault = await lab.findEvent('user fault', (e) => e.type === 'fault' && e.t === 5001)

  await lab.seekSeq(dead.seq)
  await expect(lab.entity('VM_5')).toHaveAccessibleName(/^VM_5, zone 1, DEAD/)
  await expect(lab.entity('VM_5')).toHaveAttribute('data-state', 'DEAD')
  await lab.snap(testInfo, 'scenario-b-vm5-dead')
  await lab.seekSeq(restarting.seq)
  await expect(lab.entity('VM_5')).toHaveAttribute('data-state', 'RESTARTING')
  await lab.stepTo(alive.t)
  await expect(lab.entity('VM_5')).toHaveAttribute('data-state', 'ALIVE')

  await lab.stepTo(90000)
  await lab.page.getByRole('tab', { name: 'Tasks' }).click()
  const row = lab.page.getByRole('row', { name: /Task_101/ })
  await expect(row).toContainText('FINISHED')
  await expect(row).not.toContainText('VM_5')
  expect(fault).toMatchObject({ target: 'VM_5', action: 'crash' })
  expect(dead.t - fault.t).toBeGreaterThan(5000)
})
