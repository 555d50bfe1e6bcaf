/**
 * `clova-regress init`: scaffolds a spec folder (default `specs/`) with a bot for the built-in
 * mock and a spec that passes against it, and the project's clova-regress.config.yaml. Never
 * overwrites: if a spec file is there, nothing is written; an existing config file is kept.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { ScaffoldFile } from './init-scaffold.js';

export interface InitArgs {
  dir: string;
}

export const initCommand: CommandModule<object, InitArgs> = {
  command: 'init',
  describe: 'Create specs/ with an example bot and spec that run out of the box',
  builder: (y: Argv) => y.option('dir', { describe: 'The folder to create them in', type: 'string', default: 'specs' }) as unknown as Argv<InitArgs>,
  handler: async (argv: ArgumentsCamelCase<InitArgs>) => {
    process.exitCode = await init(argv.dir);
  },
};

async function init(dir: string): Promise<number> {
  const [{ scaffoldFiles }, fs, { EXIT }] = await Promise.all([import('./init-scaffold.js'), import('node:fs/promises'), import('../results/exit-code.js')]);
  const exists = (path: string) => fs.stat(path).then(() => true, () => false);
  const files: ScaffoldFile[] = [];
  const kept: string[] = [];
  const existing: string[] = [];
  for (const f of scaffoldFiles(dir)) {
    if (!(await exists(f.path))) files.push(f);
    else if (f.keepExisting) kept.push(f.path);
    else existing.push(f.path);
  }
  if (existing.length > 0) {
    process.stderr.write(`clova-regress: not overwriting ${existing.join(', ')}: nothing was written.\n(Move ${existing.length === 1 ? 'it' : 'them'} away, or choose another folder with --dir.)\n`);
    return EXIT.usage;
  }
  try {
    await fs.mkdir(dir, { recursive: true });
    // 'wx': fail rather than overwrite, should a file appear in the meantime
    for (const f of files) await fs.writeFile(f.path, f.text, { flag: 'wx' });
  } catch (error) {
    process.stderr.write(`clova-regress: cannot write into ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return EXIT.output;
  }
  const lines = files.map((f) => `  ${f.path.split('\\').join('/')}  ${f.what}`);
  for (const path of kept) lines.push(`  (kept the existing ${path})`);
  const runArgs = dir === 'specs' ? '' : ` ${dir} --mock ${dir}/bot.yaml`;
  process.stdout.write(`Wrote:\n${lines.join('\n')}\n\nNext, run the example against the built-in mock bot:\n  npx clova-regress run${runArgs}\nthen against your live bot:\n  CLOVA_INVOKE_URL=<invoke URL> CLOVA_SECRET_KEY=<secret key> npx clova-regress run${dir === 'specs' ? '' : ` ${dir}`}\n`);
  return EXIT.ok;
}
