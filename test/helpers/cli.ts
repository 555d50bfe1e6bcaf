import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../bin/clova-regress.cjs', import.meta.url));
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to a clean environment: the developer's own CLOVA_* variables never leak into a test. */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Called with the child once it runs (to send signals mid-run). */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
  /** Options for node itself, before the CLI's path (V8 flags a test needs). */
  nodeArgs?: string[];
}

/** Runs the built command (`node bin/clova-regress.cjs …`) as a user would, and collects what it printed. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NO_COLOR: '1',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
      cwd: options.cwd ?? REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

/**
 * Calls `then` once the child has used `cpuSeconds` of CPU (user + system, from /proc): a clock
 * that a loaded machine does not stretch, for "signal it while it is busy loading" tests, where
 * a wall-clock delay may fire before the child has even installed its signal handlers.
 */
export function afterChildCpu(child: import('node:child_process').ChildProcess, cpuSeconds: number, then: () => void) {
  const ticksPerSecond = 100; // USER_HZ: 100 on every Linux ABI Node runs on
  const timer = setInterval(() => {
    let used = 0;
    try {
      // fields after the command name's closing parenthesis: state is 3rd, utime 14th, stime 15th
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      used = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    } catch {
      clearInterval(timer); // exited
      return;
    }
    if (used >= cpuSeconds) {
      clearInterval(timer);
      then();
    }
  }, 20);
  child.on('exit', () => clearInterval(timer));
}
