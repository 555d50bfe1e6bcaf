/**
 * The scenario inventory: every scenario the bot has, the denominator of coverage. Read from the
 * mock's bot definition, from the conversation list the CLOVA Chatbot Builder exports (CSV or
 * .xlsx; the column by name, else the first header naming a scenario), or from a plain list
 * (YAML list, or text with one name a line). Problems are positioned in the inventory file.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { displayPath, isBotDefinition } from '../yaml/discover.js';
import { InputError, type Problem } from '../diagnostics/problem.js';
import { parseYamlSource } from '../yaml/yaml-source.js';
import { decodeText } from '../tables/text-decode.js';
import { readTable } from '../tables/read-table.js';
import { columnLetter, findColumn, SCENARIO_HEADER_HINTS } from '../tables/table.js';

export interface Inventory {
  /** The file, as messages show it. */
  file: string;
  kind: 'bot definition' | 'table' | 'list';
  /** Scenario names, unique, in file order. */
  scenarios: string[];
  /** For a table: the column read (and the sheet of an .xlsx). */
  column?: string;
  sheet?: string;
}

export interface InventoryOptions {
  /** Table column: its header (default: the first header naming a scenario). */
  column?: string;
  /** .xlsx sheet (default: the first). */
  sheet?: string;
}

/** Reads one inventory file. Throws InputError with the file's problems. */
export async function readInventory(
  file: string,
  cwd = process.cwd(),
  options: InventoryOptions = {},
): Promise<Inventory> {
  const absolute = resolve(cwd, file);
  const shown = displayPath(absolute, cwd);
  const fail = (message: string, line = 1, code = 'bad-inventory'): never => {
    throw new InputError([
      { file: shown, line, column: 1, code, message, ...(code === 'not-found' ? { pathOnly: true } : {}) },
    ]);
  };
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT'
        ? `no such scenario inventory: ${file}`
        : `cannot read the scenario inventory: ${code ?? (error as Error).message}`,
      1,
      code === 'ENOENT' ? 'not-found' : 'unreadable',
    );
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.tsv' || ext === '.xlsx') return fromTable(shown, bytes, options, fail);
  const decoded = decodeText(bytes);
  if (!decoded.ok) return fail(decoded.message);
  if (ext === '.yaml' || ext === '.yml') return fromYaml(shown, decoded.text);
  return {
    file: shown,
    kind: 'list',
    scenarios: unique(
      decoded.text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#')),
    ),
  };
}

function fromTable(
  shown: string,
  bytes: Buffer,
  options: InventoryOptions,
  fail: (message: string, line?: number) => never,
): Inventory {
  const read = readTable(shown, bytes, options.sheet !== undefined ? { sheet: options.sheet } : {});
  if (!read.ok) return fail(read.message, read.line);
  const [header, ...rows] = read.table.rows;
  if (!header) return fail('the table is empty: the first row names the columns, the rows below list the scenarios');
  const column = findColumn(header, options.column, options.column === undefined ? SCENARIO_HEADER_HINTS : []);
  const headers = header.map((h) => `\`${h}\``).join(', ');
  if (!column) {
    return options.column !== undefined
      ? fail(`no column \`${options.column}\` (columns: ${headers})`, read.table.lines[0])
      : fail(`no column names a scenario (columns: ${headers}); choose one with --column`, read.table.lines[0]);
  }
  const scenarios = unique(rows.map((r) => (r[column.index] ?? '').trim()).filter((n) => n !== ''));
  const where = read.sheet !== undefined ? ` (sheet \`${read.sheet}\`, column ${columnLetter(column.index)})` : '';
  if (scenarios.length === 0)
    return fail(`column \`${column.header}\`${where} lists no scenarios`, read.table.lines[0]);
  return {
    file: shown,
    kind: 'table',
    scenarios,
    column: column.header,
    ...(read.sheet !== undefined ? { sheet: read.sheet } : {}),
  };
}

async function fromYaml(shown: string, text: string): Promise<Inventory> {
  const parsed = parseYamlSource(shown, text);
  if (!parsed.ok) throw new InputError(parsed.problems, new Map([[shown, text]]));
  const value = parsed.source.value;
  if (isBotDefinition(value)) {
    // loaded only for bot definitions: the mock's loader checks the whole file
    const { botFromSource } = await import('../mock/load.js');
    const bot = botFromSource(parsed.source);
    if (!bot.ok) throw new InputError(bot.problems, new Map([[shown, text]]));
    return { file: shown, kind: 'bot definition', scenarios: unique(bot.bot.scenarios.map((s) => s.name)) };
  }
  const list = Array.isArray(value) ? value : (value as { scenarios?: unknown } | null)?.scenarios;
  if (!Array.isArray(list)) {
    throw new InputError(
      [
        {
          ...parsed.source.locate([]),
          code: 'bad-inventory',
          message: 'expected a bot definition, or a list of scenario names',
        },
      ],
      new Map([[shown, text]]),
    );
  }
  const problems: Problem[] = [];
  const names: string[] = [];
  list.forEach((item, i) => {
    const name =
      typeof item === 'string' || typeof item === 'number' ? String(item) : (item as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && name.trim() !== '') names.push(name.trim());
    else
      problems.push({
        ...parsed.source.locate(Array.isArray(value) ? [i] : ['scenarios', i]),
        code: 'bad-inventory',
        message: 'expected a scenario name',
      });
  });
  if (problems.length > 0) throw new InputError(problems, new Map([[shown, text]]));
  return { file: shown, kind: 'list', scenarios: unique(names) };
}

/** Several inventories as one: the union of their scenarios, in order. */
export function mergeInventories(inventories: Inventory[]): string[] {
  return unique(inventories.flatMap((i) => i.scenarios));
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
