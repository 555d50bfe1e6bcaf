/**
 * JUnit and HTML spill each dialogue's markup to a temporary file and copy those bytes into the
 * report as they are: the masking happens as the text is spilled. A reporter fed a result that was
 * never masked (no multiplexer in front of it) must still write no secret, in any spelling.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JunitReporter } from '../../src/reporters/junit.js';
import { HtmlReporter } from '../../src/reporters/html/html.js';
import type { Reporter } from '../../src/results/event-stream.js';
import { clearSecrets, registerSecret } from '../../src/io/redact.js';
import { tempProject } from '../helpers/temp.js';
import { dialogue, passedStep, sampleRun } from '../helpers/sample-run.js';
import { turn } from '../helpers/turn.js';

const SECRET = 'spill-secret-0123456789';

afterEach(() => clearSecrets());

async function feed(reporter: Reporter): Promise<void> {
  const run = sampleRun();
  const leaky = dialogue('leaky', [
    passedStep(1, `say ${SECRET}`, turn({ text: `the key is ${SECRET}`, scenarioName: SECRET })),
  ]);
  await reporter.onBegin?.({
    ...run.info,
    planned: [...run.info.planned, { ...run.info.planned[0]!, id: leaky.id, name: 'leaky' }],
  });
  // the dialogues straight to the reporter: nothing masked them before
  for (const d of [leaky, ...run.dialogues]) await reporter.onDialogueEnd?.(d);
  await reporter.onEnd?.(run.summary);
}

describe('reports copied from their spill file', () => {
  it.each([
    ['junit', (path: string) => new JunitReporter(path)],
    ['html', (path: string) => new HtmlReporter(path)],
  ])('%s: a secret in an unmasked result is masked in the file', async (_, make) => {
    registerSecret(SECRET);
    const path = join(tempProject(), 'report');
    await feed(make(path));
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(text).toContain('leaky');
  });
});
