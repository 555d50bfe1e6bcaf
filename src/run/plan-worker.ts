/**
 * The thread that loads spec files and parts of big ones beside the main thread (plan-threads.ts
 * starts it): each message a PlanJob, each answer its PlanAnswer, or `{ id }` alone when the main
 * thread must load it itself. Jobs are done one at a time, in the order they come.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { planJob, type PlanJob } from './plan-file.js';

const port = parentPort!;
// answers go to a port of their own, which the main thread can read without yielding (plan-threads.ts)
const answers = (workerData as { answers: MessagePort }).answers;
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
      answers.postMessage(answer, [answer.entries.buffer as ArrayBuffer, answer.dialogues.buffer as ArrayBuffer]);
    else answers.postMessage({ id: job.id });
  });
});
