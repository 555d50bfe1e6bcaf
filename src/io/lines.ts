/**
 * A text file's lines, a chunk's worth at a time: readline is several times slower on files of
 * long lines (a results file is hundreds of megabytes of them), and one await per batch beats one
 * per line. `\r\n` and `\n` both end a line; a final line without a newline is yielded too. A line
 * longer than a chunk is gathered in parts, so a single huge line costs linear time.
 */
import { createReadStream } from 'node:fs';

export async function* readLineBatches(path: string): AsyncGenerator<string[]> {
  let parts: string[] = [];
  const strip = (l: string) => (l.endsWith('\r') ? l.slice(0, -1) : l);
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 })) {
    const text = chunk as string;
    const first = text.indexOf('\n');
    if (first === -1) {
      parts.push(text);
      continue;
    }
    const lines = text.slice(first + 1).split('\n');
    lines.unshift(parts.join('') + text.slice(0, first));
    parts = [lines.pop()!];
    yield lines.map(strip);
  }
  const last = parts.join('');
  if (last !== '') yield [strip(last)];
}
