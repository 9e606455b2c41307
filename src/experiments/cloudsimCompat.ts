// `--compat cloudsim`: a self-contained model of the original 2,000-task CloudSim 7G comparison, used
// to check our numbers against the published ones. It must not import or touch the engine or policies.

import { collectionsShuffle, JavaRandom } from './javaRandom'

/** The four brokers of the original CloudSim comparison. */
export type CloudsimCompatPolicy = 'round-robin' | 'weighted-round-robin' | 'honey-bee' | 'sbdlb'

/** Task kinds of the original workload; the kind is recovered from the length, as the Java did. */
export type CloudsimTaskType = 'Reel' | 'Image' | 'Text'

/** One task's fate in the compat run. */
export interface CloudsimTaskRecord {
  /** Position in the shuffled submission list (CloudSim's cloudlet id order). */
  readonly id: number
  readonly type: CloudsimTaskType
  /** Cloudlet length in MI per PE (CloudSim semantics: total work is length × PEs). */
  readonly lengthMi: number
  readonly pes: number
  /** VM id 0–71 (datacenter by datacenter; large, medium, small). */
  readonly vm: number
  /** When the broker bound the task to its VM (0 for static brokers). */
  readonly dispatchS: number
  readonly finishS: number
}

/** Result of one compat run. */
export interface CloudsimCompatResult {
  readonly policy: CloudsimCompatPolicy
  readonly tasks: number
  readonly finished: number
  /** Mean of finish − submission over all tasks (submission = dispatch to a VM, see sbdlb). */
  readonly avgResponseS: number
  readonly makespanS: number
  readonly perTask?: readonly CloudsimTaskRecord[]
}

/** Options for {@link runCloudsimCompat}. */
export interface CloudsimCompatOptions {
  /** Include the per-task records (off by default: the figures are what callers usually want). */
  readonly perTask?: boolean
}

/** Published CloudSim 7G averages (s), response time from dispatch to finish, 2,000/2,000 ok. */
export const CLOUDSIM_TARGETS: Readonly<Record<CloudsimCompatPolicy, number>> = {
  'round-robin': 10_185_060.88,
  'weighted-round-robin': 5_578_977.2,
  'honey-bee': 10_267_990.25,
  sbdlb: 1_109_466.49,
}

/** All four compat policies in the order the original report lists them. */
export const CLOUDSIM_POLICIES: readonly CloudsimCompatPolicy[] = [
  'round-robin',
  'weighted-round-robin',
  'honey-bee',
  'sbdlb',
]

interface VmSpec {
  readonly id: number
  readonly pes: number
  readonly peMips: number
  /** Total MIPS: the sum of the VM's mipsShare list, which the time-shared scheduler divides. */
  readonly mips: number
  readonly ramMb: number
  readonly bwMbps: number
}

const DATACENTERS = 4
// Each datacenter's VMs are created in this order: 2 large, 6 medium, 10 small.
const VM_CLASSES = [
  { count: 2, pes: 4, peMips: 10_000, ramMb: 8192 },
  { count: 6, pes: 2, peMips: 5_000, ramMb: 4096 },
  { count: 10, pes: 1, peMips: 2_500, ramMb: 2048 },
] as const
const BW_MBPS = 1000

function buildVms(): VmSpec[] {
  const vms: VmSpec[] = []
  for (let dc = 0; dc < DATACENTERS; dc++) {
    for (const c of VM_CLASSES) {
      for (let k = 0; k < c.count; k++) {
        const id = vms.length
        vms.push({
          id,
          pes: c.pes,
          peMips: c.peMips,
          mips: c.pes * c.peMips,
          ramMb: c.ramMb,
          bwMbps: BW_MBPS,
        })
      }
    }
  }
  return vms
}

/**
 * The order in which the brokers see the VMs (from the issue): the broker's created-VM list fills as
 * datacenters acknowledge creations, and CloudSim's host placement acknowledges some out of id order.
 */
export const CLOUDSIM_BROKER_VM_ORDER: readonly number[] = [
  ...range(0, 17),
  26,
  27,
  ...range(18, 25),
  ...range(28, 35),
  38,
  39,
  36,
  37,
  ...range(40, 53),
  56,
  57,
  62,
  63,
  54,
  55,
  ...range(58, 61),
  ...range(64, 71),
]

function range(from: number, to: number): number[] {
  const out: number[] = []
  for (let i = from; i <= to; i++) out.push(i)
  return out
}

const REEL_MIN = 50_000_000
const IMAGE_MIN = 2_500_000

interface Task {
  readonly id: number
  readonly type: CloudsimTaskType
  readonly lengthMi: number
  readonly pes: number
}

/**
 * The original workload: Random(42) draws 1,200 Reels, 600 Images, 200 Texts (lengths truncated to
 * long, as the Java `(long)` cast does), then Collections.shuffle with the same generator.
 */
