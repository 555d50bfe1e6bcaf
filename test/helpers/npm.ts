import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a user's shell would give npm: this process's, without what `npm test` and
 * vitest add (`npm_*` settings of the outer run, VITEST*) and without the developer's CLOVA_*.
 * The npm cache and registry settings (and any proxy) are kept, so installs use the same cache.
 */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    const npmSetting = lower.startsWith('npm_') && lower !== 'npm_config_cache' && lower !== 'npm_config_registry';
    // GIT_DIR and friends would point npm's own `git clone` at the outer repository
    const gitSetting = key === 'GIT_DIR' || key === 'GIT_WORK_TREE' || key === 'GIT_INDEX_FILE';
    if (npmSetting || gitSetting || key.startsWith('VITEST') || key.startsWith('CLOVA_')) continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

export interface CommandOptions {
  cwd: string;
  timeoutMs: number;
  env?: Record<string, string>;
}

/** Runs a command (npm, npx, git, …) and collects what it printed; killed after `timeoutMs`. */
export function runCommand(command: string, args: string[], options: CommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const env = options.env ?? userEnv();
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** What a failed command said, for an assertion message. */
export function said(result: CommandResult): string {
  const tail = (text: string): string => text.slice(-3000);
  return `exit ${result.code ?? result.signal}\n--- stdout\n${tail(result.stdout)}\n--- stderr\n${tail(result.stderr)}`;
}
