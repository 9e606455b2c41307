import { expect, test } from './fixtures/lab'

const tiny = {
  format: 'dual-lb-scenario',
  version: 1,
  name: 'tiny import',
  seed: 3,
  topology: { zones: 2, vmsPerZone: 2 },
  workload: { kind: 'list', tasks: [{ atMs: 500, type: 'Text', lengthMi: 2000 }] },
  faults: [{ atMs: 2000, target: 'VM_2', action: 'crash' }],
}

test('imports a scenario file, and reports a bad one without losing the run', async ({ lab }) => {
  await lab.open('A')
  // The header's Import (share tools) reads scenario files as well as traces.
  const file = lab.page.getByTestId('share.import.file')

  await file.setInputFiles({
    name: 'tiny.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(tiny)),
  })
  await expect(lab.page.getByText('Imported: tiny import')).toBeVisible()
  await expect(lab.entity('VM_102')).toBeVisible()
  await expect(lab.entity('VM_3')).toHaveCount(0)
  await lab.stepTo(3000)
  await expect(lab.entity('VM_2')).toHaveAttribute('data-state', 'CRASHED')

  await file.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...tiny, topology: { zones: 0, vmsPerZone: 2 } })),
  })

  await expect(lab.page.getByRole('alert')).toContainText('topology')
  await expect(lab.time).toHaveText('3.000 s')
  await expect(lab.entity('VM_2')).toHaveAttribute('data-state', 'CRASHED')
})
