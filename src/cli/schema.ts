/**
 * `clova-regress schema [spec|bot|config]`: prints the JSON Schema of spec files, bot definitions
 * or the config file, generated from the definitions the loaders use; `--out <dir>` writes all
 * three files instead
 * (`npm run schema` keeps docs/schema/ current this way).
 */
import { join } from 'node:path';
import { jsonSchemaText, schemaFileName, SCHEMA_KINDS } from './json-schemas.js';
import { writeReportFile, ReportWriteError } from '../io/write-report.js';
import { EXIT } from '../results/exit-code.js';
import type { ArgsOf } from './options.js';
import type { CommandIo } from './handle.js';

export async function main(args: ArgsOf<'schema'>, io: CommandIo): Promise<number> {
  if (args.out === undefined) {
    // written as is, as before: the schema is generated, it holds nothing of the user's
    process.stdout.write(jsonSchemaText(args.kind));
    return EXIT.ok;
  }
  try {
    for (const kind of SCHEMA_KINDS) {
      const file = join(args.out, schemaFileName(kind));
      await writeReportFile(file, jsonSchemaText(kind));
      io.stdout(`wrote ${file}\n`);
    }
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    io.stderr(`clova-regress: ${error.message}\n`);
    return EXIT.output;
  }
  return EXIT.ok;
}
