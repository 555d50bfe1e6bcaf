/**
 * `clova-regress init`: scaffolds a spec folder (default `specs/`) with a bot for the built-in
 * mock and a spec that passes against it, and the project's clova-regress.config.yaml. Never
 * overwrites: if a spec file is there, nothing is written; an existing config file is kept.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { scaffoldFiles, type ScaffoldFile } from './init-scaffold.js';
import { EXIT } from '../results/exit-code.js';
import type { ArgsOf } from './options.js';
import type { CommandIo } from './handle.js';

export async function main({ dir }: ArgsOf<'init'>, io: CommandIo): Promise<number> {
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  const files: ScaffoldFile[] = [];
  const kept: string[] = [];
  const existing: string[] = [];
  for (const f of scaffoldFiles(dir)) {
    if (!(await exists(f.path))) files.push(f);
    else if (f.keepExisting) kept.push(f.path);
    else existing.push(f.path);
  }
  if (existing.length > 0) {
    io.stderr(
      `clova-regress: not overwriting ${existing.join(', ')}: nothing was written.\n(Move ${existing.length === 1 ? 'it' : 'them'} away, or choose another folder with --dir.)\n`,
    );
    return EXIT.usage;
  }
  try {
    await mkdir(dir, { recursive: true });
    // 'wx': fail rather than overwrite, should a file appear in the meantime
    for (const f of files) await writeFile(f.path, f.text, { flag: 'wx' });
  } catch (error) {
    io.stderr(
      `clova-regress: cannot write into ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
    );
    return EXIT.output;
  }
  const lines = files.map((f) => `  ${f.path.split('\\').join('/')}  ${f.what}`);
  for (const path of kept) lines.push(`  (kept the existing ${path})`);
  const runArgs = dir === 'specs' ? '' : ` ${dir} --mock ${dir}/bot.yaml`;
  io.stdout(
    `Wrote:\n${lines.join('\n')}\n\nNext, run the example against the built-in mock bot:\n  npx clova-regress run${runArgs}\nthen against your live bot:\n  CLOVA_INVOKE_URL=<invoke URL> CLOVA_SECRET_KEY=<secret key> npx clova-regress run${dir === 'specs' ? '' : ` ${dir}`}\n`,
  );
  return EXIT.ok;
}
