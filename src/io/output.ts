/** Console output: every write goes through the redaction point. The library never writes here itself. */
import { redact } from './redact.js';

export type Write = (text: string) => void;

export function redactedWriter(stream: NodeJS.WritableStream): Write {
  guardClosedOutput(stream);
  return (text) => {
    if (closedStreams.has(stream)) return;
    stream.write(redact(text));
  };
}

const closedStreams = new WeakSet<NodeJS.WritableStream>();
const guardedStreams = new WeakSet<NodeJS.WritableStream>();

/**
 * A console whose reader went away (`run … | head -2`: EPIPE) stops console output only: the run
 * goes on, its report files are written, and the exit code stays the run's own. Without a
 * listener, Node turns the stream's 'error' into an uncaught exception and a stack trace.
 */
export function guardClosedOutput(stream: NodeJS.WritableStream): void {
  if (guardedStreams.has(stream)) return;
  guardedStreams.add(stream);
  stream.on('error', () => {
    closedStreams.add(stream);
  });
}

/** Colour when writing to a terminal, unless NO_COLOR is set; FORCE_COLOR forces it. */
export function wantsColor(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
