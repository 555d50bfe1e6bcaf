/**
 * Coverage and NLU routing as sections of the HTML and Markdown reports of `run` (and of `report`,
 * replaying a results file). A reporter like the others: it counts what the bot answered as
 * dialogues end (counts only, so memory stays flat), and adds the static side — what the planned
 * dialogues expect — from the plan the stream begins with. It reads no spec file: `report`
 * replays the run's own expectations, whatever the specs say now.
 */
import type { Reporter } from '../results/event-stream.js';
import type { HtmlSectionSource } from '../render/html-section.js';
import type { DialogueResult, RunInfo } from '../results/model.js';
import { escapeHtml } from '../render/html-escape.js';
import { readInventory, mergeInventories, type Inventory, type InventoryOptions } from './inventory.js';
import { buildCoverage, ExpectedTally, ObservedTally, type CoverageReport } from './coverage.js';
import { RoutingTally } from './routing.js';
import { coverageSection, routingSection } from './render-html.js';
import { renderCoverageMarkdown, renderRoutingMarkdown } from './render-markdown.js';

export interface CoverageSectionsOptions {
  /** Without inventories only the routing section is made. */
  inventories?: Inventory[];
}

export class CoverageCollector implements Reporter {
  readonly name = 'coverage';
  private readonly observed = new ObservedTally();
  private readonly routing = new RoutingTally();
  private readonly expected = new ExpectedTally();
  /** Planned dialogues whose expectations the plan does not carry (a results file of an older version). */
  private unknown = 0;
  private computed: Promise<CoverageReport | string> | undefined;

  constructor(private readonly options: CoverageSectionsOptions = {}) {}

  /** Only scenario coverage (inventories given) reads what the plan expects; routing reads replies. */
  get readsPlannedExpectations(): boolean {
    return this.options.inventories !== undefined;
  }

  onBegin(info: RunInfo): void {
    if (!this.options.inventories) return;
    for (const planned of info.planned) {
      if (planned.expects) this.expected.addPlanned({ ...planned, expects: planned.expects });
      else this.unknown++;
    }
  }

  onDialogueEnd(result: DialogueResult): void {
    this.routing.add(result);
    if (this.options.inventories) this.observed.add(result);
  }

  /** The coverage of this run (computed once), or why it could not be. */
  coverage(): Promise<CoverageReport | string> | undefined {
    const inventories = this.options.inventories;
    if (!inventories) return undefined;
    this.computed ??= this.compute(inventories).catch(
      (error: unknown) => `coverage could not be computed: ${(error as Error).message}`,
    );
    return this.computed;
  }

  private async compute(inventories: Inventory[]): Promise<CoverageReport> {
    if (this.unknown > 0) {
      // guessing from today's specs could show expectations the run never had: say so instead
      throw new Error(
        `the results file does not record what its ${this.unknown} planned dialogue(s) expect ` +
          '(written by an older clova-regress); run the specs again, or use `clova-regress coverage` on the specs',
      );
    }
    return buildCoverage({
      inventoryFiles: inventories.map((i) => i.file),
      inventory: mergeInventories(inventories),
      expected: this.expected,
      observed: this.observed,
      resultsFiles: [],
    });
  }

  readonly htmlSections: HtmlSectionSource[] = [
    async () => {
      const report = await this.coverage();
      if (report === undefined) return undefined;
      return typeof report === 'string'
        ? { id: 'coverage', title: 'Scenario coverage', html: `<p>${escapeHtml(report)}</p>` }
        : coverageSection(report);
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
export async function readInventories(
  files: string[] | undefined,
  cwd: string,
  options: InventoryOptions = {},
): Promise<Inventory[] | undefined> {
  if (!files || files.length === 0) return undefined;
  const out: Inventory[] = [];
  for (const file of files) out.push(await readInventory(file, cwd, options));
  return out;
}