export function cloudsimWorkload(): Array<{
  type: CloudsimTaskType
  lengthMi: number
  pes: number
}> {
  const rnd = new JavaRandom(42)
  const lengths: number[] = []
  for (let i = 0; i < 1200; i++) lengths.push(Math.trunc(50e6 + rnd.nextDouble() * 4950e6))
  for (let i = 0; i < 600; i++) lengths.push(Math.trunc(2.5e6 + rnd.nextDouble() * 147.5e6))
  for (let i = 0; i < 200; i++) lengths.push(Math.trunc(5000 + rnd.nextDouble() * 45000))
  collectionsShuffle(lengths, rnd)
  // The Java typed each cloudlet by its length after the shuffle; only Reels asked for 2 PEs. Image
  // lengths run up to 150e6, so Images drawn at ≥ 50e6 become 2-PE "Reels" (1,609 Reels, 191
  // Images here). That quirk is part of the original run and the targets depend on it: keep it.
  return lengths.map((lengthMi) => {
    const type: CloudsimTaskType =
      lengthMi >= REEL_MIN ? 'Reel' : lengthMi >= IMAGE_MIN ? 'Image' : 'Text'
    return { type, lengthMi, pes: type === 'Reel' ? 2 : 1 }
  })
}

/** A cloudlet running on a VM: `remaining` is per-PE MI left, which is what all its PEs burn down. */
interface Running {
  readonly task: Task
  remaining: number
  readonly dispatchS: number
}

/**
 * One VM's CloudletSchedulerTimeShared. getCPUCapacity = Σ mipsShare / max(pesInUse, PEs); each
 * cloudlet gets capacity × its PEs and carries length × PEs MI, so every running cloudlet burns its
 * per-PE length at `capacity` — the one with the least per-PE remainder finishes first.
 */
class VmState {
  readonly running: Running[] = []
  pesInUse = 0
  /** Time up to which `remaining` values are current. */
  lastS = 0
  constructor(readonly spec: VmSpec) {}

  capacity(): number {
    return this.spec.mips / Math.max(this.pesInUse, this.spec.pes)
  }

  /** Burn work up to `t` (called before the task set changes, like updateCloudletsProcessing). */
  advance(t: number): void {
    const dt = t - this.lastS
    if (dt > 0 && this.running.length > 0) {
      const burn = dt * this.capacity()
      for (const r of this.running) r.remaining -= burn
    }
    this.lastS = t
  }

  add(task: Task, t: number): void {
    this.advance(t)
    this.running.push({ task, remaining: task.lengthMi, dispatchS: t })
    this.pesInUse += task.pes
  }

  /** Absolute time of this VM's next completion, or Infinity when idle. */
  nextFinish(): number {
    if (this.running.length === 0) return Number.POSITIVE_INFINITY
    let min = Number.POSITIVE_INFINITY
    for (const r of this.running) if (r.remaining < min) min = r.remaining
    return this.lastS + Math.max(min, 0) / this.capacity()
  }

  /**
   * Complete every cloudlet done at `t`. The earliest is forced out (it defines `t`); any others
   * within a rounding hair of zero go too, as CloudSim's finished-list sweep removes them together.
   */
  finishAt(t: number): Running[] {
    this.advance(t)
    let minIdx = 0
    for (let i = 1; i < this.running.length; i++) {
      if (this.running[i].remaining < this.running[minIdx].remaining) minIdx = i
    }
    const done: Running[] = []
    const keep: Running[] = []
    for (let i = 0; i < this.running.length; i++) {
      const r = this.running[i]
      if (i === minIdx || r.remaining <= 1e-6) done.push(r)
      else keep.push(r)
    }
    this.running.length = 0
    this.running.push(...keep)
    for (const r of done) this.pesInUse -= r.task.pes
    return done
  }
}

