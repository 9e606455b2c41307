import { memo } from 'react'
import type { TaskFrame } from '../../../src/protocol/messages'
import { inspectTask } from '../../controller'
import { formatCount } from '../../lib/format'
import { useSimStore } from '../../store/simStore'
import { setTaskFilter, useUiStore } from '../../store/uiStore'

const SHOWN = 200

/** The run's tasks, newest first; a task id opens its SBDLB decision in the Why panel. */
export function TaskTable() {
  const tasks = useSimStore((s) => s.frame?.tasks)
  const selected = useUiStore((s) => s.selectedTask)
  if (!tasks) return null
  const shown = tasks.slice(-SHOWN).reverse()
  return (
    <div className="tasks">
      {tasks.length === 0 ? (
        <p className="muted">No task has arrived yet.</p>
      ) : (
        <table className="data-table tasks__table">
          <caption className="visually-hidden">Tasks, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Type</th>
              <th scope="col">MI</th>
              <th scope="col">State</th>
              <th scope="col">LB</th>
              <th scope="col">VM</th>
              <th scope="col" title="Attempts">
                Try
              </th>
              <th scope="col" title="Finished at (simulated time)">
                Done
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => (
              <TaskRow key={t.id} task={t} selected={t.id === selected} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function isSameTask(a: TaskFrame, b: TaskFrame): boolean {
  return (
    a.state === b.state &&
    a.vm === b.vm &&
    a.lb === b.lb &&
    a.attempts === b.attempts &&
    a.finishMs === b.finishMs
  )
}

const TaskRow = memo(
  function TaskRow({ task, selected }: { task: TaskFrame; selected: boolean }) {
    return (
      <tr className={selected ? 'is-selected' : undefined}>
        <th scope="row">
          <button
            type="button"
            className="task-link"
            aria-pressed={selected}
            onClick={() => {
              inspectTask(task.id)
              setTaskFilter(null)
            }}
          >
            {task.id}
          </button>
        </th>
        <td>{task.type}</td>
        <td className="num" title={`${formatCount(task.lengthMi)} MI`}>
          {formatMi(task.lengthMi)}
        </td>
        <td>
          <span className={`badge badge--${task.state.toLowerCase()}`}>{task.state}</span>
        </td>
        <td>{task.lb ?? '—'}</td>
        <td>{task.vm ?? '—'}</td>
        <td className="num">{task.attempts}</td>
        <td className="num">
          {task.state === 'FINISHED' ? `${(task.finishMs / 1000).toFixed(1)} s` : '—'}
        </td>
      </tr>
    )
  },
  (a, b) => a.selected === b.selected && isSameTask(a.task, b.task),
)

/** `1.2M`, `300k` or `2,500` MI: the side panel is narrow. */
export function formatMi(mi: number): string {
  if (mi >= 1_000_000) return `${Number((mi / 1_000_000).toFixed(1))}M`
  return mi >= 10_000 ? `${formatCount(mi / 1000)}k` : formatCount(mi)
}
