/**
 * The config file's format in the schema language: every run option as a key (camelCase as the
 * docs show, or the flag's own kebab-case name), named `targets` and a `defaultTarget`. One
 * definition for the loader's positioned messages and the JSON Schema editors read.
 */
import { bool, field, list, num, obj, str, union } from '../yaml/schema-dsl.js';
import type { Definitions, Field, SchemaNode } from '../yaml/schema-dsl.js';
import type { ConfigOption } from './config-option.js';

/** The keys of a target that are not run options. */
export const TARGET_KEYS = ['url', 'secretEnv', 'mock'] as const;

export const TARGET_NAME = {
  regex: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
  message: 'a target name is letters, digits, `_`, `.` and `-`',
};
const ENV_NAME = {
  regex: '^[A-Za-z_][A-Za-z0-9_]*$',
  message: 'an environment variable name is letters, digits and _',
};

export interface ConfigSchema {
  root: SchemaNode;
  definitions: Definitions;
}

function optionNode(option: ConfigOption): SchemaNode {
  switch (option.type) {
    case 'string':
      return str(option.describe);
    case 'number':
      return num(option.describe);
    case 'boolean':
      return bool(option.describe);
    case 'array':
      return union('a string or a list of strings', [str(), list(str())], option.describe);
  }
}

/** Each option under both spellings: `maxFailures` (documented) and `max-failures` (the flag's). */
function optionFields(options: readonly ConfigOption[]): Record<string, Field> {
  const fields: Record<string, Field> = {};
  for (const option of options) {
    const doc = option.positional ? option.describe : `${option.describe} (--${option.name})`;
    fields[option.camel] = field(optionNode(option), doc);
    if (option.name !== option.camel) fields[option.name] = field(optionNode(option), `Same as \`${option.camel}\``);
  }
  return fields;
}

export function configSchema(options: readonly ConfigOption[]): ConfigSchema {
  const runOptions = optionFields(options.filter((o) => o.name !== 'url' && o.name !== 'mock'));
  const target = obj(
    'a target',
    {
      url: field(str('', { minLength: 1 }), 'The bot\'s API Gateway invoke URL, usually "${env.NAME}"'),
      secretEnv: field(str('', { pattern: ENV_NAME }), "The environment variable holding this bot's secret key"),
      mock: field(str('', { minLength: 1 }), 'A bot definition for the built-in mock, relative to the config file'),
      ...runOptions,
    },
    {
      exactlyOne: {
        keys: ['url', 'mock'],
        noun: 'bot',
        hint: 'a target is a live bot (`url`) or the built-in mock (`mock`)',
      },
    },
  );
  const root = obj(
    'the config file',
    {
      ...optionFields(options),
      targets: field(
        obj('a map of named targets', {}, { values: { kind: 'ref', ref: 'target' }, keys: TARGET_NAME }),
        'Named bots: name → `url` + `secretEnv`, or `mock`, plus run options',
      ),
      defaultTarget: field(str('', { minLength: 1 }), 'The target used when `--target` is not given'),
    },
    { doc: 'clova-regress config file (clova-regress.config.yaml)' },
  );
  return { root, definitions: { target } };
}
