/**
 * The mock chatbot: a BotDefinition compiled once into reply templates and utterance indexes, and
 * one pure step per request — (request, session) → reply text, the answering scenario, and the
 * session state to keep. The server keeps that state only if the reply is delivered intact, so a
 * request hit by a fault can be retried and still meet the same conversation.
 */
import type { ChatInput } from './request-checks.js';
import type { BotDefinition, ScenarioDef } from './definition.js';
import {
  buildBubbles,
  buttonJson,
  contentRows,
  formButtons,
  formPostback,
  FORM_PREFIX,
  offersForm,
  UTTERANCE_PREFIX,
  type BuildContext,
} from './components.js';
import { FaultPlan, mergeFaults, type FaultConfig, type FaultRule } from './faults.js';
import type { AnswerOrigin } from './information.js';
import {
  compileKeywords,
  EntityRecognizer,
  expandUtterance,
  findKeywords,
  type CompiledKeyword,
} from './recognition.js';
import { ReplyTemplate, slot } from './reply-template.js';
import {
  formatScore,
  matchUtterance,
  normalizeUtterance,
  UtteranceIndex,
  type UtteranceMatch,
} from './utterance-match.js';

export interface ChatbotOptions {
  /** Seeds the fault decisions. */
  seed?: number;
  /** Replace the bot's own faults key by key (command-line flags). */
  faults?: FaultConfig;
}

/** Conversation state the chatbot reads; it never writes it. */
export interface SessionView {
  context: string | null;
  slots: Readonly<Record<string, string>> | null;
}

export interface Answer {
  json: string;
  /** Null for the welcome, the menu and the failure answer. */
  scenarioName: string | null;
  matchingType?: string;
  score?: string;
  /** The state to keep when the reply is delivered intact. */
  next: SessionView;
  /** The faults that apply to this reply. */
  faults: FaultPlan;
}

interface CompiledScenario {
  def: ScenarioDef;
  template: ReplyTemplate;
  entities: ReadonlySet<string>;
  keywords: CompiledKeyword[];
  faults: FaultPlan;
}

const NO_CONVERSATION = { scenarioName: null, chatUtteranceSetId: null, types: [] };

export class MockChatbot {
  private readonly utteranceIds = new Map<string, number>();
  private readonly utteranceTexts = new Map<string, string>();
  private readonly topLevel = new UtteranceIndex<CompiledScenario>();
  private readonly followUps = new Map<string, UtteranceIndex<CompiledScenario>>();
  /** `${scenario}\0_T_${title}` → the form step it leads to. */
  private readonly formRoutes = new Map<string, CompiledScenario>();
  private readonly recognizer: EntityRecognizer;
  private readonly welcome: ReplyTemplate;
  private readonly menu: ReplyTemplate;
  private readonly fallback: ReplyTemplate;
  private readonly globalFaults: FaultPlan;
  private readonly threshold: number;
  /** Some fault counts each user's requests: sessions need counters. */
  readonly countsUsers: boolean;

  constructor(bot: BotDefinition, options: ChatbotOptions = {}) {
    const seed = options.seed ?? 0;
    const serverHits = new Map<FaultRule, number>();
    const globalConfig = mergeFaults(bot.faults, options.faults);
    this.globalFaults = new FaultPlan(globalConfig, seed, serverHits);
    this.threshold = bot.similarityThreshold;
    this.recognizer = new EntityRecognizer(bot.entities);
    const entityNames = bot.entities.map((e) => e.name);
    const entityMap = new Map(bot.entities.map((e) => [e.name, e]));
    const context = (origin: AnswerOrigin, form = false): BuildContext => ({
      origin,
      form,
      utteranceId: (text) => this.utteranceId(text),
    });

    const welcomeCtx = context({ kind: 'welcome', welcomeMsgId: bot.welcome.id });
    const menuJson = bot.menu
      ? { type: 'template', title: bot.menu.title, data: { contentTable: contentRows(bot.menu.rows, welcomeCtx) } }
      : undefined;
    this.welcome = new ReplyTemplate(
      envelope({
        bubbles: buildBubbles(bot.welcome.bubbles, welcomeCtx),
        entities: [],
        ...quick(bot.welcome.quickButtons.map((b) => buttonJson(b, welcomeCtx))),
        ...(menuJson ? { persistentMenu: menuJson } : {}),
        keywords: [],
        conversation: NO_CONVERSATION,
        event: 'open',
      }),
      entityNames,
    );
    this.menu = new ReplyTemplate(
      envelope({ bubbles: [], ...(menuJson ? { persistentMenu: menuJson } : {}), event: 'getPersistentMenu' }),
    );
    const fallbackCtx = context({ kind: 'fallback' });
    this.fallback = new ReplyTemplate(
      envelope({
        bubbles: buildBubbles(bot.fallback.bubbles, fallbackCtx),
        entities: [],
        ...quick(bot.fallback.quickButtons.map((b) => buttonJson(b, fallbackCtx))),
        keywords: [],
        conversation: NO_CONVERSATION,
        normalizer: 'null',
        event: 'send',
      }),
      entityNames,
    );

    const compiled = new Map<string, CompiledScenario>();
    const plans: FaultPlan[] = [this.globalFaults];
    for (const def of bot.scenarios) {
      const ctx = context(
        { kind: 'scenario', scenarioName: def.name, domainCode: bot.domainCode },
        offersForm(def.bubbles, def.quickButtons),
      );
      const faults = def.faults
        ? new FaultPlan(mergeFaults(globalConfig, def.faults), seed, serverHits)
        : this.globalFaults;
      plans.push(faults);
      const scenario: CompiledScenario = {
        def,
        template: new ReplyTemplate(scenarioReply(def, ctx), entityNames),
        entities: new Set(def.entities),
        keywords: compileKeywords(def.keywords),
        faults,
      };
      compiled.set(def.name, scenario);
      const groups = def.after.length === 0 ? [this.topLevel] : def.after.map((parent) => this.followUpsOf(parent));
      for (const utterance of def.utterances) {
        for (const plain of expandUtterance(utterance, entityMap))
          for (const group of groups) group.add(plain, scenario);
      }
    }
    for (const def of bot.scenarios) {
      for (const action of formButtons(def.bubbles, def.quickButtons)) {
        const target = compiled.get(action.next);
        if (target) this.formRoutes.set(`${def.name}\0${formPostback(action.title)}`, target);
      }
    }
    this.countsUsers = plans.some((p) => p.countsUsers);
  }

