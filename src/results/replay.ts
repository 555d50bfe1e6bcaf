/**
 * Replays a saved run through reporters (after Playwright's merge-reports): the same events, in
 * the same order, as the run that wrote the file, so `report` rebuilds exactly the reports the run
 * would have written. The file is checked whole before any reporter hears of it: a corrupt file
 * yields an error and no half-written report.
 */
import type { DialogueResult, RunInfo, RunSummary } from './model.js';
import { ReporterMux, type Annotator, type Reporter, type ReporterFailure } from './event-stream.js';
import { streamResultsFile, type ResultsHeader } from './results-file.js';

export interface ReplayOutcome {
  header: ResultsHeader;
  /** The summary as reporters received it (annotated, e.g. with drift). */
  summary: RunSummary;
  failures: ReporterFailure[];
}

/** Feeds a saved run (already in memory) to reporters. */
export async function replayResults(
  run: { info: RunInfo; dialogues: Iterable<DialogueResult> | AsyncIterable<DialogueResult>; summary: RunSummary },
  reporters: Reporter[],
  annotators: Annotator[] = [],
): Promise<{ summary: RunSummary; failures: ReporterFailure[] }> {
  let finalSummary = run.summary;
  const capture: Reporter = { name: 'replay', onEnd: (s) => void (finalSummary = s) };
  const mux = new ReporterMux([...reporters, capture], annotators);
  await mux.begin(run.info);
  for await (const dialogue of run.dialogues) await mux.dialogueEnd(dialogue);
  await mux.end(run.summary);
  return { summary: finalSummary, failures: mux.failures };
}

/** Streams a results file through reporters; memory stays flat. Throws ResultsFileError before any event when the file is unusable. */
export async function replayResultsFile(
  path: string,
  reporters: Reporter[],
  annotators: Annotator[] = [],
): Promise<ReplayOutcome> {
  // first pass: check every line, so reporters never start on a file that turns out corrupt
  await streamResultsFile(path, () => undefined);
  let header: ResultsHeader | undefined;
  let mux: ReporterMux | undefined;
  let finalSummary: RunSummary | undefined;
  const capture: Reporter = { name: 'replay', onEnd: (s) => void (finalSummary = s) };
  const start = async (h: ResultsHeader) => {
    header = h;
    mux = new ReporterMux([...reporters, capture], annotators);
    await mux.begin(h.info);
  };
  const rest = await streamResultsFile(path, async (dialogue, h) => {
    if (!mux) await start(h);
    await mux!.dialogueEnd(dialogue);
  });
  if (!mux) await start(rest);
  await mux!.end(rest.summary);
  return { header: header!, summary: finalSummary ?? rest.summary, failures: mux!.failures };
}