/** Static brokers bind every cloudlet at t = 0 (DatacenterBroker submits the whole list at once). */
function staticBinding(
  policy: CloudsimCompatPolicy,
  tasks: readonly Task[],
  order: readonly VmSpec[],
) {
  const n = order.length
  const bind: number[] = new Array(tasks.length)
  if (policy === 'round-robin') {
    // Cloudlet i → broker-list VM i mod 72.
    for (let i = 0; i < tasks.length; i++) bind[i] = order[i % n].id
  } else if (policy === 'weighted-round-robin') {
    // Integer weights = per-PE MIPS ÷ the smallest per-PE MIPS (small 1, medium 2, large 4).
    // "Interleaved" is the classic LVS interleaved WRR: a current weight cw starts at the maximum
    // and drops by gcd (1) each sweep of the broker list; a sweep takes every VM with weight ≥ cw.
    // So the 120-slot cycle is: larges (cw 4), larges (cw 3), larges + mediums (cw 2), all (cw 1).
    // Alternatives miss the target badly: ascending passes +10 %, nginx smooth WRR +7 %, each VM
    // repeated weight times consecutively +2 %; this one lands within 0.03 %.
    const minPe = Math.min(...order.map((v) => v.peMips))
    const weights = order.map((v) => Math.floor(v.peMips / minPe))
    const maxW = Math.max(...weights)
    const cycle: number[] = []
    for (let cw = maxW; cw >= 1; cw--) {
      for (let k = 0; k < n; k++) if (weights[k] >= cw) cycle.push(order[k].id)
    }
    for (let i = 0; i < tasks.length; i++) bind[i] = cycle[i % cycle.length]
  } else {
    // Honey bee: stay on the current VM (forager) until it holds 2 active tasks, then move to the
    // first VM, in broker order, with the fewest — all bound at t = 0, so "active" = bound so far.
    const count = new Array<number>(n).fill(0)
    let cur = 0
    for (let i = 0; i < tasks.length; i++) {
      if (count[cur] >= 2) {
        let best = 0
        for (let k = 1; k < n; k++) if (count[k] < count[best]) best = k
        cur = best
      }
      count[cur]++
      bind[i] = order[cur].id
    }
  }
  return bind
}

/** Run the compat model for one broker; deterministic, event-driven (one event per completion). */
export function runCloudsimCompat(
  policy: CloudsimCompatPolicy,
  options: CloudsimCompatOptions = {},
): CloudsimCompatResult {
  const specs = buildVms()
  const order = CLOUDSIM_BROKER_VM_ORDER.map((id) => specs[id])
  const vms = specs.map((s) => new VmState(s))
  const tasks: Task[] = cloudsimWorkload().map((t, id) => ({ id, ...t }))
  const records: CloudsimTaskRecord[] = []
  const queue: Task[] = []
  let qHead = 0

  if (policy === 'sbdlb') {
    for (const t of tasks) queue.push(t)
  } else {
    const bind = staticBinding(policy, tasks, order)
    for (let i = 0; i < tasks.length; i++) vms[bind[i]].add(tasks[i], 0)
  }

  // SBDLB: score (1 − n/3)·(MIPS + RAM + BW) over VMs with n < 3 running, first maximum in broker
  // order; returns the VM or undefined when all are full. (RAM in MB; 8,000 vs 8,192 per 8 GB
  // changes no choice.) A queued task's response runs from its dispatch: the broker only submits
  // a cloudlet once it binds it, and CloudSim stamps the submission time on arrival at the
  // datacenter. Measuring from t = 0 instead gives 4.71e6 s, +324 % off the target.
  const sbdlbPick = (): VmState | undefined => {
    let best: VmState | undefined
    let bestScore = Number.NEGATIVE_INFINITY
    for (const spec of order) {
      const vm = vms[spec.id]
      const nRun = vm.running.length
      if (nRun >= 3) continue
      const score = (1 - nRun / 3) * (spec.mips + spec.ramMb + spec.bwMbps)
      if (score > bestScore) {
        bestScore = score
        best = vm
      }
    }
    return best
  }
  // FIFO drain from the front; stops at the first task no VM takes (here: when every VM is full).
  const drain = (t: number) => {
    while (qHead < queue.length) {
      const vm = sbdlbPick()
      if (!vm) break
      vm.add(queue[qHead++], t)
    }
  }
  if (policy === 'sbdlb') drain(0)

  // One event per completion: the VM with the earliest next finish (lowest VM id on a tie) is
  // advanced and its finished cloudlets removed; SBDLB then refills from its queue.
  let sumResp = 0
  let makespan = 0
  let finished = 0
  for (;;) {
    let next: VmState | undefined
    let tNext = Number.POSITIVE_INFINITY
    for (const vm of vms) {
      const f = vm.nextFinish()
      if (f < tNext) {
        tNext = f
        next = vm
      }
    }
    if (!next) break
    const done = next.finishAt(tNext)
    for (const r of done) {
      finished++
      sumResp += tNext - r.dispatchS
      if (tNext > makespan) makespan = tNext
      if (options.perTask) {
        records.push({
          id: r.task.id,
          type: r.task.type,
          lengthMi: r.task.lengthMi,
          pes: r.task.pes,
          vm: next.spec.id,
          dispatchS: r.dispatchS,
          finishS: tNext,
        })
      }
    }
    if (policy === 'sbdlb') drain(tNext)
  }

  const result: CloudsimCompatResult = {
    policy,
    tasks: tasks.length,
    finished,
    avgResponseS: finished > 0 ? sumResp / finished : 0,
    makespanS: makespan,
  }
  if (options.perTask) {
    records.sort((a, b) => a.id - b.id)
    return { ...result, perTask: records }
  }
  return result
}