  respond(input: ChatInput, session: SessionView, now: number): Answer {
    const userIdJson = JSON.stringify(input.userId);
    switch (input.event) {
      case 'open':
        // opening the messenger starts a new conversation
        return {
          json: this.welcome.render({ userIdJson, timestamp: now, slots: null }),
          scenarioName: null,
          next: { context: null, slots: null },
          faults: this.globalFaults,
        };
      case 'getPersistentMenu':
        return {
          json: this.menu.render({ userIdJson, timestamp: now }),
          scenarioName: null,
          next: session,
          faults: this.globalFaults,
        };
      case 'send':
        return this.answerText(input.text ?? '', session, userIdJson, now);
    }
  }

  private answerText(text: string, session: SessionView, userIdJson: string, now: number): Answer {
    let said = text;
    let match: UtteranceMatch<CompiledScenario> | undefined;
    if (said.startsWith(UTTERANCE_PREFIX)) {
      said = this.utteranceTexts.get(said.slice(UTTERANCE_PREFIX.length)) ?? said;
    } else if (said.startsWith(FORM_PREFIX)) {
      // a form button works while its form is open: the scenario offering it answered last
      const target = session.context !== null ? this.formRoutes.get(`${session.context}\0${said}`) : undefined;
      said = said.slice(FORM_PREFIX.length);
      if (target) match = { target, score: 1, exact: true };
    }
    const normalized = normalizeUtterance(said);
    match ??= matchUtterance(
      normalized,
      [session.context !== null ? this.followUps.get(session.context) : undefined, this.topLevel],
      this.threshold,
    );
    if (!match) {
      // a failed turn keeps the context, so the user can answer the same question again
      return {
        json: this.fallback.render({ userIdJson, timestamp: now, slots: session.slots }),
        scenarioName: null,
        next: session,
        faults: this.globalFaults,
      };
    }
    const scenario = match.target;
    const entities = this.recognizer.recognize(normalized, scenario.entities);
    let slots = session.slots;
    if (entities.length > 0) {
      // own keys only: an entity named `__proto__` is remembered like any other
      slots = Object.fromEntries([
        ...Object.entries(slots ?? {}),
        ...entities.map((hit) => [hit.entity, hit.value] as const),
      ]);
    }
    const keywords = scenario.keywords.length > 0 ? findKeywords(normalized, scenario.keywords) : [];
    const score = formatScore(match);
    const matchingType = match.exact ? 'exactMatch' : 'similarMatch';
    const json = scenario.template.render({
      userIdJson,
      timestamp: now,
      score,
      matchingType,
      entitiesJson: entities.length > 0 ? JSON.stringify(entities) : '[]',
      keywordsJson: keywords.length > 0 ? JSON.stringify(keywords) : '[]',
      slots,
    });
    return {
      json,
      scenarioName: scenario.def.name,
      matchingType,
      score,
      next: { context: scenario.def.name, slots },
      faults: scenario.faults,
    };
  }

  /** The utterance id a menu or button sends as `_U_<id>`; numbered in order of first use. */
  private utteranceId(text: string): number {
    const key = normalizeUtterance(text);
    let id = this.utteranceIds.get(key);
    if (id === undefined) {
      id = FIRST_UTTERANCE_ID + this.utteranceIds.size;
      this.utteranceIds.set(key, id);
      this.utteranceTexts.set(String(id), text);
    }
    return id;
  }

  private followUpsOf(parent: string): UtteranceIndex<CompiledScenario> {
    let index = this.followUps.get(parent);
    if (!index) this.followUps.set(parent, (index = new UtteranceIndex()));
    return index;
  }
}

/** Utterance ids count from the vendor example's. */
const FIRST_UTTERANCE_ID = 5560752;

function envelope(rest: Record<string, unknown>): Record<string, unknown> {
  return { version: 'v2', userId: slot('userId'), timestamp: slot('timestamp'), ...rest };
}

function quick(buttons: unknown[]): { quickButtons?: unknown[] } {
  return buttons.length > 0 ? { quickButtons: buttons } : {};
}

/** A scenario's reply, keys in the order of seed 003. */
function scenarioReply(def: ScenarioDef, ctx: BuildContext): Record<string, unknown> {
  return envelope({
    bubbles: buildBubbles(def.bubbles, ctx),
    scenario: { name: def.name, chatUtteranceSetId: def.id, intent: [] },
    entities: slot('entities'),
    ...quick(def.quickButtons.map((b) => buttonJson(b, ctx))),
    keywords: slot('keywords'),
    conversation: { scenarioName: def.name, chatUtteranceSetId: def.id, types: [] },
    normalizer: 'null',
    event: 'send',
  });
}
