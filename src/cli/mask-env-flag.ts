/**
 * `--mask-env NAME` (repeatable) and its environment form CLOVA_REGRESS_MASK_ENV (comma-separated):
 * `${env.NAME}` values masked in every output whatever the name looks like. One option, shared by
 * every command that reads specs, applied once before the command runs.
 */
import { maskEnvNames } from '../dialogues/variables.js';

export const maskEnvOption = {
  describe: 'Mask the value of this environment variable in every output when a spec uses it as ${env.NAME}, whatever its name (repeatable; also CLOVA_REGRESS_MASK_ENV=A,B)',
  type: 'string',
  array: true,
} as const;

export function applyMaskEnv(flag: unknown, env: NodeJS.ProcessEnv = process.env): void {
  const given = Array.isArray(flag) ? flag.map(String) : typeof flag === 'string' ? [flag] : [];
  maskEnvNames([...given.flatMap((n) => n.split(',')), ...(env.CLOVA_REGRESS_MASK_ENV ?? '').split(',')]);
}
