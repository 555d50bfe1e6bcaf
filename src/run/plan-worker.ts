/**
 * The thread that loads spec files beside the main one (plan-threads.ts starts it): each message a
 * PlanFileJob, each answer its PlanFileResult, or `{ index }` alone when the main thread must load
 * the file itself. Files are taken one at a time, in the order they come.
 */
import { parentPort } from 'node:worker_threads';
import { planFile, type PlanFileJob } from './plan-file.js';

const port = parentPort!;
let queue = Promise.resolve();
port.on('message', (job: PlanFileJob) => {
  queue = queue.then(async () => {
    let answer;
    try {
      answer = await planFile(job);
    } catch {
      answer = undefined;
    }
    port.postMessage(answer ?? { index: job.index });
  });
});
