/** Options table entries (see options.ts): the reports a run writes, drift against a baseline, spec rewrites. */
import { descriptionHelp, DESCRIPTION_CHOICES, other, outputs, reports, writesReports } from './option-parts.js';
import type { OptionEntry } from './option-types.js';

export const REPORT_OPTIONS = {
  // reports
  junit: { type: 'string', group: reports, commands: writesReports, describe: 'Write a JUnit XML report to this file' },
  json: {
    type: 'string',
    group: reports,
    describe:
      'Write the JSON results file: the whole run, to rebuild any report or compare later ' +
      '(docs/results-format.md)',
    commands: {
      ...writesReports,
      coverage: { group: other, describe: 'Write the coverage as JSON to this file (to stdout when no file is given)' },
      explore: { group: outputs, describe: 'Write the tree as JSON to this file (coverage --results reads it)' },
    },
  },
  html: {
    type: 'string',
    group: reports,
    describe: 'Write a self-contained HTML report: transcripts, diffs, filters',
    commands: {
      ...writesReports,
      explore: { group: outputs, describe: 'Write the tree as an HTML page to this file' },
      coverage: {
        group: other,
        describe: 'Write the coverage as a self-contained HTML page to this file (untested scenarios first)',
      },
    },
  },
  markdown: {
    type: 'string',
    group: reports,
    describe: 'Write a Markdown summary sized for a PR comment',
    commands: {
      ...writesReports,
      coverage: {
        group: other,
        describe: 'Write the coverage as Markdown to this file (to stdout when no file is given)',
      },
      explore: { group: outputs, describe: 'Write the tree as Markdown to this file' },
    },
  },
  'step-summary': {
    type: 'boolean',
    group: reports,
    default: true,
    describe:
      'Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set (GitHub Actions); ' +
      '--no-step-summary turns it off',
    // a separate job runs `report`: it writes the step summary only when asked; `merge` is where a sharded run is whole
    commands: {
      run: true,
      merge: true,
      report: { default: false, describe: 'Append the Markdown summary to $GITHUB_STEP_SUMMARY when it is set' },
    },
  },
  baseline: {
    type: 'string',
    group: reports,
    commands: writesReports,
    describe: "A previous run's JSON results: report how every reply changed since (drift)",
  },
  'fail-on-drift': {
    type: 'boolean',
    group: reports,
    default: false,
    commands: writesReports,
    describe: 'Exit 1 when any reply drifted from the --baseline',
  },
  // links from the Markdown summary (reporters/markdown-links.ts checks them: no credentials, no query)
  'markdown-link-base': {
    type: 'string',
    group: reports,
    commands: writesReports,
    describe:
      'Link each failure in the Markdown summary to its spec line: the URL spec paths are appended to ' +
      '(https://github.com/o/r/blob/<sha>/); detected on GitHub Actions',
  },
  'markdown-html-url': {
    type: 'string',
    group: reports,
    commands: writesReports,
    describe:
      'Where the --html report will be published: the Markdown summary and step summary link each failure to it',
  },
  scenarios: {
    type: 'string',
    array: true,
    group: reports,
    describe:
      'A scenario inventory (bot definition, Builder CSV/.xlsx export, or a list): adds scenario coverage ' +
      'to the HTML and Markdown reports',
    commands: {
      ...writesReports,
      coverage: {
        group: other,
        describe:
          'The scenario inventory: a bot definition, a CSV/.xlsx conversation list exported from the CLOVA ' +
          'Chatbot Builder, or a YAML/text list (repeatable; default: the bot definition found among the paths)',
      },
    },
  },
  update: {
    type: 'boolean',
    group: reports,
    default: false,
    commands: { run: true },
    describe:
      'Rewrite the failed expectations of failing steps in the spec files with what the bot answered ' +
      '(comments and layout kept)',
  },
  'record-description': {
    type: 'string',
    group: reports,
    choices: DESCRIPTION_CHOICES,
    default: 'auto',
    commands: { run: true },
    describe: descriptionHelp,
  },
} as const satisfies Record<string, OptionEntry>;
