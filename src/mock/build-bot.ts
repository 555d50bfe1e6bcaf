/**
 * A bot definition that passed the schema → BotDefinition: defaults filled in, answers and faults
 * converted, and the checks of meaning the schema cannot make (unknown scenario and entity names,
 * duplicate names and ids, unreachable scenarios, colliding utterances) collected as schema issues.
 */
import { basename, extname } from 'node:path';
import { closestName } from '../diagnostics/problem.js';
import type { SchemaIssue } from '../yaml/schema-dsl.js';
import type { Path } from '../yaml/yaml-source.js';
import { newRefs, toAnswer, toButtonRows, toButtons, type AnswerContext, type AnswerRefs } from './answer-syntax.js';
import {
  DEFAULT_DOMAIN_CODE,
  DEFAULT_SESSION_IDLE_MS,
  DEFAULT_SIMILARITY_THRESHOLD,
  FIRST_SCENARIO_ID,
  type AnswerDef,
  type BotDefinition,
  type EntityDef,
  type ScenarioDef,
} from './definition.js';
import { toFaultConfig } from './fault-syntax.js';
import { ENTITY_NAME, ENTITY_REFERENCE, expandUtterance, expansionCount, MAX_EXPANSIONS } from './recognition.js';
import { normalizeUtterance } from './utterance-match.js';

interface RawAnswerHolder {
  answer?: unknown;
  quickButtons?: unknown[];
}
interface RawScenario extends RawAnswerHolder {
  name: string;
  id?: number;
  utterances?: string[];
  after?: string[];
  entities?: string[];
  keywords?: Array<string | { keyword: string; group?: string }>;
  bubbles?: Array<Record<string, unknown>>;
  faults?: unknown;
}
export interface RawBot {
  name?: string;
  domainCode?: string;
  welcome?: RawAnswerHolder & { id?: string | number };
  menu?: { title?: string; buttons: unknown[] };
  entities?: Record<string, Array<string | { value: string | number; synonyms?: string[] }>>;
  scenarios: RawScenario[];
  fallback?: RawAnswerHolder;
  matching?: { threshold?: number };
  session?: { idleTimeoutMs?: number };
  faults?: unknown;
}

const DEFAULT_FALLBACK: AnswerDef = {
  bubbles: [{ kind: 'text', text: 'Sorry, I did not understand that.' }],
  quickButtons: [],
};

/** A structurally valid bot value → BotDefinition; problems of meaning (names, references) go to `issues`. */
export function toBot(raw: RawBot, file: string, issues: SchemaIssue[]): BotDefinition {
  const entities = toEntities(raw.entities ?? {}, issues);
  const entityMap = new Map(entities.map((e) => [e.name, e]));
  const sharedRefs = newRefs();
  const shared: AnswerContext = { issues, refs: sharedRefs, allowNext: false };
  const answer = (holder: RawAnswerHolder, path: Path, ctx: AnswerContext): AnswerDef => ({
    bubbles: toAnswer(holder.answer, [...path, 'answer'], ctx),
    quickButtons: toButtons(holder.quickButtons ?? [], [...path, 'quickButtons'], ctx),
  });

  const scenarioRefs: AnswerRefs[] = [];
  const scenarios = raw.scenarios.map((s, i) => {
    const ctx: AnswerContext = { issues, refs: newRefs(), allowNext: true };
    scenarioRefs.push(ctx.refs);
    return toScenario(s, ['scenarios', i], i, ctx, entityMap, answer);
  });

  const bot: BotDefinition = {
    file,
    name: raw.name ?? basename(file, extname(file)),
    domainCode: raw.domainCode ?? DEFAULT_DOMAIN_CODE,
    welcome: raw.welcome
      ? { id: String(raw.welcome.id ?? '1'), ...answer(raw.welcome, ['welcome'], shared) }
      : { id: '1', bubbles: [], quickButtons: [] },
    scenarios,
    fallback: raw.fallback ? answer(raw.fallback, ['fallback'], shared) : DEFAULT_FALLBACK,
    entities,
    similarityThreshold: raw.matching?.threshold ?? DEFAULT_SIMILARITY_THRESHOLD,
    sessionIdleMs: raw.session?.idleTimeoutMs ?? DEFAULT_SESSION_IDLE_MS,
    faults: raw.faults ? toFaultConfig(raw.faults, ['faults'], issues) : {},
  };
  if (raw.menu)
    bot.menu = { title: raw.menu.title ?? 'Menu', rows: toButtonRows(raw.menu.buttons, ['menu', 'buttons'], shared) };
  checkReferences(bot, scenarioRefs, sharedRefs, entityMap, issues);
  return bot;
}

