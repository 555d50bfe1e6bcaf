#!/usr/bin/env node
/**
 * The command line: yargs commands only (src/cli/start.ts). Each command parses its flags, calls the
 * library and sets the exit code; nothing here decides a verdict.
 */
import { start } from './cli/start.js';

await start(process.argv.slice(2));
