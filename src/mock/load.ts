/**
 * Bot definition file → BotDefinition. Like the spec loader: every problem is collected (YAML
 * syntax, unknown keys with a "did you mean", unknown scenario and entity names, colliding
 * utterances) and thrown together as one InputError with file:line:column for each.
 */
import { readSpecText } from '../yaml/read-source-text.js';
import { keepWrittenScalars, type ScalarKeys } from '../yaml/written-scalars.js';
import { resolve } from 'node:path';
import { displayPath } from '../yaml/discover.js';
import { InputError, type Problem } from '../diagnostics/problem.js';
import { issueToProblem, validateAgainst, type SchemaIssue } from '../yaml/schema-dsl.js';
import { parseYamlSource, type YamlSource } from '../yaml/yaml-source.js';
import { parseFastSource } from '../yaml/fast-yaml-source.js';
import { botDefinitions, botRoot } from './definition-schema.js';
import type { BotDefinition } from './definition.js';
import { toBot, type RawBot } from './build-bot.js';

/** Reads and checks a bot definition. Throws InputError with every problem found. */
export async function loadBotDefinition(file: string, cwd = process.cwd()): Promise<BotDefinition> {
  const absolute = resolve(cwd, file);
  const shown = displayPath(absolute, cwd);
  let read: Awaited<ReturnType<typeof readSpecText>>;
  try {
    read = await readSpecText(absolute, shown);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `no such bot definition: ${file}`
        : `cannot read the bot definition: ${code ?? (error as Error).message}`;
    throw new InputError([
      {
        file: shown,
        line: 1,
        column: 1,
        code: code === 'ENOENT' ? 'not-found' : 'unreadable',
        message,
        ...(code === 'ENOENT' ? { pathOnly: true } : {}),
      },
    ]);
  }
  if (!read.ok) throw new InputError([read.problem]);
  const text = read.text;
  const sources = new Map([[shown, text]]);
  // The fast parser first, as for specs (a quarter of the `yaml` package's time, which every
  // `run --mock` paid at start); a bot with any problem is read again by the positioned `yaml`
  // package, so what it reports stays exactly what it was.
  const fast = parseFastSource(shown, text, () => {
    const slow = parseYamlSource(shown, text);
    return slow.ok ? slow.source : undefined;
  });
  if (fast) {
    const result = botFromSource(fast);
    if (result.ok) return result.bot;
  }
  const parsed = parseYamlSource(shown, text);
  if (!parsed.ok) throw new InputError(parsed.problems, sources);
  const result = botFromSource(parsed.source);
  if (!result.ok) throw new InputError(result.problems, sources);
  return result.bot;
}

export type BotResult = { ok: true; bot: BotDefinition } | { ok: false; problems: Problem[] };

/**
 * The bot format's numbers and flags (ids and codes a reply carries as numbers, fault and session
 * settings), and the raw JSON it sends as written; every other scalar is a text.
 */
const BOT_SCALARS: ScalarKeys = {
  numbers: new Set([
    'id',
    'packageId',
    'stickerId',
    'code',
    'value',
    'showRows',
    'rate',
    'first',
    'status',
    'retryAfterSec',
    'delayMs',
    'latencyMs',
    'jitterMs',
    'threshold',
    'idleTimeoutMs',
  ]),
  booleans: new Set(['noAnswer']),
  verbatim: new Set(['flex', 'body', 'bubbles']),
};

/** Validates and converts one parsed bot definition. */
export function botFromSource(source: YamlSource): BotResult {
  // `utterances: [007]` is the text "007", as in specs: only real numbers and flags keep their value
  keepWrittenScalars(source, BOT_SCALARS);
  const value = source.value;
  if (typeof value === 'object' && value !== null && 'dialogues' in value) {
    return {
      ok: false,
      problems: [
        issueToProblem(source, {
          path: ['dialogues'],
          atKey: true,
          code: 'not-a-bot',
          message: 'this is a spec file (it has `dialogues`), not a bot definition',
          hint: 'a bot definition has `scenarios`; see docs/mock-bot.md',
        }),
      ],
    };
  }
  const structural = validateAgainst(value, botRoot, botDefinitions);
  if (structural.length > 0) return { ok: false, problems: structural.map((i) => issueToProblem(source, i)) };
  const issues: SchemaIssue[] = [];
  const bot = toBot(value as RawBot, source.file, issues);
  // found pass by pass; read top to bottom
  if (issues.length > 0)
    return {
      ok: false,
      problems: issues.map((i) => issueToProblem(source, i)).sort((a, b) => a.line - b.line || a.column - b.column),
    };
  return { ok: true, bot };
}