function toEntities(raw: NonNullable<RawBot['entities']>, issues: SchemaIssue[]): EntityDef[] {
  return Object.entries(raw).map(([name, values]) => {
    if (!ENTITY_NAME.test(name))
      issues.push({
        path: ['entities', name],
        atKey: true,
        code: 'bad-name',
        message: `entity name \`${name}\` cannot be written as \`@${name}\``,
        hint: 'use letters, digits, `_` and `-`, starting with a letter',
      });
    return {
      name,
      values: values.map((v) =>
        typeof v === 'string' ? { value: v, synonyms: [] } : { value: String(v.value), synonyms: v.synonyms ?? [] },
      ),
    };
  });
}

function toScenario(
  s: RawScenario,
  path: Path,
  index: number,
  ctx: AnswerContext,
  entityMap: ReadonlyMap<string, EntityDef>,
  answer: (holder: RawAnswerHolder, path: Path, ctx: AnswerContext) => AnswerDef,
): ScenarioDef {
  const entityNames = new Set<string>();
  for (const [i, name] of (s.entities ?? []).entries()) {
    if (entityMap.has(name)) entityNames.add(name);
    else ctx.issues.push(unknownName('entity', name, [...path, 'entities', i], entityMap.keys()));
  }
  const utterances = s.utterances ?? [];
  utterances.forEach((u, i) => {
    if (normalizeUtterance(u) === '')
      ctx.issues.push({
        path: [...path, 'utterances', i],
        code: 'bad-value',
        message: `\`${u}\` is only punctuation: no user input can match it`,
      });
    for (const m of u.matchAll(ENTITY_REFERENCE)) {
      if (entityMap.has(m[1]!)) entityNames.add(m[1]!);
      else ctx.issues.push(unknownName('entity', m[1]!, [...path, 'utterances', i], entityMap.keys(), '@'));
    }
    const count = expansionCount(u, entityMap);
    if (count > MAX_EXPANSIONS)
      ctx.issues.push({
        path: [...path, 'utterances', i],
        code: 'too-many-expansions',
        message: `this utterance expands to ${count} utterances (at most ${MAX_EXPANSIONS})`,
        hint: 'split it, or list the entity in `entities` instead of writing @entity',
      });
  });
  const scenario: ScenarioDef = {
    name: s.name,
    id: s.id ?? FIRST_SCENARIO_ID + index,
    utterances,
    after: s.after ?? [],
    entities: [...entityNames],
    keywords: (s.keywords ?? []).map((k) =>
      typeof k === 'string' ? { keyword: k, group: s.name } : { keyword: k.keyword, group: k.group ?? s.name },
    ),
    ...(s.bubbles
      ? {
          bubbles: s.bubbles.map((bubble) => ({ kind: 'raw' as const, bubble })),
          quickButtons: toButtons(s.quickButtons ?? [], [...path, 'quickButtons'], ctx),
        }
      : answer(s, path, ctx)),
  };
  if (s.faults) scenario.faults = toFaultConfig(s.faults, [...path, 'faults'], ctx.issues);
  return scenario;
}

