import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function seedReplyNames(): string[] {
  return readdirSync(`${FIXTURES}seed-replies`)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export function seedReply(name: string): unknown {
  return JSON.parse(readFileSync(`${FIXTURES}seed-replies/${name}.json`, 'utf8'));
}
