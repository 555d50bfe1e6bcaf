/**
 * The few XML pieces a JUnit file needs, written as text: escaped attributes, CDATA sections that
 * survive any `]]>`, and elements indented as the file has always been laid out. Writing them
 * directly (rather than building junit-report-builder's DOM) keeps one string per testcase and
 * loads no 788 KB bundle. Callers pass text already made XML-safe (xmlSafe): these functions
 * escape markup, they do not drop characters.
 */

export type Attrs = Array<[name: string, value: string | number | undefined]>;

/** An attribute value: markup escaped, and tab/newline/CR as references so readers keep them. */
export function escapeAttr(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (ch) => ATTR_ESCAPES[ch]!);
}

const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};

/**
 * A CDATA section holding `text` exactly: every `]]>` inside is split across two sections
 * (`]]]]><![CDATA[>`), so a reader sees the original text and the section never ends early.
 */
export function cdataSection(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** ` name="value"…`: the attributes as they follow an element's name (undefined values left out). */
export function attrText(attrs: Attrs): string {
  let out = '';
  for (const [name, value] of attrs) if (value !== undefined) out += ` ${name}="${escapeAttr(String(value))}"`;
  return out;
}

/** `<name attrs/>`, or with a CDATA body `<name attrs><![CDATA[…]]></name>` (empty text: no body). */
export function leaf(indent: string, name: string, attrs: Attrs, text?: string): string {
  if (text === undefined || text === '') return `${indent}<${name}${attrText(attrs)}/>`;
  return `${indent}<${name}${attrText(attrs)}>${cdataSection(text)}</${name}>`;
}

/** An element holding child lines (already indented one level deeper); none: self-closed. */
export function parent(indent: string, name: string, attrs: Attrs, children: string[]): string {
  if (children.length === 0) return `${indent}<${name}${attrText(attrs)}/>`;
  return `${indent}<${name}${attrText(attrs)}>\n${children.join('\n')}\n${indent}</${name}>`;
}

/** `2026-12-02T02:01:44`: local time without a zone, as JUnit readers (and the builder before) expect. */
export function junitTimestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