/** Names used across the file: `after`, `next`, `utterance:` actions, `{entity}` texts; ids and utterances that collide. */
function checkReferences(
  bot: BotDefinition,
  scenarioRefs: AnswerRefs[],
  sharedRefs: AnswerRefs,
  entityMap: ReadonlyMap<string, EntityDef>,
  issues: SchemaIssue[],
): void {
  const byName = new Map<string, ScenarioDef>();
  const ids = new Map<number, string>();
  bot.scenarios.forEach((s, i) => {
    if (byName.has(s.name))
      issues.push({
        path: ['scenarios', i, 'name'],
        code: 'duplicate-name',
        message: `scenario name \`${s.name}\` is used twice`,
        hint: 'replies and specs know a scenario by its name: make it unique',
      });
    else byName.set(s.name, s);
    const other = ids.get(s.id);
    if (other !== undefined)
      issues.push({
        path: ['scenarios', i, 'id'],
        code: 'duplicate-id',
        message: `id ${s.id} is also scenario \`${other}\`'s`,
      });
    else ids.set(s.id, s.name);
  });
  const names = [...byName.keys()];
  const nextTargets = new Set<string>();

  bot.scenarios.forEach((s, i) => {
    s.after.forEach((parent, j) => {
      if (!byName.has(parent)) issues.push(unknownName('scenario', parent, ['scenarios', i, 'after', j], names));
    });
    const refs = scenarioRefs[i]!;
    const titles = new Map<string, string>();
    for (const ref of refs.next) {
      const target = byName.get(ref.target);
      if (!target) {
        issues.push(unknownName('scenario', ref.target, ref.path, names));
        continue;
      }
      const earlier = titles.get(ref.title);
      if (earlier !== undefined && earlier !== ref.target)
        issues.push({
          path: ref.path,
          code: 'ambiguous-postback',
          message: `two \`next\` buttons titled \`${ref.title}\` lead to different scenarios (\`${earlier}\`, \`${ref.target}\`)`,
          hint: 'the title is the postback: give them different titles',
        });
      titles.set(ref.title, ref.target);
      nextTargets.add(target.name);
    }
  });

  const allUtterances = new Map<string, string>();
  for (const s of bot.scenarios)
    for (const u of s.utterances)
      for (const plain of expandUtterance(u, entityMap)) allUtterances.set(normalizeUtterance(plain), u);
  const scenarioUtterances = [...new Set(bot.scenarios.flatMap((s) => s.utterances))];
  for (const ref of [...sharedRefs.utterances, ...scenarioRefs.flatMap((r) => r.utterances)]) {
    if (!allUtterances.has(normalizeUtterance(ref.text)))
      issues.push(unknownName('utterance', ref.text, ref.path, scenarioUtterances));
  }
  for (const ref of [...sharedRefs.placeholders, ...scenarioRefs.flatMap((r) => r.placeholders)]) {
    if (!entityMap.has(ref.name)) issues.push(unknownName('entity', ref.name, ref.path, entityMap.keys(), '{'));
  }

  bot.scenarios.forEach((s, i) => {
    if (s.utterances.length === 0 && !nextTargets.has(s.name)) {
      issues.push({
        path: ['scenarios', i, 'name'],
        code: 'unreachable',
        message: `scenario \`${s.name}\` can never answer`,
        hint: 'give it `utterances`, or make it the `next` of a button',
      });
    }
  });
  checkUtteranceCollisions(bot, entityMap, issues);
}

/** Within one group of candidates (the top level, or the follow-ups of one scenario) an utterance answers one way. */
function checkUtteranceCollisions(
  bot: BotDefinition,
  entityMap: ReadonlyMap<string, EntityDef>,
  issues: SchemaIssue[],
): void {
  const groups = new Map<string, Map<string, string>>();
  bot.scenarios.forEach((s, i) => {
    const keys = s.after.length === 0 ? [''] : s.after.map((p) => `after:${p}`);
    s.utterances.forEach((u, j) => {
      for (const plain of expandUtterance(u, entityMap)) {
        const normalized = normalizeUtterance(plain);
        for (const key of keys) {
          const group = groups.get(key) ?? new Map<string, string>();
          groups.set(key, group);
          const owner = group.get(normalized);
          if (owner !== undefined && owner !== s.name) {
            issues.push({
              path: ['scenarios', i, 'utterances', j],
              code: 'duplicate-utterance',
              message: `\`${plain}\` is also an utterance of scenario \`${owner}\``,
              hint:
                key === ''
                  ? 'an utterance answers one way: keep it in one scenario'
                  : `both follow \`${key.slice(6)}\`: keep it in one of them`,
            });
            return;
          }
          group.set(normalized, s.name);
        }
      }
    });
  });
}

function unknownName(what: string, name: string, path: Path, known: Iterable<string>, sigil = ''): SchemaIssue {
  const guess = closestName(name, known);
  const shown = sigil === '{' ? `{${name}}` : `${sigil}${name}`;
  return {
    path,
    code: `unknown-${what}`,
    message: `no ${what} \`${shown}\` in this bot`,
    ...(guess ? { hint: `did you mean \`${sigil === '{' ? `{${guess}}` : `${sigil}${guess}`}\`?` } : {}),
  };
}
