/**
 * `clova-regress coverage [paths..] --scenarios <inventory>`: which scenarios the specs expect
 * (static) and, with `--results`, which the bot answered with (observed); a table per scenario
 * and per chat type. `--min-coverage` turns it into a CI gate (exit 1 below the bar).
 */
import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXPLORE_SCHEMA, type ExploreTree } from '../explore/tree.js';
import { loadSpecs } from '../dialogues/load.js';
import { wantsColor } from '../io/output.js';
import { writeReportFile, ReportWriteError } from '../io/write-report.js';
import { EXIT } from '../results/exit-code.js';
import { dialogueId } from '../results/model.js';
import { streamResultsFile } from '../results/results-file.js';
import { colorStyle } from '../reporters/console.js';
import { plainStyle } from '../render/styled.js';
import type { ArgsOf } from './options.js';
import type { CommandIo, Handling } from './handle.js';
import { readInventory, mergeInventories, type Inventory } from '../coverage/inventory.js';
import { buildCoverage, ExpectedTally, ObservedTally, type CoverageReport } from '../coverage/coverage.js';
import { RoutingTally } from '../coverage/routing.js';
import { renderCoverageText } from '../coverage/render-text.js';
import { renderCoverageMarkdown } from '../coverage/render-markdown.js';
import { coveragePage } from '../coverage/render-html.js';
import { TOOL_VERSION } from '../version.js';
import { counted } from '../render/text.js';

type CoverageArgs = ArgsOf<'coverage'>;

export async function main(argv: CoverageArgs, { stdout, stderr, cwd }: CommandIo): Promise<number> {
  const { report, notes } = await computeCoverage(argv, cwd);
  const outputs: Array<[string | undefined, () => string]> = [
    [argv.json, () => `${JSON.stringify(report, null, 2)}\n`],
    [argv.markdown, () => renderCoverageMarkdown(report)],
    [argv.html, () => coveragePage(report, notes, TOOL_VERSION)],
  ];
  try {
    for (const [target, render] of outputs) {
      if (target === undefined) continue;
      if (target === '' || target === '-') stdout(render());
      else await writeReportFile(resolve(cwd, target), render());
    }
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    stderr(`clova-regress: ${error.message}\n`);
    return EXIT.output;
  }
  // the table goes to the console unless stdout carries JSON or Markdown
  const toStdout = (v: string | undefined) => v === '' || v === '-';
  if (!toStdout(argv.json) && !toStdout(argv.markdown) && !toStdout(argv.html)) {
    const style = (argv.color ?? wantsColor(process.stdout)) ? colorStyle : plainStyle;
    stdout(`${[...renderCoverageText(report, style), ...notes.map((n) => style.dim(n))].join('\n')}\n`);
  }
  if (argv.minCoverage !== undefined && report.coverage < argv.minCoverage) {
    stderr(`clova-regress: coverage ${report.coverage.toFixed(1)}% is below --min-coverage ${argv.minCoverage}%\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** The tree in an `explore --json` file (told by its schema id in the first bytes), else undefined. */
async function readExploreTree(path: string): Promise<ExploreTree | undefined> {
  let head: string;
  try {
    const handle = await open(path, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
      head = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined; // the results reader says what is wrong with the file
  }
  if (!head.replace(/\s+/g, '').startsWith(`{"schema":"${EXPLORE_SCHEMA}"`)) return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ExploreTree;
  } catch (error) {
    throw new UsageProblem(`${path}: not a readable explore tree (${(error as Error).message})`);
  }
}

/** A mistake in how the command was called, said in one line. */
class UsageProblem extends Error {}

export const handling = (): Handling => ({
  notDone: 'no coverage computed',
  onError: (error, io) => {
    if (!(error instanceof UsageProblem)) return undefined;
    io.stderr(`clova-regress: ${error.message}\n`);
    return EXIT.usage;
  },
});

async function computeCoverage(argv: CoverageArgs, cwd: string): Promise<{ report: CoverageReport; notes: string[] }> {
  const loaded = await loadSpecs(argv.paths, cwd, { missingEnv: 'keep' });
  const inventoryFiles = argv.scenarios ?? loaded.botFiles;
  if (inventoryFiles.length === 0) {
    throw new UsageProblem(
      `which scenarios does the bot have? Name the inventory with --scenarios <file>: a bot definition, a CSV or .xlsx conversation list, or a list (no bot definition was found in ${argv.paths.join(', ')})`,
    );
  }
  const inventories: Inventory[] = [];
  for (const file of inventoryFiles)
    inventories.push(
      await readInventory(file, cwd, {
        ...(argv.column !== undefined ? { column: argv.column } : {}),
        ...(argv.sheet !== undefined ? { sheet: argv.sheet } : {}),
      }),
    );

  const notes: string[] = [];
  let observed: ObservedTally | undefined;
  let routing: RoutingTally | undefined;
  let planned: Set<string> | undefined;
  if (argv.results && argv.results.length > 0) {
    observed = new ObservedTally();
    routing = new RoutingTally();
    for (const file of argv.results) {
      // an explore tree (`explore --json`): its states are what the bot was seen to answer
      const tree = await readExploreTree(resolve(cwd, file));
      if (tree) {
        for (const state of tree.states) observed.addReply(state.scenarioName, state.chatTypes);
        if (!tree.complete)
          notes.push(`note: ${file} is from an explore that stopped early (a limit or an interruption).`);
        continue;
      }
      planned ??= new Set();
      const header = await streamResultsFile(resolve(cwd, file), (result) => {
        observed!.add(result);
        routing!.add(result);
      });
      for (const d of header.info.planned) planned!.add(d.id);
      if (header.summary.interrupted)
        notes.push(
          `note: ${file} is from a run that stopped early (${counted(header.summary.notRun, 'dialogue')} not run).`,
        );
    }
  }

  const expected = new ExpectedTally();
  let left = 0;
  for (const dialogue of loaded.suites.flatMap((s) => s.dialogues)) {
    if (dialogue.skip !== undefined) continue;
    // with results, only what that run planned: what it did not run cannot have been observed
    if (planned && !planned.has(dialogueId(dialogue.suite, dialogue.name))) {
      left++;
      continue;
    }
    expected.add(dialogue);
  }
  if (left > 0)
    notes.push(
      `note: ${left} dialogue run${left === 1 ? '' : 's'} of the specs ${left === 1 ? 'is' : 'are'} not in the results (another shard, --grep, --tag?): not counted.`,
    );
  if (loaded.unsetEnv.length > 0)
    notes.push(
      `note: not set here: ${loaded.unsetEnv.map((n) => `\${env.${n}}`).join(', ')}; expectations using them are read as written.`,
    );
  const table = routing?.table();
  const report = buildCoverage({
    inventoryFiles: inventories.map((i) =>
      i.column ? `${i.file} (column "${i.column}"${i.sheet ? `, sheet "${i.sheet}"` : ''})` : i.file,
    ),
    inventory: mergeInventories(inventories),
    expected,
    ...(observed ? { observed, resultsFiles: argv.results! } : {}),
    ...(table ? { routing: table } : {}),
  });
  return { report, notes };
}
