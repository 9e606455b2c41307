import { memo, useMemo } from 'react'
import { lbMachine } from '../../../src/machines/lbMachine'
import { vmMachine } from '../../../src/machines/vmMachine'
import type { Frame, LbFrame, TaskFrame, VmFrame } from '../../../src/protocol/messages'
import type { StateEvent, TraceEvent } from '../../../src/trace/types'
import { inspectTask, seekToSeq } from '../../controller'
import { formatCount, formatSimTime } from '../../lib/format'
import { useSimStore } from '../../store/simStore'
import { selectEntity, useUiStore } from '../../store/uiStore'
import { getEndIndex } from '../caches/cacheHistory'
import { getMachineOutline, type OutlineState } from './machineOutline'

const VM_OUTLINE = getMachineOutline(vmMachine.config)
const LB_OUTLINE = getMachineOutline(lbMachine.config)
const HISTORY_LIMIT = 12

/** Why a task went where it went; what state a VM or LB is in and how it got there. */
export function WhyPanel() {
  const frame = useSimStore((s) => s.frame)
  const selected = useUiStore((s) => s.selected)
  const selectedTask = useUiStore((s) => s.selectedTask)
  if (!frame) return null
  return (
    <div className="why">
      <InspectPicker frame={frame} selected={selected} />
      {selected ? (
        <EntityWhy frame={frame} id={selected} />
      ) : selectedTask ? (
        <TaskWhy frame={frame} id={selectedTask} />
      ) : (
        <p className="muted why__hint">
          Pick a VM or LB under Inspect (or focus one with Tab) to see its state machine, or click a
          task id to see why its VM won. Clicking a VM or LB in the topology crashes it.
        </p>
      )}
    </div>
  )
}

function InspectPicker({ frame, selected }: { frame: Frame; selected: string | null }) {
  // The option lists change only with the topology; rebuilding them every frame shows in profiles.
  const lbKey = frame.lbs.map((l) => l.id).join(' ')
  const vmKey = frame.vms.map((v) => `${v.id}:${v.zone}`).join(' ')
  return <InspectSelect lbKey={lbKey} vmKey={vmKey} selected={selected} />
}

