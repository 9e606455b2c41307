/// <reference lib="webworker" />
// The simulation's thread: parses commands, drives SimHost and posts frames. The play loop runs
// slices of ~10 ms of wall time, yields, and posts at most one frame per ~16 ms.

import type { WorkerCommand, WorkerReply } from '../../src/protocol/messages'
import { assertNever } from '../lib/assert'
import { describeError, SimHost } from './simHost'

declare const self: DedicatedWorkerGlobalScope

const SLICE_MS = 10
const FRAME_INTERVAL_MS = 16
const IDLE_DELAY_MS = 8

const host = new SimHost(() => performance.now(), true)
let lastSeq = 0
let lastPost = Number.NEGATIVE_INFINITY
let loopScheduled = false
const yieldChannel = new MessageChannel()
yieldChannel.port1.onmessage = () => runLoop()

function post(reply: WorkerReply): void {
  if (reply.type !== 'frame' || !reply.frame.eventBatch) {
    self.postMessage(reply)
    return
  }
  // The batch's columns move to the page instead of being copied.
  const b = reply.frame.eventBatch
  const buffers = [b.t, b.type, b.kind, b.a, b.b, b.c, b.d, b.cmdAt, b.cmd].map((x) => x.buffer)
  self.postMessage(reply, buffers as ArrayBuffer[])
}

function postFrame(): void {
  if (!host.sim) return
  lastPost = performance.now()
  try {
    post({ type: 'frame', seq: lastSeq, frame: host.getFrame() })
  } catch (err) {
    host.pause()
    postError(lastSeq, err)
  }
}

function postError(seq: number, err: unknown): void {
  post({ type: 'error', seq, ...describeError(err), ...host.getErrorContext() })
}

function scheduleLoop(immediately: boolean): void {
  if (loopScheduled) return
  loopScheduled = true
  if (immediately) yieldChannel.port2.postMessage(null)
  else setTimeout(runLoop, IDLE_DELAY_MS)
}

function runLoop(): void {
  loopScheduled = false
  if (!host.playing) return
  let behind = false
  try {
    behind = host.tick(SLICE_MS)
  } catch (err) {
    host.pause()
    postError(lastSeq, err)
    postFrame()
    return
  }
  if (!host.playing || performance.now() - lastPost >= FRAME_INTERVAL_MS) postFrame()
  if (host.playing) scheduleLoop(behind)
}

function handle(cmd: WorkerCommand): void {
  switch (cmd.type) {
    case 'load':
      host.load(cmd.scenario, { seed: cmd.seed, policy: cmd.policy, label: cmd.scenario.name })
      break
    case 'play':
      host.play()
      scheduleLoop(true)
      break
    case 'pause':
      host.pause()
      break
    case 'step':
      host.step(cmd.unit)
      break
    case 'back':
      host.back(cmd.unit)
      break
    case 'seek':
      host.seek(cmd.timeMs)
      break
    case 'seekSeq':
      host.goToSeq(cmd.traceSeq)
      break
    case 'speed':
      host.setSpeed(cmd.factor)
      break
    case 'guided':
      host.setGuided(cmd.on)
      break
    case 'watch':
      host.watch(cmd.tasks)
      break
    case 'fault':
      host.fault(cmd.target, cmd.action, cmd.atMs)
      break
    case 'getTrace':
      post({ type: 'trace', seq: cmd.seq, doc: host.getTrace() })
      return
    case 'getEvents': {
      const events = host.getEvents(cmd.from, cmd.to)
      post({ type: 'events', seq: cmd.seq, from: cmd.from, events })
      return
    }
    default:
      assertNever(cmd)
  }
  postFrame()
}

self.onmessage = (e: MessageEvent<WorkerCommand>) => {
  const cmd = e.data
  lastSeq = Math.max(lastSeq, cmd.seq)
  try {
    handle(cmd)
  } catch (err) {
    postError(cmd.seq, err)
    // The page keeps its last good frame; this one says where the run stands now.
    postFrame()
  }
}
