import { describe, expect, it } from 'vitest'
import { createDecisionLog, DECISIONS_KEPT, findDecision, recordDecision } from './decisions'
import type { VmRecord } from './world'

function makeVms(n: number): VmRecord[] {
  return Array.from(
    { length: n },
    (_, index) =>
      ({
        index,
        id: `VM_${index + 1}`,
        availMips: 1000 * (index + 1),
        availRamMb: 512 * (index + 1),
        availBwMbps: 100,
      }) as VmRecord,
  )
}

describe('decision log', () => {
  it('gives back a decision’s candidates with their VM ids, best first', () => {
    const vms = makeVms(3)
    const log = createDecisionLog()

    recordDecision(log, 7, [vms[2], vms[0]], [3.5, 1.25])

    expect(findDecision(log, 7, vms)).toEqual([
      { vm: 'VM_3', availMips: 3000, availRamMb: 1536, availBwMbps: 100, score: 3.5 },
      { vm: 'VM_1', availMips: 1000, availRamMb: 512, availBwMbps: 100, score: 1.25 },
    ])
    expect(findDecision(log, 8, vms)).toBeUndefined()
  })

  it('returns a task’s latest decision when it was decided again', () => {
    const vms = makeVms(2)
    const log = createDecisionLog()
    recordDecision(log, 1, [vms[0]], [1])
    recordDecision(log, 2, [vms[1]], [2])

    recordDecision(log, 1, [vms[1]], [9])

    expect(findDecision(log, 1, vms)?.map((d) => [d.vm, d.score])).toEqual([['VM_2', 9]])
  })

  it('keeps the newest decisions once the ring is full', () => {
    const vms = makeVms(1)
    const log = createDecisionLog()

    for (let task = 0; task < DECISIONS_KEPT + 10; task++) recordDecision(log, task, vms, [task])

    expect(findDecision(log, 9, vms)).toBeUndefined()
    expect(findDecision(log, 10, vms)?.[0].score).toBe(10)
    expect(findDecision(log, DECISIONS_KEPT + 9, vms)?.[0].score).toBe(DECISIONS_KEPT + 9)
  })

  it('survives a structured clone (checkpoints) unchanged', () => {
    const vms = makeVms(2)
    const log = createDecisionLog()
    recordDecision(log, 4, [vms[1], vms[0]], [2, 1])

    const copy = structuredClone(log)

    expect(findDecision(copy, 4, vms)).toEqual(findDecision(log, 4, vms))
  })
})
