/**
 * `--shard auto`: the shard from the CI system that runs this job as one of several in parallel,
 * so a suite that outgrows one machine spreads over the engine the team already runs. Each system
 * names its variables differently and counts from 0 or 1; all become the 1-based `i/n` of --shard.
 * A Kubernetes indexed Job gives only the index: the total comes from `auto/N` or from env
 * CLOVA_REGRESS_SHARD_TOTAL (the Job's `completions`).
 */
import type { Shard } from './shard.js';

interface CiSource {
  name: string;
  index: string;
  /** Absent: the total is given by `auto/N` or CLOVA_REGRESS_SHARD_TOTAL. */
  total?: string;
  /** 0 when the index counts from 0. */
  base: 0 | 1;
}

export const SHARD_TOTAL_ENV = 'CLOVA_REGRESS_SHARD_TOTAL';

/** In the order looked at: the first whose index variable is set wins. */
export const CI_SHARD_SOURCES: readonly CiSource[] = [
  { name: 'GitLab CI', index: 'CI_NODE_INDEX', total: 'CI_NODE_TOTAL', base: 1 },
  { name: 'CircleCI', index: 'CIRCLE_NODE_INDEX', total: 'CIRCLE_NODE_TOTAL', base: 0 },
  { name: 'Buildkite', index: 'BUILDKITE_PARALLEL_JOB', total: 'BUILDKITE_PARALLEL_JOB_COUNT', base: 0 },
  { name: 'a Kubernetes indexed Job', index: 'JOB_COMPLETION_INDEX', base: 0 },
];

/** True for `auto` and `auto/N`: the caller reads the shard from the environment. */
export function isAutoShard(text: string): boolean {
  return /^\s*auto\s*(\/.*)?$/i.test(text);
}

/** `auto` or `auto/N` → the shard this CI job is; throws an Error whose message is meant for the user. */
export function shardFromCi(text: string, env: NodeJS.ProcessEnv): Shard {
  const given = /^\s*auto\s*(?:\/\s*(\d+)\s*)?$/i.exec(text);
  if (!given) throw new Error(`--shard auto takes the total after a slash, like auto/4, not "${text}"`);
  const flagTotal = given[1] !== undefined ? Number(given[1]) : undefined;
  const source = CI_SHARD_SOURCES.find((s) => present(env[s.index]));
  if (!source) {
    const looked = CI_SHARD_SOURCES.map((s) => `${s.index}${s.total ? `/${s.total}` : ''} (${s.name})`).join(', ');
    throw new Error(`--shard auto: no parallel CI job found: looked for ${looked}; give --shard i/n instead`);
  }
  const rawIndex = env[source.index]!.trim();
  const wholeNumber = (value: string) => /^\d+$/.test(value);
  if (!wholeNumber(rawIndex)) {
    throw new Error(`--shard auto: ${source.index} is "${rawIndex}", not a whole number (${source.name})`);
  }
  let total: number;
  let totalFrom: string;
  if (source.total) {
    const rawTotal = env[source.total]?.trim() ?? '';
    if (!wholeNumber(rawTotal)) {
      const what = rawTotal ? `"${rawTotal}", not a whole number` : 'not set';
      throw new Error(`--shard auto: ${source.name} sets ${source.index} but ${source.total} is ${what}`);
    }
    total = Number(rawTotal);
    totalFrom = source.total;
    if (flagTotal !== undefined && flagTotal !== total) {
      const fix = `drop the /${flagTotal} or make them agree`;
      throw new Error(`--shard auto/${flagTotal}: ${source.total} says ${total} jobs; ${fix}`);
    }
  } else {
    const envTotal = env[SHARD_TOTAL_ENV]?.trim();
    if (flagTotal === undefined && !present(envTotal)) {
      throw new Error(
        `--shard auto: ${source.index} is set (${source.name}) but not how many jobs there are: ` +
          `give --shard auto/N or env ${SHARD_TOTAL_ENV} (the Job's completions)`,
      );
    }
    if (flagTotal === undefined && !wholeNumber(envTotal!)) {
      throw new Error(`--shard auto: ${SHARD_TOTAL_ENV} is "${envTotal}", not a whole number`);
    }
    total = flagTotal ?? Number(envTotal);
    totalFrom = flagTotal !== undefined ? `auto/${flagTotal}` : SHARD_TOTAL_ENV;
  }
  const index = Number(rawIndex) + (1 - source.base);
  if (total < 1) throw new Error(`--shard auto: ${totalFrom} is ${total}; there must be at least one job`);
  if (index < 1 || index > total) {
    const counting = `${source.name} counts from ${source.base}`;
    throw new Error(`--shard auto: ${source.index}=${rawIndex} is out of range for ${total} jobs (${counting})`);
  }
  return { index, total };
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