const InspectSelect = memo(function InspectSelect(props: {
  lbKey: string
  vmKey: string
  selected: string | null
}) {
  const { lbKey, vmKey, selected } = props
  const lbs = lbKey ? lbKey.split(' ') : []
  const vms = vmKey ? vmKey.split(' ').map((v) => v.split(':')) : []
  return (
    <label className="why__inspect">
      <span>Inspect</span>
      <select value={selected ?? ''} onChange={(e) => selectEntity(e.currentTarget.value || null)}>
        <option value="">Nothing</option>
        <optgroup label="Load balancers">
          {lbs.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </optgroup>
        <optgroup label="VMs">
          {vms.map(([id, zone]) => (
            <option key={id} value={id}>
              {id} (zone {zone})
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  )
})

function TaskWhy({ frame, id }: { frame: Frame; id: string }) {
  const task = frame.tasks.find((t) => t.id === id)
  if (!task) return <p className="muted">{id} is not among the tasks this frame holds.</p>
  return (
    <section className="why__task" aria-label={`Why ${task.id}`}>
      <h3>
        {task.id} <span className={`badge badge--${task.state.toLowerCase()}`}>{task.state}</span>
      </h3>
      <p className="why__facts">
        {task.type}, {formatCount(task.lengthMi)} MI · LB {task.lb ?? '—'} · VM {task.vm ?? '—'} ·
        attempt {task.attempts}
        {task.reason && ` · ${task.reason}`}
      </p>
      <DecisionTable task={task} policy={frame.policy} />
    </section>
  )
}

function DecisionTable({ task, policy }: { task: TaskFrame; policy: string }) {
  const decision = task.decision
  if (!decision || decision.length === 0) {
    return (
      <p className="muted">
        {task.state === 'SUBMITTED' || task.attempts === 0
          ? 'No scheduling decision yet.'
          : `The ${policy} policy does not report candidate scores.`}
      </p>
    )
  }
  const winner = decision.find((c) => c.vm === task.vm)?.vm ?? decision[0].vm
  return (
    <table className="data-table why__decision">
      <caption>
        SBDLB candidates: score = available MIPS + RAM (MB) + BW (Mbps); the highest wins.
      </caption>
      <thead>
        <tr>
          <th scope="col">VM</th>
          <th scope="col">MIPS</th>
          <th scope="col">RAM</th>
          <th scope="col">BW</th>
          <th scope="col">Score</th>
        </tr>
      </thead>
      <tbody>
        {decision.map((c) => (
          <tr key={c.vm} className={c.vm === winner ? 'is-winner' : undefined}>
            <th scope="row">
              {c.vm}
              {c.vm === winner && <span className="badge badge--winner">winner</span>}
            </th>
            <td>{formatCount(c.availMips)}</td>
            <td>{formatCount(c.availRamMb)}</td>
            <td>{formatCount(c.availBwMbps)}</td>
            <td>{formatCount(c.score)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function EntityWhy({ frame, id }: { frame: Frame; id: string }) {
  const vm = frame.vms.find((v) => v.id === id)
  const lb = frame.lbs.find((l) => l.id === id)
  const events = useSimStore((s) => s.events)
  const version = useSimStore((s) => s.eventsVersion)
  const playhead = frame.playheadSeq
  // biome-ignore lint/correctness/useExhaustiveDependencies: `events` grows in place; version says when
  const history = useMemo(
    () => getStateHistory(events, playhead, id),
    [events, version, playhead, id],
  )
  if (!vm && !lb) return <p className="muted">{id} is not in this run.</p>
  const outline = vm ? VM_OUTLINE : LB_OUTLINE
  const current = vm ? vm.state.toLowerCase() : (lb as LbFrame).state.toLowerCase()
  const detail = vm ? vm.detail : (lb as LbFrame).detail
  return (
    <section className="why__entity" aria-label={`Why ${id}`}>
      <h3>
        {id}{' '}
        <span className={`badge badge--${current}`}>{vm ? vm.state : (lb as LbFrame).state}</span>
      </h3>
      {vm ? <VmFacts vm={vm} frame={frame} /> : <LbFacts lb={lb as LbFrame} frame={frame} />}
      <MachineView outline={outline} current={current} detail={detail} />
      <h4>Recent history</h4>
      {history.length === 0 ? (
        <p className="muted">No state changes yet.</p>
      ) : (
        <ol className="why__history" aria-label={`History of ${id}`}>
          {history.map((e) => (
            <li key={e.seq}>
              <button type="button" className="link-row" onClick={() => seekToSeq(e.seq)}>
                <span className="why__history-time">{formatSimTime(e.t)}</span>
                <span>
                  {e.from} → <strong>{e.to}</strong>
                  {e.detail && <span className="muted"> ({e.detail})</span>}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

function VmFacts({ vm, frame }: { vm: VmFrame; frame: Frame }) {
  const owner = frame.zoneOwners.find((z) => z.zone === vm.zone)?.owner ?? '—'
  const hb = Number.isFinite(vm.sinceHeartbeatMs) ? formatSimTime(vm.sinceHeartbeatMs) : 'never'
  return (
    <dl className="facts">
      <dt>Zone</dt>
      <dd>
        {vm.zone} (managed by {owner})
      </dd>
      <dt>Size</dt>
      <dd>
        {vm.pes} PE · {formatCount(vm.mips)} MIPS · {formatCount(vm.ramMb)} MB ·{' '}
        {formatCount(vm.bwMbps)} Mbps
      </dd>
      <dt>In use</dt>
      <dd>
        MIPS {Math.round(vm.mipsUse * 100)}% · RAM {Math.round(vm.ramUse * 100)}% · BW{' '}
        {Math.round(vm.bwUse * 100)}%
      </dd>
      <dt>L2 status</dt>
      <dd>
        {vm.l2Status}
        {vm.inPool ? ' · in pool' : ' · out of pool'}
      </dd>
      <dt>Heartbeat</dt>
      <dd>
        {hb} ago (dead after {formatSimTime(frame.timings.vmTimeoutMs)})
      </dd>
      <dt>Tasks</dt>
      <dd>
        {vm.tasks.length === 0
          ? 'none'
          : vm.tasks.map((t) => (
              <button key={t} type="button" className="task-link" onClick={() => inspectTask(t)}>
                {t}
              </button>
            ))}
      </dd>
    </dl>
  )
}

function LbFacts({ lb, frame }: { lb: LbFrame; frame: Frame }) {
  const owned = frame.zoneOwners.filter((z) => z.owner === lb.id).map((z) => z.zone)
  return (
    <dl className="facts">
      <dt>Home zone</dt>
      <dd>{lb.homeZone}</dd>
      <dt>Manages</dt>
      <dd>{owned.length ? owned.map((z) => `zone ${z}`).join(', ') : 'no zone'}</dd>
      <dt>Queues</dt>
      <dd>
        high {lb.queued[0]} · medium {lb.queued[1]} · low {lb.queued[2]} · overflow {lb.overflow}
      </dd>
      <dt>L1 status</dt>
      <dd>{lb.l1Status}</dd>
      <dt>Heartbeat</dt>
      <dd>
        {formatSimTime(lb.sinceHeartbeatMs)} ago (dead after{' '}
        {formatSimTime(frame.timings.lbTimeoutMs)})
      </dd>
    </dl>
  )
}

function MachineView(props: { outline: OutlineState[]; current: string; detail: string }) {
  const { outline, current, detail } = props
  return (
    <>
      <h4>State machine</h4>
      <ol className="machine" aria-label="State machine">
        {outline.map((s) => {
          const on = s.name === current
          return (
            <li
              key={s.name}
              className={`machine__state${on ? ' machine__state--current' : ''}`}
              aria-current={on ? 'step' : undefined}
            >
              <span className="machine__name">
                {s.name}
                {on && <span className="visually-hidden"> (current)</span>}
              </span>
              {s.children.length > 0 && (
                <span className="machine__children">
                  {s.children.map((c) => (
                    <span
                      key={c}
                      className={`machine__child${on && c === detail ? ' machine__child--current' : ''}`}
                    >
                      {c}
                    </span>
                  ))}
                </span>
              )}
              <span className="machine__transitions">
                {s.transitions.map((t) => (
                  <span key={`${t.on}-${t.to}`}>
                    {t.on} → {t.to}
                  </span>
                ))}
              </span>
            </li>
          )
        })}
      </ol>
    </>
  )
}

/** The entity's state events before the playhead, newest first. */
export function getStateHistory(
  events: readonly TraceEvent[],
  playheadSeq: number,
  id: string,
  limit = HISTORY_LIMIT,
): StateEvent[] {
  const out: StateEvent[] = []
  for (let i = getEndIndex(events, playheadSeq) - 1; i >= 0 && out.length < limit; i--) {
    const e = events[i]
    if (e.type === 'state' && e.entity === id) out.push(e)
  }
  return out
}
