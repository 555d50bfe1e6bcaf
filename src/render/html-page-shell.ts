/**
 * The page shell every HTML output shares (the run report, `coverage --html`), below both so
 * coverage/ can write a page without importing the run report's reporter.
 */
import { createHash } from 'node:crypto';
import type { HtmlSection } from './html-section.js';
import { REPORT_CSS, REPORT_JS } from './html-assets.js';
import { escapeHtml as e } from './html-escape.js';

/** An extra section as the page shows it. */
export function sectionHtml(s: HtmlSection): string {
  return `<section class="block" id="${e(s.id)}"><h2>${e(s.title)}</h2>${s.html}</section>`;
}

/**
 * The page shell every HTML output shares (the run report, `coverage --html`): the stylesheet and,
 * when asked, the filter script inline, each allowed by hash in the Content-Security-Policy and
 * nothing else. `top`, `main` and `footer` are trusted markup: escape data where it is inserted.
 */
export function htmlPage(page: { title: string; top: string; main: string; footer: string; script?: boolean }): string {
  const shell = pageShell(page);
  return `${shell.before}${page.main}${shell.after}`;
}

/** The page around its `main` content, for a writer that streams the content in between. */
export function pageShell(page: { title: string; top: string; footer: string; script?: boolean }): {
  before: string;
  after: string;
} {
  const scripts = page.script ? hash(REPORT_JS) : `'none'`;
  const csp = `default-src 'none'; img-src https: http: data:; style-src ${hash(REPORT_CSS)}; script-src ${scripts}; base-uri 'none'; form-action 'none'`;
  const before = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>${e(page.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${page.top}
<main>
`;
  const after = `
</main>
<footer>${page.footer}</footer>
${page.script ? `<script>${REPORT_JS}</script>\n` : ''}</body>
</html>
`;
  return { before, after };
}

function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}
