/**
 * The environment, set up once before a command reads any of it: `--dotenv` (a dotenv file)
 * loaded first, then which `${env.NAME}` values are masked (`--mask-env NAME`, repeatable, and
 * CLOVA_REGRESS_MASK_ENV=A,B), so a name from the file can be masked too.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { masksEnvValue, maskEnvNames } from '../dialogues/variables.js';
import { registerSecret } from '../io/redact.js';

export function applyMaskEnv(flag: unknown, env: NodeJS.ProcessEnv = process.env): void {
  const given = Array.isArray(flag) ? flag.map(String) : typeof flag === 'string' ? [flag] : [];
  maskEnvNames([...given.flatMap((n) => n.split(',')), ...(env.CLOVA_REGRESS_MASK_ENV ?? '').split(',')]);
}

/**
 * Loads a dotenv file into `env`. A variable already set wins over the file (as with dotenv and
 * Playwright: CI's own settings are not overridden by a checked-in file). A value whose name looks
 * secret (or that holds URL credentials) is masked in every output, whichever value wins.
 * Returns a usage message when the file cannot be read.
 */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `--dotenv: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (value === undefined) continue;
    if (masksEnvValue(name, value)) registerSecret(value);
    if (env[name] === undefined) env[name] = value;
  }
  return undefined;
}

/** yargs middleware: the env file, then the masked names; a file that cannot be read is a usage mistake. */
export function setUpEnvironment(parsed: Record<string, unknown>, usageError: (message: string) => void): void {
  const file = parsed.dotenv;
  // given twice, the last one (as for every single-valued flag)
  const path = Array.isArray(file) ? file[file.length - 1] : file;
  if (typeof path === 'string') {
    const problem = loadEnvFile(path);
    if (problem) return usageError(problem);
  }
  applyMaskEnv(parsed['mask-env']);
}
