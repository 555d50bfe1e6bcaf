/**
 * The thread that loads spec files and parts of big ones beside the main thread (plan-threads.ts
 * starts it): each message a PlanJob, each answer its PlanAnswer, or `{ id }` alone when the main
 * thread must load it itself. Jobs are done one at a time, in the order they come.
 */
import { parentPort } from 'node:worker_threads';
import { planJob, type PlanJob } from './plan-file.js';

const port = parentPort!;
let queue = Promise.resolve();
port.on('message', (job: PlanJob) => {
  queue = queue.then(async () => {
    let answer;
    try {
      answer = await planJob(job);
    } catch {
      answer = undefined;
    }
    if (answer)
      port.postMessage(answer, [answer.entries.buffer as ArrayBuffer, answer.dialogues.buffer as ArrayBuffer]);
    else port.postMessage({ id: job.id });
  });
});
