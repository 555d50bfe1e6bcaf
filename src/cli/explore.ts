/**
 * `clova-regress explore --out <dir>`: crawl the bot breadth-first from the welcome, pressing every
 * button, and write what it found as a spec suite and a tree (docs/explore.md).
 */
import { relative, resolve } from 'node:path';
import { ReportWriteError, writeReportFile } from '../io/write-report.js';
import { EXIT } from '../results/exit-code.js';
import { chooseTarget } from './target.js';
import { trapInterrupts } from './run-scale.js';
import { crawl } from '../explore/crawl.js';
import { planSuiteFiles } from '../explore/spec-writer.js';
import { renderTreeHtml, renderTreeMarkdown, renderTreeText } from '../explore/render-tree.js';
import type { ArgsOf } from './options.js';
import type { CommandIo, Handling } from './handle.js';

export async function main(argv: ArgsOf<'explore'>, { stdout, stderr, env, cwd }: CommandIo): Promise<number> {
  const target = chooseTarget(argv, env);
  if (typeof target === 'string') {
    stderr(`clova-regress: ${target}\n`);
    return EXIT.usage;
  }
  const interrupts = trapInterrupts(stderr, () => undefined);
  try {
    // a broken suite in --out is found before the bot is called
    await planSuiteFiles([], { out: argv.out, cwd, description: argv.description });
    const { tree, walks } = await crawl({
      target,
      cwd,
      ...(argv.from ? { from: argv.from.map(String) } : {}),
      depth: argv.depth,
      maxDialogues: argv.maxDialogues,
      concurrency: argv.concurrency,
      timeoutMs: argv.timeout,
      requestRetries: argv.requestRetries,
      ...(argv.rps !== undefined ? { rps: argv.rps } : {}),
      signal: interrupts.signal,
    });
    stdout(renderTreeText(tree));
    const files = await planSuiteFiles(walks, { out: argv.out, cwd, description: argv.description });
    let failedWrite = false;
    const write = async (file: string, text: string, redact: boolean) => {
      try {
        await writeReportFile(resolve(cwd, file), text, { redact });
        return true;
      } catch (error) {
        if (!(error instanceof ReportWriteError)) throw error;
        stderr(`clova-regress: ${error.message}\n`);
        failedWrite = true;
        return false;
      }
    };
    for (const [file, render] of [
      [argv.json, () => `${JSON.stringify(tree, null, 2)}\n`],
      [argv.markdown, () => renderTreeMarkdown(tree)],
      [argv.html, () => renderTreeHtml(tree)],
    ] as const) {
      if (file !== undefined) await write(file, render(), true);
    }
    const added = files.reduce((n, f) => n + f.added, 0);
    if (argv.dryRun)
      stdout(`\nWould write ${added} new dialogue${added === 1 ? '' : 's'} (--dry-run: no spec file written).\n`);
    else {
      for (const f of files) {
        // the replies were masked as data by the runner's reporter stream; an appended file keeps the author's text
        if (await write(f.file, f.text, false))
          stdout(
            `${f.created ? 'Wrote' : 'Added to'} ${relative(cwd, f.file) || f.file}: ${f.added} dialogue${f.added === 1 ? '' : 's'}\n`,
          );
      }
      if (files.length === 0) stdout(`\nNo new paths: the suite in ${argv.out} already walks every path found.\n`);
    }
    if (failedWrite) return EXIT.output;
    if (tree.interrupted) return EXIT.interrupted;
    return tree.edges.some((e) => e.outcome === 'errored') ? EXIT.errored : EXIT.ok;
  } finally {
    interrupts.dispose();
  }
}

export const handling = (): Handling => ({ notDone: 'nothing explored' });
