import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Frame } from '../../../src/protocol/messages'
import * as drawDenseVmsModule from './drawDenseVms'
import * as drawTopologyModule from './drawTopology'
import { makeFakeContext } from './fakeContext'
import { TopologyView } from './TopologyView'
import { makeFrame, makeTakeover, withVm } from './testFrames'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

function renderView(frame: Frame, selected: string | null = null) {
  const onSelect = vi.fn()
  const onActivate = vi.fn()
  const view = render(
    <TopologyView frame={frame} selected={selected} onSelect={onSelect} onActivate={onActivate} />,
  )
  const rerender = (next: Frame, nextSelected = selected) =>
    view.rerender(
      <TopologyView
        frame={next}
        selected={nextSelected}
        onSelect={onSelect}
        onActivate={onActivate}
      />,
    )
  return { onSelect, onActivate, rerender }
}

describe('TopologyView', () => {
  it('names every VM by id, zone and state, with data-state', () => {
    renderView(withVm(makeFrame(), 'VM_5', { tasks: ['Task_101', 'Task_102'] }))

    const vm = screen.getByRole('button', { name: /^VM_5, zone 1, ALIVE/ })

    expect(vm.getAttribute('aria-label')).toBe('VM_5, zone 1, ALIVE, 2 tasks')
    expect(vm.getAttribute('data-state')).toBe('ALIVE')
    expect(vm.getAttribute('data-testid')).toBe('zone.z1.vm.VM_5')
    expect(screen.getAllByRole('button', { name: /^VM_\d+, zone \d, / })).toHaveLength(16)
  })

  it('names every LB by id, zone, state and the zones it manages', () => {
    renderView(makeFrame())

    const lb = screen.getByRole('button', { name: /^LB1, zone 1, ACTIVE/ })

    expect(lb.getAttribute('aria-label')).toBe('LB1, zone 1, ACTIVE, manages zone 1')
    expect(lb.getAttribute('data-state')).toBe('ACTIVE')
    expect(screen.getByTestId('zone.z2.lb.LB2').getAttribute('data-state')).toBe('ACTIVE')
  })

  it.each([
    ['CRASHED', 'VM_5, zone 1, CRASHED'],
    ['DEAD', 'VM_5, zone 1, DEAD'],
    ['RESTARTING', 'VM_5, zone 1, RESTARTING'],
    ['BOOTING', 'VM_5, zone 1, BOOTING'],
  ] as const)('reports a %s VM in its name and data-state', (state, name) => {
    renderView(
      withVm(makeFrame(), 'VM_5', { state, bootProgress: state === 'RESTARTING' ? 0.5 : -1 }),
    )

    const vm = screen.getByRole('button', { name: new RegExp(`^${name}`) })

    expect(vm.getAttribute('data-state')).toBe(state)
  })

  it('shows zone 1 as managed by LB2 after a takeover', () => {
    renderView(makeTakeover(makeFrame()))

    expect(
      screen.getByRole('button', { name: /^LB1, zone 1, DEAD/ }).getAttribute('data-state'),
    ).toBe('DEAD')
    expect(
      screen.getByRole('button', { name: 'LB2, zone 2, ACTIVE, manages zones 1 and 2' }),
    ).toBeTruthy()
    const zone1 = screen.getByTestId('zone.z1')
    expect(zone1.getAttribute('data-owner')).toBe('LB2')
    expect(zone1.getAttribute('class')).toContain('zone-map__zone--taken-over')
    expect(screen.getByTestId('zone.z1.owner').textContent).toContain('managed by LB2')
  })

  it('activates a VM on click, Enter and Space', () => {
    const { onActivate } = renderView(makeFrame())
    const vm = screen.getByRole('button', { name: /^VM_5, / })

    fireEvent.click(vm)
    fireEvent.keyDown(vm, { key: 'Enter' })
    fireEvent.keyDown(vm, { key: ' ' })

    expect(onActivate.mock.calls).toEqual([['VM_5'], ['VM_5'], ['VM_5']])
  })

  it('activates an LB on click', () => {
    const { onActivate } = renderView(makeFrame())

    fireEvent.click(screen.getByRole('button', { name: /^LB2, / }))

    expect(onActivate).toHaveBeenCalledWith('LB2')
  })

  it('selects on focus, Shift+click and right-click without activating', () => {
    const { onSelect, onActivate } = renderView(makeFrame())
    const vm = screen.getByRole('button', { name: /^VM_3, / })
    const lb = screen.getByRole('button', { name: /^LB1, / })

    act(() => vm.focus())
    fireEvent.click(lb, { shiftKey: true })
    fireEvent.contextMenu(vm)

    expect(onSelect.mock.calls).toEqual([['VM_3'], ['LB1'], ['VM_3']])
    expect(onActivate).not.toHaveBeenCalled()
  })

  it('marks the selected entity without redrawing the static layer', () => {
    const frame = makeFrame()
    const { rerender } = renderView(frame)
    const spy = vi.spyOn(drawTopologyModule, 'drawTopology')

    rerender(frame, 'VM_101')

    expect(screen.getByTestId('zone.z2.vm.VM_101').getAttribute('data-selected')).toBe('true')
    expect(spy).not.toHaveBeenCalled()
  })

  it('keeps the same button elements across frames (keyed joins)', () => {
    const frame = makeFrame()
    const { rerender } = renderView(frame)
    const before = screen.getByTestId('zone.z1.vm.VM_5')

    rerender(withVm(frame, 'VM_5', { state: 'CRASHED' }))

    const after = screen.getByTestId('zone.z1.vm.VM_5')
    expect(after).toBe(before)
    expect(after.getAttribute('aria-label')).toBe('VM_5, zone 1, CRASHED, 0 tasks')
  })

  it('draws cards for 2 × 8 VMs and switches to dense cells for 16 × 64', () => {
    // jsdom has no canvas; the buttons are what this checks.
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    const { rerender } = renderView(makeFrame(2, 8))
    const region = screen.getByRole('region', { name: 'Topology' })
    expect(region.getAttribute('data-mode')).toBe('cards')
    expect(region.querySelectorAll('.zone-map__vm')).toHaveLength(16)

    rerender(makeFrame(16, 64))

    expect(region.getAttribute('data-mode')).toBe('dense')
    expect(region.querySelectorAll('.zone-map__vm')).toHaveLength(0)
    expect(
      within(region).getAllByRole('button', { name: /^VM_\d+, zone \d+, ALIVE/ }),
    ).toHaveLength(1024)
    expect(within(region).getByRole('button', { name: /^VM_1564, zone 16, ALIVE/ })).toBeTruthy()
  })

  it('repaints only the changed cells per frame, none on selection, all on a theme change', async () => {
    const { ctx } = makeFakeContext(document.createElement('canvas'))
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never)
    const paint = vi.spyOn(drawDenseVmsModule, 'drawDenseVms')
    const frame = makeFrame(16, 64)
    const { rerender } = renderView(frame)
    const crashed = withVm(frame, 'VM_1564', { state: 'CRASHED' })

    rerender(crashed)
    rerender(crashed, 'VM_1')
    await act(async () => document.documentElement.setAttribute('data-theme', 'dark'))

    document.documentElement.removeAttribute('data-theme')
    expect(paint.mock.results.map((r) => r.value)).toEqual([1024, 1, 1024])
  })

  it('draws the heartbeat ring and the boot bar of a restarting VM', () => {
    renderView(withVm(makeFrame(), 'VM_5', { state: 'RESTARTING', bootProgress: 0.5 }))

    const card = screen.getByTestId('zone.z1.card.VM_5')

    expect(card.querySelector('.zone-map__boot')?.getAttribute('display')).toBeNull()
    expect(card.querySelector('.zone-map__boot-label')?.textContent).toBe('Restarting 50%')
    expect(card.querySelector('.zone-map__bar--mips')?.getAttribute('display')).toBe('none')
  })

  it('starts no message dots when reduced motion is asked for', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    vi.stubGlobal('matchMedia', (query: string) => ({
      matches: query.includes('reduced-motion'),
      addEventListener() {},
      removeEventListener() {},
    }))
    const newEvents: Frame['newEvents'] = [
      { seq: 1, t: 0, type: 'message', from: 'LB1', to: 'VM_5', label: 'Send Task', kind: 'call' },
    ]

    renderView(makeFrame(2, 8, { newEvents, playing: true }))

    expect(screen.getByTestId('topology.flights').dataset.flights).toBe('0')
    vi.unstubAllGlobals()
  })

  it('sends a dot along a new message otherwise, on an aria-hidden canvas', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    const newEvents: Frame['newEvents'] = [
      { seq: 1, t: 0, type: 'message', from: 'LB1', to: 'VM_5', label: 'Send Task', kind: 'call' },
    ]

    renderView(makeFrame(2, 8, { newEvents }))

    const flights = screen.getByTestId('topology.flights')
    const stage = flights.parentElement as HTMLElement
    expect(flights.tagName).toBe('CANVAS')
    expect(flights.getAttribute('aria-hidden')).toBe('true')
    // Sized in CSS px like the stage, so an export lays it over the drawing at any pixel ratio.
    expect([flights.style.width, flights.style.height]).toEqual([
      stage.style.width,
      stage.style.height,
    ])
    expect(flights.dataset.flights).toBe('1')
  })

  it('sends no dots for a seek (many events in a paused frame), but does while playing', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    const newEvents: Frame['newEvents'] = Array.from({ length: 200 }, (_, i) => ({
      seq: i + 1,
      t: i,
      type: 'message' as const,
      from: 'LB1',
      to: 'VM_5',
      label: 'Check Last Heartbeat Timestamp',
      kind: 'call' as const,
    }))
    const view = renderView(makeFrame(2, 8, { newEvents, playing: false }))
    const flights = screen.getByTestId('topology.flights')

    const paused = flights.dataset.flights
    view.rerender(makeFrame(2, 8, { newEvents, playing: true }))

    expect(paused).toBe('0')
    expect(flights.dataset.flights).toBe('12')
  })

  it('drops the dots of a reset frame and of an unmounted view', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null)
    const cancel = vi.spyOn(window, 'cancelAnimationFrame')
    const newEvents: Frame['newEvents'] = [
      { seq: 1, t: 0, type: 'message', from: 'LB1', to: 'VM_5', label: 'Send Task', kind: 'call' },
    ]
    const view = renderView(makeFrame(2, 8, { newEvents, playing: true }))
    const flights = screen.getByTestId('topology.flights')
    const playing = flights.dataset.flights

    view.rerender(makeFrame(2, 8, { newEvents, playing: true, reset: true }))
    const reset = flights.dataset.flights
    view.rerender(makeFrame(2, 8, { newEvents, playing: true }))
    cleanup()

    expect([playing, reset]).toEqual(['1', '0'])
    expect(flights.dataset.flights).toBe('0')
    expect(cancel).toHaveBeenCalledTimes(2)
  })
})
