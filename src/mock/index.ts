/**
 * The built-in mock CLOVA Chatbot, as a library. Typical use:
 *
 *   const bot = await loadBotDefinition('specs/bot.yaml');
 *   const mock = await startMockServer({ bot, secretKey });
 *   … POST signed requests to mock.url …
 *   await mock.close();
 */

/** Reads and checks a bot definition file; throws InputError (file:line:column problems). */
export { loadBotDefinition, botFromSource } from './load.js';
/** Starts the mock on 127.0.0.1 (port 0 = a free one): `{ url, stats(), close() }`. */
export {
  startMockServer,
  DEFAULT_MAX_BODY_BYTES,
  type MockServer,
  type MockServerOptions,
  type MockStats,
} from './server.js';
/** The fault flags shared by `mock` and `run`, and their conversion to a fault config. */
export { FAULT_FLAG_NAMES, faultsFromFlags, type FaultFlags } from './fault-flags.js';
/** Fault configuration types and the kinds a fault can take. */
export { FAULT_KINDS, type FaultConfig, type FaultKind, type FaultRule } from './faults.js';
/** The loaded bot definition (scenario names for coverage inventories live in `scenarios[].name`). */
export type { BotDefinition, ScenarioDef, BubbleDef, ButtonDef, ActionDef } from './definition.js';
/** The bot definition schema (for `validate` and JSON Schema generation with toJsonSchema). */
export { botDefinitions, botRoot } from './definition-schema.js';
/** The chatbot without HTTP: one request and session in, one reply out (for tests and tools). */
export { MockChatbot, type Answer, type SessionView } from './chatbot.js';
/** The service's request checks (signature 4031, fields 4000, timestamp window 4032). */
export { checkRequest, DEFAULT_TIMESTAMP_WINDOW_MS, type ChatInput } from './request-checks.js';
