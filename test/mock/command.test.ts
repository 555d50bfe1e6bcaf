/** `clova-regress mock` as a user runs it: the built CLI, a signed request, Ctrl-C. */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, type CliResult } from '../helpers/cli.js';
import { buildRequestBody, serializeBody } from '../../src/protocol/request.js';
import { SIGNATURE_HEADER, signBody } from '../../src/protocol/signature.js';

const SECRET = 'e2e-secret-key-0123456789';

/** Starts the mock command, waits for its URL, runs `use`, then stops it with `signal`. */
async function withMockCommand(
  args: string[],
  env: Record<string, string>,
  use: (url: string, stdout: () => string) => Promise<void>,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<CliResult> {
  let child: ChildProcess | undefined;
  let printed = '';
  let used: Promise<void> | undefined;
  const result = runCli(['mock', ...args], {
    env,
    onSpawn: (c) => {
      child = c;
      c.stdout!.on('data', (d: string) => {
        printed += d;
        const url = /listening at (http:\/\/\S+)/.exec(printed)?.[1];
        if (url && !used && printed.includes('Ctrl-C')) {
          used = use(url, () => printed).finally(() => child!.kill(signal));
        }
      });
    },
  });
  const done = await result;
  await used;
  return done;
}

async function post(url: string, secret: string, text: string): Promise<{ status: number; json: any }> {
  const body = serializeBody(buildRequestBody({ event: 'send', userId: 'cli-user', text }, Date.now()));
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json;UTF-8', [SIGNATURE_HEADER]: signBody(body, secret) },
    body,
  });
  return { status: res.status, json: await res.json() };
}

describe('clova-regress mock', () => {
  it('needs the built CLI (npm run build)', () => {
    const built = join(REPO, 'dist/cli.cjs');
    expect(existsSync(built), `${built} is missing: run npm run build`).toBe(true);
  });

  it('serves the bot with the secret from CLOVA_SECRET_KEY, never printing it, and stops on SIGINT with exit 0', async () => {
    let reply: { status: number; json: any } | undefined;
    const result = await withMockCommand(
      ['specs/bot.yaml', '--port', '0'],
      { CLOVA_SECRET_KEY: SECRET },
      async (url) => {
        reply = await post(url, SECRET, 'store hours');
      },
    );
    expect(reply?.status).toBe(200);
    expect(reply?.json.scenario.name).toBe('Store hours');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Mock CLOVA bot "Shop bot" \(\d+ scenarios, specs\/bot\.yaml\) listening at http:\/\/127\.0\.0\.1:\d+\//,
    );
    expect(result.stdout).toContain('Stopped (SIGINT) after 1 request: 1 answered');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('without CLOVA_SECRET_KEY, prints a generated key that clients can sign with; stops on SIGTERM', async () => {
    let reply: { status: number } | undefined;
    let wrong: { status: number; json: any } | undefined;
    const result = await withMockCommand(
      ['specs/bot.yaml'],
      {},
      async (url, stdout) => {
        const key = /export CLOVA_SECRET_KEY='([^']+)'/.exec(stdout())![1]!;
        reply = await post(url, key, 'store hours');
        wrong = await post(url, 'guessed', 'store hours');
      },
      'SIGTERM',
    );
    expect(reply?.status).toBe(200);
    expect(wrong?.json.code).toBe('4031');
    expect(result.code).toBe(0);
  });

  it('applies fault flags and logs requests with --verbose', async () => {
    let reply: { status: number; json: any } | undefined;
    const result = await withMockCommand(
      ['specs/bot.yaml', '--fault-error-rate', '1', '--fault-status', '429', '--verbose'],
      { CLOVA_SECRET_KEY: SECRET },
      async (url) => {
        reply = await post(url, SECRET, 'store hours');
      },
    );
    expect(reply).toEqual({ status: 429, json: { error: { errorCode: '410', message: 'Throttle Limited' } } });
    expect(result.stdout).toContain('fault status 429 send "store hours" → Store hours');
  });

  it('reports a broken bot file with its position and exits 2', async () => {
    const result = await runCli(['mock', 'test/mock/fixtures/broken-bot.yaml'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--> test/mock/fixtures/broken-bot.yaml:6:5');
    expect(result.stderr).toContain('did you mean `utterances`?');
  });

  it('refuses bad flags with exit 2', async () => {
    const rate = await runCli(['mock', 'specs/bot.yaml', '--fault-error-rate', '2'], {});
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('--fault-error-rate must be between 0 and 1');
    const port = await runCli(['mock', 'specs/bot.yaml', '--port', '70000'], {});
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port must be a whole number from 0 to 65535');
  });
});
