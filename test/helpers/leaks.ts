/** For the secret sweeps: every file a command left, and a check that none of them holds a secret. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir`, recursively, with its bytes as text. */
export function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** Throws naming the output, the secret and where it stands, at the first secret found. */
export function expectNoLeak(outputs: Array<{ path: string; text: string }>, forbidden: string[]): void {
  for (const { path, text } of outputs) {
    for (const secret of forbidden) {
      const at = text.indexOf(secret);
      if (at !== -1)
        throw new Error(
          `${path} holds a secret: ${JSON.stringify(secret)} at ${at}: …${text.slice(Math.max(0, at - 80), at + 80)}…`,
        );
    }
  }
}
