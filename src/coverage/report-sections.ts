/**
 * Coverage and NLU routing as sections of the HTML and Markdown reports of `run` (and of `report`,
 * replaying a results file). A reporter like the others: it counts what the bot answered as
 * dialogues end (counts only, so memory stays flat), and when the reports are written it adds
 * the static side — the specs' expectations, for the dialogues this run planned — and renders.
 */
import type { Reporter } from '../results/event-stream.js';
import type { HtmlSectionSource } from '../render/html-section.js';
import type { DialogueResult, RunInfo } from '../results/model.js';
import { dialogueId } from '../results/model.js';
import { loadSpecs } from '../dialogues/load.js';
import { escapeHtml } from '../render/html-escape.js';
import { readInventory, mergeInventories, type Inventory, type InventoryOptions } from './inventory.js';
import { buildCoverage, ExpectedTally, ObservedTally, type CoverageReport } from './coverage.js';
import { RoutingTally } from './routing.js';
import { coverageSection, routingSection } from './render-html.js';
import { renderCoverageMarkdown, renderRoutingMarkdown } from './render-markdown.js';

export interface CoverageSectionsOptions {
  /** Spec paths of the run: where the expectations are read. */
  paths: string[];
  cwd: string;
  /** Without inventories only the routing section is made. */
  inventories?: Inventory[];
}

export class CoverageCollector implements Reporter {
  readonly name = 'coverage';
  private readonly observed = new ObservedTally();
  private readonly routing = new RoutingTally();
  private planned: Set<string> | undefined;
  private computed: Promise<CoverageReport | string> | undefined;

  constructor(private readonly options: CoverageSectionsOptions) {}

  onBegin(info: RunInfo): void {
    if (this.options.inventories) this.planned = new Set(info.planned.map((d) => d.id));
  }

  onDialogueEnd(result: DialogueResult): void {
    this.routing.add(result);
    if (this.options.inventories) this.observed.add(result);
  }

  /** The coverage of this run (computed once), or why it could not be. */
  coverage(): Promise<CoverageReport | string> | undefined {
    const inventories = this.options.inventories;
    if (!inventories) return undefined;
    this.computed ??= this.compute(inventories).catch((error: unknown) => `coverage could not be computed: ${(error as Error).message}`);
    return this.computed;
  }

  private async compute(inventories: Inventory[]): Promise<CoverageReport> {
    const { suites } = await loadSpecs(this.options.paths, this.options.cwd, { missingEnv: 'keep' });
    const expected = new ExpectedTally();
    for (const dialogue of suites.flatMap((s) => s.dialogues)) {
      if (dialogue.skip === undefined && (!this.planned || this.planned.has(dialogueId(dialogue.suite, dialogue.name)))) expected.add(dialogue);
    }
    return buildCoverage({ inventoryFiles: inventories.map((i) => i.file), inventory: mergeInventories(inventories), expected, observed: this.observed, resultsFiles: [] });
  }

  readonly htmlSections: HtmlSectionSource[] = [
    async () => {
      const report = await this.coverage();
      if (report === undefined) return undefined;
      return typeof report === 'string' ? { id: 'coverage', title: 'Scenario coverage', html: `<p>${escapeHtml(report)}</p>` } : coverageSection(report);
    },
    () => {
      const table = this.routing.table();
      return table ? routingSection(table) : undefined;
    },
  ];

  readonly markdownSections: Array<() => Promise<string | undefined> | string | undefined> = [
    async () => {
      const report = await this.coverage();
      if (report === undefined) return undefined;
      return typeof report === 'string' ? `### Scenario coverage\n\n${report}\n` : renderCoverageMarkdown(report);
    },
    () => {
      const table = this.routing.table();
      return table ? `${renderRoutingMarkdown(table)}\n` : undefined;
    },
  ];
}

/** Reads the inventories named by `--scenarios` up front, so a bad one stops the command before it runs. Throws InputError. */
export async function readInventories(files: string[] | undefined, cwd: string, options: InventoryOptions = {}): Promise<Inventory[] | undefined> {
  if (!files || files.length === 0) return undefined;
  const out: Inventory[] = [];
  for (const file of files) out.push(await readInventory(file, cwd, options));
  return out;
}
