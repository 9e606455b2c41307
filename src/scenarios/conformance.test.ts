import { describe, expect, it } from 'vitest'
import { containsInOrder, getArrows, getEvents, runScenario } from '../testing/runScenario'

// The seed's three diagrams, arrow by arrow, with real ids substituted (SPEC §6). The run's
// messages among the diagram's participants must contain them in this order.
const DIAGRAM_A = [
  'Dispatcher->LB1: Submit Task Payload',
  'LB1->L1: Update Task Meta (Status: QUEUED)',
  'LB1->LB1: Retrieve Active VMs from Local Registry',
  'LB1->VM_5: Query Real-Time Stats (MIPS, RAM, BW)',
  'VM_5->LB1: Return Current Resource Usage',
  'LB1->LB1: Calculate Score & Select Best VM',
  'LB1->VM_5: Send Task for Execution',
  'LB1->L2_Z1: Update Task Mapping (Status: RUNNING)',
  'VM_5->L2_Z1: Update Task Status (FINISHED)',
  'VM_5->LB1: Notify Completion',
]

const DIAGRAM_B = [
  'VM_5->L2_Z1: Send Heartbeat (Every 5s)',
  'LB1->L2_Z1: Check Last Heartbeat Timestamp',
  'LB1->LB1: Detect Timeout (>10s)',
  'LB1->L2_Z1: Mark VM Status as DEAD',
  'LB1->L2_Z1: Retrieve All RUNNING Tasks on VM_5',
  'L2_Z1->LB1: Return Task List (Task_101)',
  'LB1->LB1: Move Task_101 to High Priority Queue',
  'LB1->VM_5: Trigger Restart Command',
  'LB1->L2_Z1: Update VM Status (RESTARTING)',
  'VM_5->L2_Z1: Send First Heartbeat (Status: ALIVE)',
]

const DIAGRAM_C = [
  'LB1->L1: Send Heartbeat',
  'LB2->L1: Check LB1 Heartbeat',
  'LB2->LB2: Detect Timeout (>10s)',
  'LB2->L1: Request Zone 1 Configuration',
  'L1->LB2: Return Zone 1 L2 Cache Details',
  'LB2->L2_Z1: Connect to Zone 1 Cache',
  'LB2->L2_Z1: Retrieve Zone 1 Active VM List',
  'L2_Z1->LB2: Return VM IDs & Access Info',
  'LB2->LB2: Merge Zone 1 VMs into Local Registry',
  "LB2->L1: Retrieve LB1's QUEUED Tasks",
  'LB2->LB2: Add Tasks to Scheduling Queue (Task_101, Task_102, Task_103)',
  'LB2->VM_5: Query Real-Time Stats (Direct Cross-Zone)',
  'VM_5->LB2: Return Stats',
  'LB2->VM_5: Send Task Payload',
]

describe('scenario conformance with the seed diagrams', () => {
  it('scenario A contains diagram A in order', () => {
    const sim = runScenario('A')

    const arrows = getArrows(sim, ['Dispatcher', 'LB1', 'L1', 'L2_Z1', 'VM_5'])

    expect(containsInOrder(arrows, DIAGRAM_A)).toBe(DIAGRAM_A.length)
  })

  it('scenario B contains diagram B in order', () => {
    const sim = runScenario('B')

    const arrows = getArrows(sim, ['VM_5', 'LB1', 'L2_Z1'])

    expect(containsInOrder(arrows, DIAGRAM_B)).toBe(DIAGRAM_B.length)
  })

  it('scenario C contains diagram C in order', () => {
    const sim = runScenario('C')

    const arrows = getArrows(sim, ['LB1', 'LB2', 'L1', 'L2_Z1', 'VM_5'])

    expect(containsInOrder(arrows, DIAGRAM_C)).toBe(DIAGRAM_C.length)
  })

  it('scenario A picks VM_5 with the highest SBDLB score', () => {
    const sim = runScenario('A')

    const scoreNote = getEvents(sim).find((e) => e.type === 'note' && e.text.startsWith('SBDLB'))

    // VM_5 is the only large VM of zone 1: 4 × 10,000 MIPS + 8,192 MB + 1,000 Mbps = 49,192.
    expect(scoreNote && scoreNote.type === 'note' && scoreNote.text).toContain(
      'VM_5 wins; VM_5 49,192',
    )
  })

  it('scenario B rescues Task_101 to another VM where it finishes', () => {
    const sim = runScenario('B')

    const task = sim.world.tasks[0]

    expect(task.state).toBe('FINISHED')
    expect(sim.world.vms[task.vm].id).not.toBe('VM_5')
    expect(sim.world.counters.rescued).toBe(1)
  })

  it('scenario C moves zone 1 to LB2 and runs all recovered tasks', () => {
    const sim = runScenario('C')

    expect(sim.world.lbs[sim.world.zoneOwner[0]].id).toBe('LB2')
    expect(sim.world.counters.finished).toBe(4)
    expect(sim.world.counters.resubmitted).toBe(1)
  })

  it('scenario D lets idle LB2 steal from LB1 overflow', () => {
    const sim = runScenario('D')

    const stolenRuns = sim.world.tasks.filter((t) => t.stolen && sim.world.vms[t.vm].zone === 2)

    expect(sim.world.counters.stolen).toBeGreaterThan(0)
    expect(stolenRuns.length).toBeGreaterThan(0)
    expect(sim.world.counters.finished).toBe(8)
  })
})
