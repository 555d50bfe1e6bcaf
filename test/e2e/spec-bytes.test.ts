/**
 * Spec and bot definition files that are not text a spec can be: too large (a 50 MB spec took
 * 14 s and 2.2 GB to validate), invalid UTF-8 or NUL bytes (decoded to U+FFFD and sent to the
 * bot). Each is a spec error at the file or the byte's line:column, exit 2, nothing sent.
 */
import { execFileSync, spawn } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scriptedBotPerTest, textReply, type ScriptedBot } from '../helpers/scripted-bot.js';
import { tempProject } from '../helpers/temp.js';
import { loadBotDefinition } from '../../src/mock/load.js';
import { InputError, renderInputError } from '../../src/diagnostics/problem.js';

const SECRET = 'spec-bytes-secret';
let bot: ScriptedBot | undefined;
const withBot = scriptedBotPerTest(SECRET);

const spec = (send: Buffer) =>
  Buffer.concat([
    Buffer.from('suite: bytes\ndialogues:\n  - name: one\n    steps:\n      - send: '),
    send,
    Buffer.from('\n        expect: { description: ok }\n'),
  ]);

async function runAgainstBot(dir: string) {
  bot = await withBot((req) => ({ json: textReply(req.body.userId, 'S', 'ok') }));
  return runCli(['run', 'spec.yaml', '--url', bot.url], { cwd: dir, env: { CLOVA_SECRET_KEY: SECRET } });
}

describe('a spec file that is not UTF-8 text', () => {
  it('an invalid UTF-8 byte is a spec error at its line and column, and nothing is sent', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'spec.yaml'), spec(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]))); // "caf\xe9 ok": Latin-1, not UTF-8
    const run = await runAgainstBot(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('spec.yaml:5:18');
    expect(run.stderr).toContain('invalid UTF-8 (byte 0xe9');
    expect(run.stdout).not.toContain('\uFFFD');
    expect(bot!.requests).toHaveLength(0);
  });

  it('a NUL byte is a spec error at its line and column (after multi-byte characters, counted as characters)', async () => {
    const dir = tempProject();
    writeFileSync(
      join(dir, 'spec.yaml'),
      spec(Buffer.concat([Buffer.from('한국 '), Buffer.from([0]), Buffer.from('x')])),
    );
    const run = await runAgainstBot(dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('spec.yaml:5:18');
    expect(run.stderr).toContain('a NUL byte');
    expect(bot!.requests).toHaveLength(0);
  });

  it('validate says the same', async () => {
    const dir = tempProject();
    writeFileSync(join(dir, 'spec.yaml'), spec(Buffer.from([0xff])));
    const validate = await runCli(['validate', 'spec.yaml'], { cwd: dir });
    expect(validate.code).toBe(2);
    expect(validate.stdout + validate.stderr).toContain('spec.yaml:5:15');
    expect(validate.stdout + validate.stderr).toContain('invalid UTF-8 (byte 0xff');
  });

  it('a UTF-8 spec with a BOM and non-Latin text still runs', async () => {
    const dir = tempProject();
    writeFileSync(
      join(dir, 'spec.yaml'),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), spec(Buffer.from('안녕하세요 😀'))]),
    );
    const run = await runAgainstBot(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(bot!.requests[0]!.body.bubbles).toEqual([{ type: 'text', data: { description: '안녕하세요 😀' } }]);
  });

  it('a file after one with an invalid byte is read as it is: nothing carries over between files', async () => {
    const dir = tempProject();
    // the first file ends inside a three-byte character: a decoder that kept it would spoil the next
    writeFileSync(join(dir, 'a.yaml'), Buffer.concat([spec(Buffer.from('ok')), Buffer.from([0x23, 0xe3, 0x81])]));
    writeFileSync(
      join(dir, 'b.yaml'),
      spec(Buffer.from('お元気ですか')).toString('utf8').replace('bytes', 'more bytes'),
    );
    const validate = await runCli(['validate', 'a.yaml', 'b.yaml'], { cwd: dir });
    const out = validate.stdout + validate.stderr;
    expect(validate.code).toBe(2);
    expect(out).toContain('a.yaml:7:2');
    expect(out).toContain('invalid UTF-8 (byte 0xe3');
    expect(out).not.toContain('b.yaml');
  });

  it('a bot definition with an invalid byte is refused at its position', async () => {
    const dir = tempProject();
    writeFileSync(
      join(dir, 'bot.yaml'),
      Buffer.concat([
        Buffer.from('scenarios:\n  - name: A\n    utterances: [caf'),
        Buffer.from([0xe9]),
        Buffer.from(']\n    answer: ok\n'),
      ]),
    );
    const error = await loadBotDefinition('bot.yaml', dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(renderInputError(error as InputError)).toContain('bot.yaml:3:21');
    expect((error as InputError).problems[0]!.code).toBe('invalid-utf8');
  });
});

describe('a spec file that is not a regular file', () => {
  it('a pipe (`run <(…)`) is read to its end, past what one read of it holds', async () => {
    const dir = tempProject();
    const pipe = join(dir, 'piped.yaml');
    execFileSync('mkfifo', [pipe]);
    const dialogues = Array.from(
      { length: 2000 },
      (_, k) => `  - name: dialogue ${k}\n    steps:\n      - send: hello ${k}\n        expect: { description: ok }\n`,
    );
    const text = `suite: piped\ndialogues:\n${dialogues.join('')}`;
    expect(text.length).toBeGreaterThan(128 * 1024); // a pipe's buffer holds 64 KiB
    writeFileSync(join(dir, 'source.txt'), text);
    // the writer blocks until the command opens the pipe, then writes the text whole and closes it
    const copy = 'const fs = require("fs"); fs.writeFileSync(process.argv[2], fs.readFileSync(process.argv[1]))';
    const writer = spawn(process.execPath, ['-e', copy, join(dir, 'source.txt'), pipe]);
    const written = new Promise((resolve) => writer.on('exit', resolve));
    const list = await runCli(['run', 'piped.yaml', '--list'], { cwd: dir });
    expect(await written).toBe(0);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('piped.yaml:3 › piped › dialogue 0');
    expect(list.stdout).toContain('› piped › dialogue 1999');
    expect(list.stdout).toContain('Total: 2000 dialogues');
  });
});

describe('a spec file over the size cap', () => {
  it('is refused before it is read, naming the file, its size and the limit (run and validate)', async () => {
    const dir = tempProject();
    const path = join(dir, 'huge.yaml');
    writeFileSync(path, 'suite: huge\n');
    truncateSync(path, 65 * 1024 * 1024); // sparse: 65 MB on paper, nothing on disk
    for (const args of [
      ['run', 'huge.yaml', '--list'],
      ['validate', 'huge.yaml'],
    ]) {
      const started = Date.now();
      const result = await runCli(args, { cwd: dir });
      expect(result.code).toBe(2);
      const out = result.stdout + result.stderr;
      expect(out).toContain('huge.yaml:1:1');
      expect(out).toContain('the file is 65.0 MB, over the 64.0 MB limit');
      expect(Date.now() - started).toBeLessThan(10_000);
    }
  });

  it('a bot definition over the cap is refused too', async () => {
    const dir = tempProject();
    const path = join(dir, 'bot.yaml');
    writeFileSync(path, 'scenarios: []\n');
    truncateSync(path, 65 * 1024 * 1024);
    const error = await loadBotDefinition('bot.yaml', dir).catch((e: unknown) => e);
    expect((error as InputError).problems[0]).toMatchObject({
      file: 'bot.yaml',
      line: 1,
      column: 1,
      code: 'too-large',
    });
  });
});
