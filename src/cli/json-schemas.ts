/**
 * The JSON Schemas shipped in docs/schema/ for editors (yaml-language-server), generated from the
 * same schema-language definitions the loaders validate against — so completion and the loader
 * cannot disagree about which keys exist. `npm run schema` rewrites the files; a test fails when
 * they are stale.
 */
import { toJsonSchema } from '../yaml/json-schema-from-dsl.js';
import { specDefinitions, specRoot } from '../dialogues/spec-schema.js';
import { botDefinitions, botRoot } from '../mock/definition-schema.js';
import { configSchema } from '../config/config-schema.js';
import { runConfigOptions } from './config-options.js';

export const SCHEMA_KINDS = ['spec', 'bot', 'config'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

/** Where the published package serves them; editors can also use a path into node_modules. */
const BASE = 'https://unpkg.com/clova-regress/docs/schema/';

export function schemaFileName(kind: SchemaKind): string {
  return `${kind}.schema.json`;
}

export function jsonSchema(kind: SchemaKind): Record<string, unknown> {
  const id = BASE + schemaFileName(kind);
  switch (kind) {
    case 'spec':
      return toJsonSchema(specRoot, specDefinitions, {
        id,
        title: 'clova-regress spec file (dialogues to run against a CLOVA chatbot)',
      });
    case 'bot':
      return toJsonSchema(botRoot, botDefinitions, {
        id,
        title: 'clova-regress bot definition (the built-in mock CLOVA chatbot)',
      });
    case 'config': {
      const { root, definitions } = configSchema(runConfigOptions());
      return toJsonSchema(root, definitions, {
        id,
        title: 'clova-regress config file (clova-regress.config.yaml: run options and named targets)',
      });
    }
  }
}

/** The file's exact text: stable key order, two-space indent, a final newline. */
export function jsonSchemaText(kind: SchemaKind): string {
  return `${JSON.stringify(jsonSchema(kind), null, 2)}\n`;
}
