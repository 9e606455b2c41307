// What happens in each phase of the trace and why: the guided mode's captions, one per PHASES entry.

import type { PHASES } from '../../../src/trace/types'

export type Phase = (typeof PHASES)[number]

export const PHASE_CAPTIONS: Record<Phase, string> = {
  'Normal Operation':
    'Every VM writes a heartbeat into its zone’s L2 cache every 5 s, and every LB writes one into L1. ' +
    'Each LB reads them every 3 s: that is how a failure gets noticed.',
  'Submission Phase':
    'The global dispatcher hands a task to the load balancer of its zone. The LB marks it QUEUED in ' +
    'Redis L1 and adds it to its Queued set, so a peer could recover it if this LB died.',
  'Scheduling Phase (SBDLB)':
    'The LB takes its live VMs from its registry and asks each for free MIPS, RAM and bandwidth. ' +
    'SBDLB skips VMs at the task threshold, scores a VM that cannot hold the task’s demand −1, and ' +
    'otherwise scores MIPS + RAM + BW. The highest score wins; ties go to the lowest id.',
  'Execution Phase':
    'The LB sends the task to the winning VM and records the mapping (RUNNING) in the zone’s L2. ' +
    'The VM holds the task’s share of its resources until it finishes.',
  'Completion Phase':
    'The VM writes FINISHED into L2 and notifies its LB. The LB records FINISHED in L1 and clears ' +
    'the field from L2, which only holds live work.',
  'Failure Detection':
    'A 3 s health check finds a VM whose last heartbeat is older than 10 s and marks it DEAD in L2. ' +
    'This comes 5–13 s after the crash: the last heartbeat was up to 5 s earlier, and checks run ' +
    'every 3 s.',
  'Task Rescue':
    'The LB reads every task that was RUNNING on the dead VM from L2 and moves each to its ' +
    'high-priority queue: the work in progress was lost and runs again elsewhere.',
  'Soft Recovery':
    'The LB triggers a restart and marks the VM RESTARTING, so no task is sent to it. After the ' +
    '30 s reboot, its first heartbeat sets ALIVE and it rejoins the pool.',
  'Peer Failure Detection':
    'A peer LB’s 3 s check of L1 finds an LB heartbeat older than 10 s and marks that LB DEAD. ' +
    'Until now the dead LB’s zone had no scheduler.',
  'Zone Takeover':
    'The survivor claims the orphaned zone in Zone_Owner (atomically: one winner, and the epoch ' +
    'grows), reads the zone’s config from System_Registry, connects to its L2 and merges its VMs.',
  'Task Recovery':
    'The new owner takes the dead LB’s QUEUED tasks from L1 into its own queue, so none is lost. ' +
    'Tasks already running in the zone keep running and report to the new owner.',
  'Unified Scheduling':
    'From now on the surviving LB scores both zones’ VMs as one pool and may send a task across ' +
    'zones when a remote VM scores best.',
  'Work Stealing':
    'An LB with empty queues reads each zone’s load from L1 and asks the busiest peer for work. ' +
    'The peer hands over a batch from its overflow queue, and the task’s LB and zone change in L1.',
}

/** The caption of a phase note's text, or '' for text that is not a phase. */
export function getPhaseCaption(text: string): string {
  return (PHASE_CAPTIONS as Record<string, string>)[text] ?? ''
}
