// The comparison worker: runs one job per `run` command and posts its result. Thin by design;
// all the work is src/experiments' runCompareJob.

import { runCompareJob } from '../../../src/experiments/compareJob'
import type { CompareCommand, CompareReply } from './compareProtocol'

const post = (reply: CompareReply) => self.postMessage(reply)

self.onmessage = (event: MessageEvent<CompareCommand>) => {
  const { seq, job } = event.data
  try {
    post({ type: 'result', seq, result: runCompareJob(job) })
  } catch (err) {
    post({ type: 'error', seq, message: (err as Error).message })
  }
}
