import { useState } from 'react'
import { scheduleFault, seekTo } from '../../controller'
import { formatSimTime } from '../../lib/format'
import { useSimStore } from '../../store/simStore'

/** "Crash <target> at <seconds>": faults scheduled ahead, and every fault of the run. */
export function FaultPanel() {
  const frame = useSimStore((s) => s.frame)
  const [target, setTarget] = useState('VM_5')
  const [action, setAction] = useState<'crash' | 'restart'>('crash')
  const [atText, setAtText] = useState('20')
  if (!frame) return null
  const atSeconds = Number(atText)
  const valid = atText.trim() !== '' && Number.isFinite(atSeconds) && atSeconds >= 0
  const isVm = target.startsWith('VM_')
  return (
    <div className="faults">
      <form
        className="faults__form"
        aria-label="Schedule a fault"
        onSubmit={(e) => {
          e.preventDefault()
          if (valid) scheduleFault(target, isVm ? 'crash' : action, Math.round(atSeconds * 1000))
        }}
      >
        <label>
          <span>Action</span>
          <select
            value={isVm ? 'crash' : action}
            onChange={(e) => setAction(e.currentTarget.value as 'crash' | 'restart')}
          >
            <option value="crash">crash</option>
            <option value="restart" disabled={isVm}>
              restart
            </option>
          </select>
        </label>
        <label>
          <span>Target</span>
          <select value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            {frame.lbs.map((lb) => (
              <option key={lb.id} value={lb.id}>
                {lb.id}
              </option>
            ))}
            {frame.vms.map((vm) => (
              <option key={vm.id} value={vm.id}>
                {vm.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>At (s)</span>
          <input
            type="number"
            min={0}
            step={0.1}
            value={atText}
            aria-invalid={!valid}
            onChange={(e) => setAtText(e.currentTarget.value)}
          />
        </label>
        <button type="submit" className="btn btn--primary" disabled={!valid}>
          Schedule
        </button>
      </form>
      <p className="muted faults__note">
        A time already past runs the fault now. A VM is restarted by its LB, never by hand.
      </p>
      <h3 className="faults__title">Faults of this run</h3>
      {frame.faults.length === 0 ? (
        <p className="muted">None yet. Click a VM or LB in the topology to crash it.</p>
      ) : (
        <ul className="faults__list">
          {frame.faults.map((f) => (
            <li key={`${f.source}-${f.atMs}-${f.target}-${f.action}`}>
              <button type="button" className="link-row" onClick={() => seekTo(f.atMs)}>
                <span className="faults__time">{formatSimTime(f.atMs)}</span>
                <span className={`badge badge--${f.action}`}>{f.action}</span>
                <span>{f.target}</span>
                <span className="muted">{f.source === 'user' ? 'by you' : 'scenario'}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
