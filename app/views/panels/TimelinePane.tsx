import { useMemo, useState } from 'react'
import { seekToSeq } from '../../controller'
import { formatCount } from '../../lib/format'
import { useSimStore } from '../../store/simStore'
import { setParticipantFilter, setTaskFilter, useUiStore } from '../../store/uiStore'
import { SequenceTimeline } from '../timeline/SequenceTimeline'

/** The sequence timeline with its task and participant filters. */
export function TimelinePane() {
  const events = useSimStore((s) => s.events)
  // `events` grows in place: the version re-renders the timeline when it does.
  useSimStore((s) => s.eventsVersion)
  const playhead = useSimStore((s) => s.frame?.playheadSeq ?? 0)
  const traceLength = useSimStore((s) => s.frame?.traceLength ?? 0)
  const taskFilter = useUiStore((s) => s.taskFilter)
  const participantFilter = useUiStore((s) => s.participantFilter)
  return (
    <div className="timeline-pane">
      <div className="timeline-pane__bar">
        <h2 className="pane-title">Sequence</h2>
        <Filters taskFilter={taskFilter} participantFilter={participantFilter} />
        <span className="timeline-pane__count muted">
          {formatCount(playhead)} / {formatCount(traceLength)} events
        </span>
      </div>
      <div className="timeline-pane__body">
        <SequenceTimeline
          events={events}
          playheadSeq={playhead}
          taskFilter={taskFilter}
          participantFilter={participantFilter}
          onSeek={(seq) => seekToSeq(seq)}
        />
      </div>
    </div>
  )
}

function Filters(props: { taskFilter: string | null; participantFilter: string | null }) {
  // Keys as text: the lists change only when a task arrives (selectors return primitives).
  const lbKey = useSimStore((s) => (s.frame?.lbs ?? []).map((l) => l.id).join(' '))
  const vmKey = useSimStore((s) => (s.frame?.vms ?? []).map((v) => v.id).join(' '))
  const zoneCount = useSimStore((s) => s.frame?.zoneCount ?? 0)
  const participants = useMemo(() => {
    const l2 = Array.from({ length: zoneCount }, (_, i) => `L2_Z${i + 1}`)
    const lbs = lbKey ? lbKey.split(' ') : []
    const vms = vmKey ? vmKey.split(' ') : []
    return ['Dispatcher', ...lbs, 'L1', ...l2, ...vms]
  }, [zoneCount, lbKey, vmKey])
  return (
    <div className="timeline-pane__filters">
      <TaskFilter taskFilter={props.taskFilter} />
      <label>
        <span>Participant</span>
        <select
          aria-label="Filter by participant"
          value={props.participantFilter ?? ''}
          onChange={(e) => setParticipantFilter(e.currentTarget.value || null)}
        >
          <option value="">Everyone</option>
          {participants.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}

/**
 * The task filter. A task arrives with nearly every frame while playing, so the options are only
 * listed while the control has focus (or the pointer on it); otherwise it holds the chosen one.
 */
function TaskFilter({ taskFilter }: { taskFilter: string | null }) {
  const [active, setActive] = useState(false)
  const taskKey = useSimStore((s) =>
    active ? (s.frame?.tasks ?? []).map((t) => t.id).join(' ') : '',
  )
  const options = useMemo(() => {
    const ids = taskKey ? taskKey.split(' ') : []
    return taskFilter && !ids.includes(taskFilter) ? [taskFilter, ...ids] : ids
  }, [taskKey, taskFilter])
  return (
    <label>
      <span>Task</span>
      <select
        aria-label="Filter by task"
        value={taskFilter ?? ''}
        onFocus={() => setActive(true)}
        onPointerDown={() => setActive(true)}
        onBlur={() => setActive(false)}
        onChange={(e) => setTaskFilter(e.currentTarget.value || null)}
      >
        <option value="">All tasks</option>
        {options.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  )
}
