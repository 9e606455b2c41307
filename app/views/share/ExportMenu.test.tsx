import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { toTraceDocument } from '../../../src/engine/report'
import { runScenario } from '../../../src/testing/runScenario'
import {
  exportChromeTrace,
  exportJaeger,
  exportMermaid,
  exportMetricsCsv,
  exportRedisLogs,
  exportTaskCsv,
  mermaidLiveUrl,
} from '../../../src/trace/export'
import { downloadBlob } from '../../lib/download'
import { ExportMenu, type ExportMenuProps } from './ExportMenu'

vi.mock('../../lib/download', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/download')>()),
  downloadBlob: vi.fn(),
}))

vi.mock('../../../src/trace/export', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/trace/export')>()
  return {
    ...actual,
    exportMermaid: vi.fn(actual.exportMermaid),
    exportChromeTrace: vi.fn(actual.exportChromeTrace),
    exportJaeger: vi.fn(actual.exportJaeger),
    exportTaskCsv: vi.fn(actual.exportTaskCsv),
    exportMetricsCsv: vi.fn(actual.exportMetricsCsv),
    exportRedisLogs: vi.fn(actual.exportRedisLogs),
    mermaidLiveUrl: vi.fn(actual.mermaidLiveUrl),
  }
})

const TRACE = toTraceDocument(runScenario('B'))
const PNG = 'data:image/png;base64,iVBORw0KGgo='

function renderMenu(overrides: Partial<ExportMenuProps> = {}) {
  const props: ExportMenuProps = {
    getTrace: vi.fn(async () => TRACE),
    scenario: TRACE.scenario,
    seed: 1,
    selectedTask: null,
    getScreenshot: async () => PNG,
    ...overrides,
  }
  render(<ExportMenu {...props} />)
  return props
}

function getButton(): HTMLElement {
  return screen.getByRole('button', { name: 'Export' })
}

function getItemNames(): string[] {
  return screen.getAllByRole('menuitem').map((item) => item.textContent ?? '')
}

function getSavedNames(): string[] {
  return vi.mocked(downloadBlob).mock.calls.map(([, name]) => name)
}

// The exporters, wrapped in spies by the mock above.
const EXPORTERS = {
  exportMermaid,
  exportChromeTrace,
  exportJaeger,
  exportTaskCsv,
  exportMetricsCsv,
  exportRedisLogs,
}

