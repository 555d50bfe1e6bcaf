/**
 * The HTML report in a real browser: Debian's chromium driven by playwright-core (never a
 * downloaded browser). The report comes from a real run against a mock bot whose replies are
 * hostile (`</script>`, event handlers, javascript: links, control characters). It must load
 * with no console error, run no injected script, fetch nothing, filter by status, tag, suite and
 * text — and it is photographed. Without chromium the test is skipped with the reason, except in
 * CI (env CI set), where that is a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { runCli } from '../helpers/cli.js';
import { tempProject } from '../helpers/temp.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HOSTILE =
  '</script><script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> bell\u0007 & "quotes"';

const BOT = `name: Hostile bot
welcome:
  answer: Hello!
  quickButtons: [Products, Store hours]
scenarios:
  - name: Store hours
    utterances: [store hours]
    answer: We are open every day from 10:00 to 20:00.
  - name: Hostile
    utterances: [say something nasty]
    answer:
      text: ${JSON.stringify(HOSTILE)}
      buttons:
        - { title: "<b>bold</b>", url: "javascript:alert(1)" }
        - { title: Safe link, url: "https://www.ncloud.com/?a=1&b=<2>" }
  - name: New arrivals
    utterances: [new arrivals]
    answer:
      carousel:
        - { title: Autumn blend, image: "https://ssl.pstatic.net/CloudFunctions.png", text: Roasted., buttons: [{ title: Details, url: "https://www.ncloud.com" }] }
        - { title: Mug, image: "https://ssl.pstatic.net/CloudFunctions.png", text: A mug. }
`;

const SHOP = `suite: Shop
tags: [smoke]
dialogues:
  - name: greets
    steps:
      - open:
        expect: { quickButtons: [Products] }
  - name: hours
    tags: [hours]
    steps:
      - send: store hours
        expect: { description: We are open every day from 9:00 to 21:00. }
  - name: arrivals
    steps:
      - send: new arrivals
        expect: { components: [carousel] }
`;

const NASTY = `suite: "Nasty </script> suite"
dialogues:
  - name: "nasty <img src=x onerror=alert(1)>"
    tags: [hostile]
    steps:
      - send: say something nasty
        expect: { scenarioName: Polite }
  - name: skipped one
    skip: not today
    steps: [{ send: hi }]
`;

function browserOrSkip(skip: (note: string) => void): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI) throw new Error(`${reason}: required in CI`);
  // said out loud: the default reporter shows a skip, not its note
  console.warn(`html-browser test skipped: ${reason}`);
  skip(reason);
  return false;
}

let browser: Browser | undefined;
const profiles: string[] = [];
afterAll(async () => {
  await browser?.close();
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report in headless Chromium', () => {
  it('loads with no console error, runs nothing injected, fetches nothing, filters, and is photographed', async (ctx) => {
    if (!browserOrSkip((note) => ctx.skip(note))) return;
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SHOP, 'specs/nasty.yaml': NASTY });
    const run = await runCli(['run', '--no-progress', '--html', 'out/report.html'], { cwd: dir });
    expect(run.code).toBe(1);
    const file = join(dir, 'out/report.html');
    expect(readFileSync(file, 'utf8')).not.toContain('<script>window.pwned');

    const profile = mkdtempSync(join(tmpdir(), 'clova-regress-chromium-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    browser = context.browser() ?? undefined;
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (r) => {
        if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href);
      await page.waitForLoadState('load');

      const visible = () => page.locator('article.dialogue:visible').count();
      expect(await page.locator('#shown').textContent()).toBe('showing 5 of 5');
      expect(await visible()).toBe(5);

      // status: the failed ones only, and the filter is in the address for sharing
      await page.click('button[data-status="failed"]');
      expect(await visible()).toBe(2);
      expect(new URL(page.url()).hash).toBe('#status=failed');
      expect(await page.locator('button[data-status="failed"]').getAttribute('aria-pressed')).toBe('true');
      await page.click('button[data-status="skipped"]');
      expect(await visible()).toBe(1);
      await page.click('button[data-status="all"]');
      expect(await visible()).toBe(5);

      // tag, suite and text search, combined
      await page.selectOption('#tag', 'smoke');
      expect(await visible()).toBe(3);
      await page.selectOption('#tag', 'hours');
      expect(await visible()).toBe(1);
      await page.selectOption('#tag', '');
      await page.selectOption('#suite', 'Nasty </script> suite');
      expect(await visible()).toBe(2);
      await page.fill('#q', 'skipped');
      expect(await visible()).toBe(1);
      await page.fill('#q', 'no such dialogue');
      expect(await visible()).toBe(0);
      expect(await page.locator('#none').isVisible()).toBe(true);
      await page.fill('#q', '');
      await page.selectOption('#suite', '');
      expect(await visible()).toBe(5);

      // hostile text is shown as text, and its link is not a link
      await page.click('#expand');
      expect(
        await page.locator('.bubble, .card .body', { hasText: '</script><script>window.pwned = 1</script>' }).count(),
      ).toBeGreaterThan(0);
      expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
      expect(await page.locator('a[href="https://www.ncloud.com/?a=1&b=%3C2%3E"]').count()).toBe(1);
      // images wait for the reader: none has a source until "load images"
      expect(await page.locator('img[data-src]').count()).toBe(2);
      expect(await page.locator('img[src]').count()).toBe(0);

      const shot = join(tmpdir(), `clova-regress-report-${process.pid}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('puts the failures above the drift section while the Failed filter is on', async (ctx) => {
    if (!browserOrSkip((note) => ctx.skip(note))) return;
    const dir = tempProject({ 'specs/bot.yaml': BOT, 'specs/shop.yaml': SHOP });
    expect((await runCli(['run', '--no-progress', '--json', 'base.json'], { cwd: dir })).code).toBe(1);
    writeFileSync(join(dir, 'specs/bot.yaml'), BOT.replace('10:00 to 20:00', '10:00 to 19:00'));
    const run = await runCli(['run', '--no-progress', '--baseline', 'base.json', '--html', 'out/report.html'], {
      cwd: dir,
    });
    expect(run.code).toBe(1);
    const file = join(dir, 'out/report.html');
    const profile = mkdtempSync(join(tmpdir(), 'clova-regress-chromium-'));
    profiles.push(profile);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
      expect(await top('#drift')).toBeLessThan(await top('#dialogues'));
      await page.click('button[data-status="failed"]');
      expect(await top('#dialogues')).toBeLessThan(await top('#drift'));
      await page.click('button[data-status="all"]');
      expect(await top('#drift')).toBeLessThan(await top('#dialogues'));
    } finally {
      await context.close();
    }
  });
});
