import { useEffect, useState } from 'react'
import { back, changeSpeed, pause, play, seekTo, step } from '../../controller'
import { formatSimTime, formatSpeed } from '../../lib/format'
import { getSliderValue, getSpeedFromSlider } from '../../lib/speed'
import { useSimStore } from '../../store/simStore'
import { useUiStore } from '../../store/uiStore'
import { Icon } from './Icon'

/** Back, Play/Pause, Step, the speed slider, the simulation time and the scrubber. */
export function TransportBar() {
  const playing = useSimStore((s) => s.frame?.playing ?? false)
  const loaded = useSimStore((s) => s.frame !== null)
  const speed = useUiStore((s) => s.speed)
  return (
    <div className="transport" role="toolbar" aria-label="Transport">
      <div className="transport__buttons">
        <button
          type="button"
          className="btn"
          onClick={(e) => back(e.shiftKey ? 'event' : 'message')}
          disabled={!loaded}
          title="Back one message (←); Shift: one engine event"
        >
          <Icon name="back" />
          Back
        </button>
        <button
          type="button"
          className="btn btn--primary transport__play"
          onClick={() => (playing ? pause() : play())}
          disabled={!loaded}
          title="Play or pause (Space)"
        >
          <Icon name={playing ? 'pause' : 'play'} />
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="btn"
          onClick={(e) => step(e.shiftKey ? 'event' : 'message')}
          disabled={!loaded}
          title="Step one message (→); Shift: one engine event"
        >
          Step
          <Icon name="step" />
        </button>
      </div>
      <label className="transport__speed">
        <span>Speed</span>
        <input
          type="range"
          min={-1}
          max={3}
          step={0.05}
          aria-label="Speed"
          value={getSliderValue(speed)}
          aria-valuetext={formatSpeed(speed)}
          onChange={(e) => changeSpeed(getSpeedFromSlider(Number(e.currentTarget.value)))}
        />
        <output className="transport__speed-value" aria-hidden="true">
          {formatSpeed(speed)}
        </output>
      </label>
      <SimTime />
      <Scrubber />
    </div>
  )
}

function SimTime() {
  const time = useSimStore((s) => s.frame?.simTimeMs ?? 0)
  return (
    <div className="transport__time">
      <span className="transport__time-label" aria-hidden="true">
        t =
      </span>
      <span role="timer" aria-label="Simulation time" className="transport__time-value">
        {formatSimTime(time)}
      </span>
    </div>
  )
}

function Scrubber() {
  const time = useSimStore((s) => s.frame?.simTimeMs ?? 0)
  const horizon = useSimStore((s) => s.frame?.horizonMs ?? 0)
  const faults = useSimStore((s) => s.frame?.faults)
  const [dragging, setDragging] = useState<number | null>(null)
  useEffect(() => {
    if (dragging === null) return
    const end = () => setDragging(null)
    window.addEventListener('pointerup', end)
    return () => window.removeEventListener('pointerup', end)
  }, [dragging])
  const max = Math.max(horizon, time, 1)
  const value = dragging ?? time
  return (
    <div className="scrubber">
      <input
        type="range"
        className="scrubber__input"
        aria-label="Seek"
        aria-valuetext={formatSimTime(value)}
        min={0}
        max={max}
        step={1}
        value={value}
        onChange={(e) => {
          const t = Number(e.currentTarget.value)
          setDragging(t)
          seekTo(t)
        }}
        onKeyUp={() => setDragging(null)}
        onBlur={() => setDragging(null)}
      />
      <div className="scrubber__marks" aria-hidden="true">
        {faults
          ?.filter((f) => f.atMs <= max)
          .map((f) => (
            <span
              key={`${f.source}-${f.atMs}-${f.target}-${f.action}`}
              className={`scrubber__mark scrubber__mark--${f.action}`}
              style={{ left: `${Math.min(100, (f.atMs / max) * 100)}%` }}
              title={`${f.action} ${f.target} at ${formatSimTime(f.atMs)}`}
            />
          ))}
      </div>
      <span className="scrubber__extent">{formatSimTime(max)}</span>
    </div>
  )
}