beforeEach(() => {
  // Forgets the calls only; the spies keep calling the real exporters.
  vi.clearAllMocks()
})

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('ExportMenu', () => {
  it('shows a closed menu button', () => {
    renderMenu()

    expect(getButton().getAttribute('aria-haspopup')).toBe('menu')
    expect(getButton().getAttribute('aria-expanded')).toBe('false')
    expect(screen.queryByRole('menu')).toBeNull()
  })

  it('opens a menu of every export with the first item focused', () => {
    renderMenu()

    fireEvent.click(getButton())

    expect(getButton().getAttribute('aria-expanded')).toBe('true')
    expect(screen.getByRole('menu', { name: 'Export' })).toBeDefined()
    expect(getItemNames()).toEqual([
      'Trace (JSON)',
      'Mermaid diagram',
      'Open in mermaid.live',
      'Perfetto / Chrome trace',
      'Jaeger',
      'Tasks (CSV)',
      'Metrics (CSV)',
      'Redis logs',
      'Topology (SVG)',
      'Topology (PNG)',
      'Timeline (SVG)',
      'Timeline (PNG)',
      'Bug report',
    ])
    expect(document.activeElement?.textContent).toBe('Trace (JSON)')
    expect(screen.getAllByRole('separator')).toHaveLength(2)
  })

  it('offers the selected task’s diagram while a task is selected', () => {
    renderMenu({ selectedTask: 'Task_101' })

    fireEvent.click(getButton())

    expect(getItemNames()).toContain('Mermaid (selected task)')
  })

  it('opens from the keyboard on the first or the last item', () => {
    renderMenu()

    fireEvent.keyDown(getButton(), { key: 'ArrowUp' })

    expect(document.activeElement?.textContent).toBe('Bug report')
  })

  it('moves through the items with the arrows, Home, End and type-ahead, wrapping round', () => {
    renderMenu()
    fireEvent.keyDown(getButton(), { key: 'ArrowDown' })
    const menu = screen.getByRole('menu')
    const focused = () => document.activeElement?.textContent

    fireEvent.keyDown(menu, { key: 'ArrowDown' })
    expect(focused()).toBe('Mermaid diagram')
    fireEvent.keyDown(menu, { key: 'ArrowUp' })
    fireEvent.keyDown(menu, { key: 'ArrowUp' })
    expect(focused()).toBe('Bug report')
    fireEvent.keyDown(menu, { key: 'ArrowDown' })
    expect(focused()).toBe('Trace (JSON)')
    fireEvent.keyDown(menu, { key: 'End' })
    expect(focused()).toBe('Bug report')
    fireEvent.keyDown(menu, { key: 'Home' })
    expect(focused()).toBe('Trace (JSON)')
    fireEvent.keyDown(menu, { key: 'j' })
    expect(focused()).toBe('Jaeger')
  })

  it('closes on Escape and gives focus back to the button', () => {
    renderMenu()
    fireEvent.click(getButton())

    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' })

    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement).toBe(getButton())
    expect(downloadBlob).not.toHaveBeenCalled()
  })

  it('closes on Tab from the button, so Tab moves on to the next control', () => {
    renderMenu()
    fireEvent.click(getButton())

    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Tab' })

    expect(screen.queryByRole('menu')).toBeNull()
    expect(document.activeElement).toBe(getButton())
  })

  it('closes when the pointer goes down outside it', () => {
    renderMenu()
    fireEvent.click(getButton())

    fireEvent.pointerDown(document.body)

    expect(screen.queryByRole('menu')).toBeNull()
  })

  it('saves the focused item on Enter and announces it', async () => {
    renderMenu()
    fireEvent.click(getButton())

    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Enter' })

    await waitFor(() => expect(getSavedNames()).toEqual(['dual-lb-B-seed1.trace.json']))
    expect(screen.queryByRole('menu')).toBeNull()
    expect(screen.getByRole('status').textContent).toBe('Saved dual-lb-B-seed1.trace.json')
  })

  it.each([
    ['Mermaid diagram', 'exportMermaid', 'dual-lb-B-seed1.mmd'],
    ['Mermaid (selected task)', 'exportMermaid', 'dual-lb-B-seed1.Task_101.mmd'],
    ['Perfetto / Chrome trace', 'exportChromeTrace', 'dual-lb-B-seed1.chrome.json'],
    ['Jaeger', 'exportJaeger', 'dual-lb-B-seed1.jaeger.json'],
    ['Tasks (CSV)', 'exportTaskCsv', 'dual-lb-B-seed1.tasks.csv'],
    ['Metrics (CSV)', 'exportMetricsCsv', 'dual-lb-B-seed1.metrics.csv'],
    ['Redis logs', 'exportRedisLogs', 'dual-lb-B-seed1.redis.zip'],
  ] as const)('saves %s through %s as %s', async (label, exporter, name) => {
    renderMenu({ selectedTask: 'Task_101' })
    fireEvent.click(getButton())

    fireEvent.click(screen.getByRole('menuitem', { name: label }))

    await waitFor(() => expect(getSavedNames()).toEqual([name]))
    expect(EXPORTERS[exporter]).toHaveBeenCalledTimes(1)
    expect(vi.mocked(EXPORTERS[exporter]).mock.calls[0][0]).toEqual(
      exporter === 'exportRedisLogs' ? TRACE.events : TRACE,
    )
  })

  it('scopes the selected task’s diagram to the task', async () => {
    renderMenu({ selectedTask: 'Task_101' })
    fireEvent.click(getButton())

    fireEvent.click(screen.getByRole('menuitem', { name: 'Mermaid (selected task)' }))

    await waitFor(() => expect(getSavedNames()).toHaveLength(1))
    expect(exportMermaid).toHaveBeenCalledWith(TRACE, { task: 'Task_101' })
  })

  it('saves a bug report with the screenshot it is given', async () => {
    const getScreenshot = vi.fn(async () => PNG)
    renderMenu({ getScreenshot, getPlayheadMs: () => 18000 })
    fireEvent.click(getButton())

    fireEvent.click(screen.getByRole('menuitem', { name: 'Bug report' }))

    await waitFor(() => expect(getSavedNames()).toEqual(['dual-lb-B-seed1.bug-report.json']))
    expect(getScreenshot).toHaveBeenCalledTimes(1)
  })

  it('saves the topology as SVG from the view on screen', async () => {
    const region = document.createElement('section')
    region.setAttribute('aria-label', 'Topology')
    region.innerHTML = '<svg width="40" height="20"></svg>'
    document.body.append(region)
    const props = renderMenu()
    fireEvent.click(getButton())

    fireEvent.click(screen.getByRole('menuitem', { name: 'Topology (SVG)' }))

    await waitFor(() => expect(getSavedNames()).toEqual(['dual-lb-B-seed1.topology.svg']))
    expect(props.getTrace).not.toHaveBeenCalled()
    region.remove()
  })

  it('points a window opened in the click at mermaid.live', async () => {
    const popup = { opener: {}, location: { href: '' }, close: vi.fn() }
    const open = vi.fn(() => popup)
    vi.stubGlobal('open', open)
    renderMenu()
    fireEvent.click(getButton())

    fireEvent.click(screen.getByRole('menuitem', { name: 'Open in mermaid.live' }))

    await waitFor(() => expect(popup.location.href).toMatch(/^https:\/\/mermaid\.live\/edit#pako:/))
    expect(open).toHaveBeenCalledWith('', '_blank')
    expect(popup.opener).toBeNull()
    expect(popup.location.href).toBe(mermaidLiveUrl(exportMermaid(TRACE)))
    expect(downloadBlob).not.toHaveBeenCalled()
  })

  it('reports a failed export through onError and closes the waiting window', async () => {
    const popup = { opener: {}, location: { href: '' }, close: vi.fn() }
    vi.stubGlobal(
      'open',
      vi.fn(() => popup),
    )
    const onError = vi.fn()
    renderMenu({ getTrace: () => Promise.reject(new Error('the worker stopped')), onError })
    fireEvent.click(getButton())

    fireEvent.click(screen.getByRole('menuitem', { name: 'Open in mermaid.live' }))

    await waitFor(() => expect(onError).toHaveBeenCalledWith('Export failed: the worker stopped'))
    expect(popup.close).toHaveBeenCalled()
  })

  it('shows a failed export itself when it has no onError', async () => {
    renderMenu()
    fireEvent.click(getButton())

    fireEvent.click(screen.getByRole('menuitem', { name: 'Timeline (PNG)' }))

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Export failed: the Sequence timeline view is not on screen',
      ),
    )
    expect(downloadBlob).not.toHaveBeenCalled()
  })
})
