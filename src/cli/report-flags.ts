/**
 * The report flags of `run` (and `report`): which files to write, the baseline to compare with,
 * and `--update`. Light on purpose: the CLI imports it at start-up to declare options.
 */
import type { Options } from 'yargs';

const group = 'Reports:';

export const reportFlagOptions = {
  json: { type: 'string', group, describe: 'Write the JSON results file: the whole run, to rebuild any report or compare later (docs/results-format.md)' },
  html: { type: 'string', group, describe: 'Write a self-contained HTML report: transcripts, diffs, filters' },
  markdown: { type: 'string', group, describe: 'Write a Markdown summary sized for a PR comment' },
  'step-summary': { type: 'boolean', group, default: true, describe: 'Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set (GitHub Actions); --no-step-summary turns it off' },
  baseline: { type: 'string', group, describe: 'A previous run\'s JSON results: report how every reply changed since (drift)' },
  'fail-on-drift': { type: 'boolean', group, default: false, describe: 'Exit 1 when any reply drifted from the --baseline' },
  scenarios: { type: 'string', array: true, group, describe: 'A scenario inventory (bot definition, Builder CSV/.xlsx export, or a list): adds scenario coverage to the HTML and Markdown reports' },
  // markdown links options (issue 14)
  'markdown-link-base': { type: 'string', group, describe: 'Link each failure in the Markdown summary to its spec line: the URL spec paths are appended to (https://github.com/o/r/blob/<sha>/); detected on GitHub Actions' },
  'markdown-html-url': { type: 'string', group, describe: 'Where the --html report will be published: the Markdown summary and step summary link each failure to it' },
} as const satisfies Record<string, Options>;

export interface ReportFlags {
  json?: string;
  html?: string;
  markdown?: string;
  stepSummary: boolean;
  baseline?: string;
  failOnDrift: boolean;
  /** Scenario inventories: coverage sections in the HTML and Markdown reports. */
  scenarios?: string[];
  // markdown links options (issue 14)
  markdownLinkBase?: string;
  markdownHtmlUrl?: string;
}

export const DESCRIPTION_CHOICES = ['auto', 'exact', 'contains', 'none'] as const;

export const descriptionOption = {
  type: 'string',
  choices: DESCRIPTION_CHOICES,
  default: 'auto',
  describe: 'How a recorded description is written: auto (exact when one short line, else contains its first line), exact, contains, none',
} as const satisfies Options;

export const updateFlagOptions = {
  update: { type: 'boolean', group, default: false, describe: 'Rewrite the failed expectations of failing steps in the spec files with what the bot answered (comments and layout kept)' },
  'record-description': { ...descriptionOption, group },
} as const satisfies Record<string, Options>;

export interface UpdateFlags {
  update: boolean;
  recordDescription: (typeof DESCRIPTION_CHOICES)[number];
}
