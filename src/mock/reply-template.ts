/**
 * A reply serialized once, at start, with holes for what differs per request (userId, timestamp,
 * score, matchingType, entities, keywords, `{entity}` texts). Answering is then string
 * concatenation: no object building and no JSON.stringify of the whole reply per request.
 */

/** Marks a whole JSON value to fill in later; a private-use character cannot clash with bot text. */
const MARK = '\uE000';

export type SlotName = 'userId' | 'timestamp' | 'score' | 'matchingType' | 'entities' | 'keywords';

/** A placeholder value for `slot` positions in a reply object under construction. */
export function slot(name: SlotName): string {
  return MARK + name;
}

export interface ReplyValues {
  /** JSON text of the userId (with quotes): computed once per request. */
  userIdJson: string;
  timestamp: number;
  score?: string;
  matchingType?: string;
  /** JSON text of the entities array. */
  entitiesJson?: string;
  keywordsJson?: string;
  /** Entity values for `{entity}` texts. */
  slots?: Readonly<Record<string, string>> | null;
}

type Hole = { kind: 'slot'; name: SlotName } | { kind: 'entity'; name: string };

export class ReplyTemplate {
  private readonly parts: string[] = [];
  private readonly holes: Hole[] = [];
  /** True when some text shows an `{entity}` value. */
  readonly usesEntities: boolean;

  constructor(reply: unknown, entityNames: readonly string[] = []) {
    const json = JSON.stringify(reply);
    const entityPart = entityNames.length > 0 ? `|\\{(${entityNames.map(escapeRegExp).join('|')})\\}` : '';
    const pattern = new RegExp(`"${MARK}(userId|timestamp|score|matchingType|entities|keywords)"${entityPart}`, 'g');
    let last = 0;
    for (const m of json.matchAll(pattern)) {
      this.parts.push(json.slice(last, m.index));
      this.holes.push(m[1] !== undefined ? { kind: 'slot', name: m[1] as SlotName } : { kind: 'entity', name: m[2]! });
      last = m.index + m[0].length;
    }
    this.parts.push(json.slice(last));
    this.usesEntities = this.holes.some((h) => h.kind === 'entity');
  }

  render(values: ReplyValues): string {
    let out = this.parts[0]!;
    for (let i = 0; i < this.holes.length; i++) {
      out += fill(this.holes[i]!, values) + this.parts[i + 1]!;
    }
    return out;
  }
}

function fill(hole: Hole, v: ReplyValues): string {
  if (hole.kind === 'entity') {
    const value = v.slots?.[hole.name] ?? '';
    return JSON.stringify(value).slice(1, -1);
  }
  switch (hole.name) {
    case 'userId':
      return v.userIdJson;
    case 'timestamp':
      return String(v.timestamp);
    case 'score':
      return `"${v.score ?? ''}"`;
    case 'matchingType':
      return `"${v.matchingType ?? ''}"`;
    case 'entities':
      return v.entitiesJson ?? '[]';
    case 'keywords':
      return v.keywordsJson ?? '[]';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
