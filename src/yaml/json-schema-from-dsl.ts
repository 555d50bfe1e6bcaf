/**
 * The schema language's third reader: JSON Schema for editors (yaml-language-server), converted from
 * the same definitions the loaders validate against, so completion and validation cannot disagree.
 */
import type { Definitions, SchemaNode } from './schema-dsl.js';

/** JSON Schema (draft-07, the dialect YAML editors understand best) for a root node and its definitions. */
export function toJsonSchema(
  root: SchemaNode,
  defs: Definitions,
  meta: { id: string; title: string },
): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  for (const [name, node] of Object.entries(defs)) definitions[name] = nodeToJson(node);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: meta.id,
    title: meta.title,
    ...nodeToJson(root),
    definitions,
  };
}

function nodeToJson(node: SchemaNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  switch (node.kind) {
    case 'string':
      out.type = 'string';
      if (node.enum) out.enum = [...node.enum];
      if (node.minLength !== undefined) out.minLength = node.minLength;
      if (node.maxLength !== undefined) out.maxLength = node.maxLength;
      if (node.pattern) out.pattern = node.pattern.regex;
      break;
    case 'number':
      out.type = node.integer ? 'integer' : 'number';
      if (node.minimum !== undefined) out.minimum = node.minimum;
      if (node.maximum !== undefined) out.maximum = node.maximum;
      break;
    case 'boolean':
      out.type = 'boolean';
      break;
    case 'null':
      out.type = 'null';
      break;
    case 'array':
      out.type = 'array';
      out.items = nodeToJson(node.items);
      if (node.minItems !== undefined) out.minItems = node.minItems;
      break;
    case 'object': {
      out.type = 'object';
      const properties: Record<string, unknown> = {};
      for (const [key, f] of Object.entries(node.fields))
        properties[key] = { ...nodeToJson(f.node), description: f.doc };
      out.properties = properties;
      const required = Object.entries(node.fields)
        .filter(([, f]) => f.required)
        .map(([k]) => k);
      if (required.length > 0) out.required = required;
      out.additionalProperties = node.values ? nodeToJson(node.values) : false;
      if (node.values && node.keys) out.propertyNames = { pattern: node.keys.regex };
      if (node.exactlyOne) out.oneOf = node.exactlyOne.keys.map((k) => ({ required: [k] }));
      if (node.minKeys !== undefined) out.minProperties = node.minKeys;
      break;
    }
    case 'union':
      out.anyOf = node.options.map(nodeToJson);
      break;
    case 'ref':
      out.$ref = `#/definitions/${node.ref}`;
      break;
  }
  if (node.doc && out.description === undefined) out.description = node.doc;
  return out;
}
