import { readFileSync, writeFileSync } from 'node:fs'
import { expect, test } from './fixtures/lab'

test.describe('exports, import, shared links and analysis', () => {
  test('exports the trace as JSON and imports it back to the same run', async ({
    lab,
  }, testInfo) => {
    await lab.open('B')
    await lab.stepTo(20000)
    const before = await lab.getTrace()

    await lab.page.getByRole('button', { name: 'Export', exact: true }).click()
    const [download] = await Promise.all([
      lab.page.waitForEvent('download'),
      lab.page.getByRole('menuitem', { name: 'Trace (JSON)' }).click(),
    ])
    const path = testInfo.outputPath('b.trace.json')
    await download.saveAs(path)
    const saved = JSON.parse(readFileSync(path, 'utf8'))
    expect(saved.format).toBe('dual-lb-trace')
    expect(saved.events).toEqual(before.events)

    await lab.open('A')
    await lab.page.getByTestId('share.import.file').setInputFiles(path)
    await expect.poll(async () => (await lab.getFrame()).simTimeMs).toBe(20000)
    const replayed = await lab.getTrace()
    expect(replayed.events.slice(0, before.events.length)).toEqual(before.events)
    await expect(lab.entity('VM_5')).toHaveAttribute('data-state', /DEAD|RESTARTING/)
  })

  test('offers Mermaid and Redis logs in the Export menu', async ({ lab }) => {
    await lab.open('A')
    await lab.stepTo(2000)

    await lab.page.getByRole('button', { name: 'Export', exact: true }).click()
    const [download] = await Promise.all([
      lab.page.waitForEvent('download'),
      lab.page.getByRole('menuitem', { name: 'Mermaid diagram' }).click(),
    ])

    expect(download.suggestedFilename()).toMatch(/\.mmd$/)
    const text = readFileSync(await download.path(), 'utf8')
    expect(text).toContain('sequenceDiagram')
    expect(text).toContain('LB1->>VM_5: Send Task for Execution')
  })

  test('refuses a bad file with one message and keeps the current run', async ({
    lab,
  }, testInfo) => {
    await lab.open('C')
    await lab.stepTo(5000)
    const path = testInfo.outputPath('broken.json')
    const bad = {
      format: 'dual-lb-trace',
      version: 1,
      seed: 1,
      scenario: 'x',
      config: {},
      events: [{ seq: 1, t: -5, type: 'note', over: ['LB1'], text: 'x' }],
    }
    writeFileSync(path, JSON.stringify(bad))

    await lab.page.getByTestId('share.import.file').setInputFiles(path)

    await expect(lab.page.getByRole('alert')).toContainText('broken.json')
    expect((await lab.getFrame()).simTimeMs).toBe(5000)
    await expect(lab.scenarioButton('C')).toHaveAttribute('aria-pressed', 'true')
  })

  test('reproduces a run from a shared link, faults and playhead included', async ({ lab }) => {
    await lab.page.goto('/?test=1#s=A&seed=4&policy=round-robin&f=VM_3:crash:1500&t=20000')
    await lab.page.waitForFunction(() => window.__simTest !== undefined)
    await lab.page.evaluate(() => window.__simTest?.ready())

    await expect.poll(async () => (await lab.getFrame()).simTimeMs).toBe(20000)
    const frame = await lab.getFrame()
    expect(frame.policy).toBe('round-robin')
    expect(frame.seed).toBe(4)
    expect(frame.faults.map((f) => `${f.target}:${f.action}:${f.atMs}`)).toContain(
      'VM_3:crash:1500',
    )
    await expect(lab.entity('VM_3')).toHaveAttribute('data-state', /DEAD|RESTARTING/)
  })

  test('shows live charts, the scorecard and a policy comparison', async ({ lab }, testInfo) => {
    await lab.open('free')
    await lab.stepTo(40000)

    await lab.page.getByRole('button', { name: 'Analysis', exact: true }).click()
    const dialog = lab.page.getByRole('dialog', { name: 'Analysis' })
    await expect(dialog.getByRole('region', { name: 'Live charts' })).toBeVisible()
    await expect(dialog.getByRole('region', { name: 'Recovery scorecard' })).toBeVisible()
    await lab.snap(testInfo, 'analysis-charts')

    await dialog.getByRole('tab', { name: 'Compare policies' }).click()
    const compare = dialog.getByRole('region', { name: 'Policy comparison' })
    await compare.getByRole('button', { name: 'Compare policies' }).click()
    await expect(compare.getByRole('status')).toHaveText(/^\d+ runs: \d+ policies/, {
      timeout: 90_000,
    })
    await lab.snap(testInfo, 'analysis-compare')
  })
})
