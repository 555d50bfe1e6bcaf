/**
 * Links from the Markdown summary: each failure to its spec line in the repository's web view,
 * and to the dialogue in the HTML report. The source base comes from `--markdown-link-base`, or on
 * GitHub Actions from GITHUB_SERVER_URL / GITHUB_REPOSITORY / GITHUB_SHA; spec paths are taken
 * relative to the working folder (the repository root in CI). A URL that carries credentials or a
 * query is refused, never written into a summary that is posted where others read it.
 */

export interface MarkdownLinks {
  /** `https://github.com/o/r/blob/<sha>/`: a spec path and `#L<line>` are appended. */
  source?: string;
  /** The HTML report: a path relative to the Markdown file, or a URL; `#<dialogue anchor>` is appended. */
  html?: string;
}

/** A base URL checked for what must not be posted: `undefined` and a reason when it cannot be used. */
export function checkLinkUrl(value: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'must be an http(s) URL' };
  // the summary is posted where others read it: no user:password@, no ?token=
  if (url.username || url.password) return { error: 'must not carry credentials (user:password@)' };
  if (url.search) return { error: 'must not carry a query (?…): it could hold a token' };
  return { url: url.href };
}

/** The source link base: the flag when given, else GitHub Actions' variables when all are set. */
type Base = { base?: string } | { error: string };

export function sourceLinkBase(flag: string | undefined, env: NodeJS.ProcessEnv): Base {
  if (flag !== undefined) {
    const checked = checkLinkUrl(flag);
    return 'error' in checked ? { error: `--markdown-link-base ${checked.error}` } : { base: withSlash(checked.url) };
  }
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  if (!server || !repo || !sha || !/^[\w.-]+\/[\w.-]+$/.test(repo) || !/^[0-9a-f]{7,64}$/i.test(sha)) return {};
  const checked = checkLinkUrl(`${server.replace(/\/+$/, '')}/${repo}/blob/${sha}/`);
  // a detected base that cannot be used leaves the summary without links rather than failing the run
  return 'error' in checked ? {} : { base: checked.url };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** `<base><path>#L<line>`, or nothing for a path outside the working folder (absolute, `../`). */
export function sourceLink(base: string | undefined, file: string, line: number): string | undefined {
  if (!base) return undefined;
  const path = file.replaceAll('\\', '/');
  if (path.startsWith('/') || /^[a-z]:/i.test(path) || path.split('/').includes('..')) return undefined;
  return `${base}${path.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

/** A Markdown link destination, safe whatever it holds: `<…>` form, angle brackets escaped. */
export function mdHref(href: string): string {
  return `<${href.replace(/[<>\s]/g, (ch) => encodeURIComponent(ch))}>`;
}
