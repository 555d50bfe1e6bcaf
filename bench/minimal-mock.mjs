#!/usr/bin/env node
/**
 * The bench's minimal-signing mock: a bare node:http server that checks each request's signature
 * (one HMAC over the body, no timestamp window, so replayed bodies pass) and answers one of three
 * fixed valid CLOVA replies (open / "products" / "Product A"). It does next to nothing else, so
 * whoever drives it — clova-regress, the undici ceiling client, wrk — is the one measured.
 *
 *   node bench/minimal-mock.mjs <replies.json>   (CLOVA_SECRET_KEY set; run with an IPC channel)
 *
 * Sends its parent {url} once listening, then {count, cpuUs} every 50 ms while requests arrive
 * (its own CPU, so the bench can show it is not the limit).
 */
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const replies = JSON.parse(readFileSync(process.argv[2], 'utf8')).map((r) => Buffer.from(JSON.stringify(r)));
const secret = Buffer.from(process.env.CLOVA_SECRET_KEY ?? '', 'utf8');
const HEADER = 'x-ncp-chatbot_signature';
let count = 0;
let bad = 0;
let reported = -1; // count + bad at the last report

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    if (createHmac('sha256', secret).update(body).digest('base64') !== req.headers[HEADER]) {
      bad++;
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"code":"4031","message":"bad signature"}');
      return;
    }
    count++;
    const text = body.toString('latin1');
    const reply = text.includes('"event":"open"') ? replies[0] : text.includes('Product A') ? replies[2] : replies[1];
    res.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': reply.length }).end(reply);
  });
});
server.keepAliveTimeout = 60_000;
const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
setInterval(() => {
  if (count + bad === reported) return;
  reported = count + bad;
  process.send?.({ count, bad, cpuUs: cpuUs() });
}, 50).unref();
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${server.address().port}/` }));
process.on('disconnect', () => process.exit(0));
