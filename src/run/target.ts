/**
 * Which bot a run talks to: a live invoke URL with its secret, or the built-in mock bot started
 * in-process on an ephemeral 127.0.0.1 port with a throwaway secret.
 */
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import type { FaultConfig } from '../mock/faults.js';
import { proxyFor, type ClientNetwork } from '../client/network.js';

export type TargetSpec = (
  | { kind: 'live'; url: string; secretKey: string; network?: ClientNetwork }
  | { kind: 'mock'; botFile: string; seed?: number; faults?: FaultConfig; network?: ClientNetwork }
) & {
  /** The config file's name for this bot (`--target beta`), shown beside it. */
  name?: string;
};

export interface RunningTarget {
  kind: 'live' | 'mock';
  url: string;
  secretKey: string;
  host: string;
  /** For the first line of output: what the run talks to. */
  description: string;
  /** How requests reach it: proxy, TLS, extra headers. */
  network?: ClientNetwork;
  close(): Promise<void>;
}

export async function startTarget(spec: TargetSpec, cwd: string): Promise<RunningTarget> {
  if (spec.kind === 'live') {
    const url = new URL(spec.url);
    // the first line says so when requests go through a proxy: the one thing to check behind one
    const proxy = proxyFor(url, spec.network?.dispatcher?.proxy);
    const via = proxy ? ` via proxy ${new URL(proxy).host}` : '';
    return {
      kind: 'live',
      url: spec.url,
      secretKey: spec.secretKey,
      host: url.host,
      description: `bot at ${url.origin}${url.pathname}${via}${named(spec)}`,
      ...(spec.network ? { network: spec.network } : {}),
      close: async () => undefined,
    };
  }
  // loaded only when used: a live run never pays for the mock's code
  const mock = await import('../mock/index.js');
  const bot = await mock.loadBotDefinition(spec.botFile, cwd);
  const secretKey = randomBytes(24).toString('base64');
  const server = await mock.startMockServer({
    bot,
    secretKey,
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    ...(spec.faults !== undefined ? { faults: spec.faults } : {}),
  });
  const shown = relative(cwd, spec.botFile) || spec.botFile;
  return {
    kind: 'mock',
    url: server.url,
    secretKey,
    host: new URL(server.url).host,
    description: `built-in mock bot (${shown}) at ${server.url}${named(spec)}`,
    // the mock runs in this process on 127.0.0.1: never through a proxy, whatever HTTP_PROXY says
    ...(spec.network?.headers ? { network: { headers: spec.network.headers } } : {}),
    close: () => server.close(),
  };
}

function named(spec: TargetSpec): string {
  return spec.name !== undefined ? ` — target ${spec.name}` : '';
}
