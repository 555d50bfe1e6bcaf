/**
 * `clova-regress schema [spec|bot|config]`: prints the JSON Schema of spec files, bot definitions
 * or the config file, generated from the definitions the loaders use; `--out <dir>` writes all
 * three files instead
 * (`npm run schema` keeps docs/schema/ current this way).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';

export interface SchemaArgs {
  kind: 'spec' | 'bot' | 'config';
  out?: string;
}

export const schemaCommand: CommandModule<object, SchemaArgs> = {
  command: 'schema [kind]',
  describe: 'Print the JSON Schema of spec files (or of bot definitions, or of the config file) for editors',
  builder: (y: Argv) =>
    y
      .positional('kind', { describe: 'Which file format', choices: ['spec', 'bot', 'config'] as const, default: 'spec' as const })
      .option('out', { describe: 'Write spec.schema.json, bot.schema.json and config.schema.json into this folder instead of printing', type: 'string' }) as unknown as Argv<SchemaArgs>,
  handler: async (argv: ArgumentsCamelCase<SchemaArgs>) => {
    const [{ jsonSchemaText, schemaFileName, SCHEMA_KINDS }, { writeReportFile, ReportWriteError }, { join }, { EXIT }] = await Promise.all([
      import('./json-schemas.js'),
      import('../io/write-report.js'),
      import('node:path'),
      import('../results/exit-code.js'),
    ]);
    if (argv.out === undefined) {
      process.stdout.write(jsonSchemaText(argv.kind));
      return;
    }
    try {
      for (const kind of SCHEMA_KINDS) {
        const file = join(argv.out, schemaFileName(kind));
        await writeReportFile(file, jsonSchemaText(kind));
        process.stdout.write(`wrote ${file}\n`);
      }
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      process.stderr.write(`clova-regress: ${error.message}\n`);
      process.exitCode = EXIT.output;
    }
  },
};
