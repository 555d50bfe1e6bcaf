/** Console output: every write goes through the redaction point. The library never writes here itself. */
import { redact } from './redact.js';

export type Write = (text: string) => void;

export function redactedWriter(stream: NodeJS.WritableStream): Write {
  return (text) => {
    stream.write(redact(text));
  };
}

/** Colour when writing to a terminal, unless NO_COLOR is set; FORCE_COLOR forces it. */
export function wantsColor(stream: NodeJS.WritableStream & { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
