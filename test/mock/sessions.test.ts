/** Multi-turn behaviour: follow-ups only after their parent, per-user sessions, idle expiry. */
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/mock/session.js';
import { loadBotDefinition } from '../../src/mock/load.js';
import { botFromYaml, conversation, EXAMPLE_BOT, startMock } from './helpers.js';

const bot = await loadBotDefinition(EXAMPLE_BOT);

describe('follow-ups', () => {
  it('are reachable only right after their parent, and answer per parent', async () => {
    const mock = await startMock(bot);
    const c = conversation(mock.url);
    expect((await c.send('How much is it?')).scenarioName).toBeNull();
    await c.send('Product A');
    expect((await c.send('How much is it?')).text).toBe('Product A costs 1,200 yen.');
    await c.send('Product B');
    expect((await c.send('how much is it')).text).toBe('Product B costs 1,500 yen.');
    // one turn only: the follow-up's own answer is the new context
    expect((await c.send('How much is it?')).scenarioName).toBeNull();
  });

  it('click through the form: order → size → confirm, remembering the size', async () => {
    const mock = await startMock(bot);
    const c = conversation(mock.url);
    const order = await c.send('I want to order');
    const size = await c.click(order, 'Large');
    expect(size.text).toBe('Size L. Shall I place the order?');
    const done = await c.click(size, 'Confirm');
    expect(done.scenarioName).toBe('Order confirmed');
    expect(done.text).toBe('Your size L coffee is ordered. Thank you!');
  });

  it('accept the form step typed, in any of its languages', async () => {
    const mock = await startMock(bot);
    const c = conversation(mock.url);
    await c.send('注文したい');
    expect((await c.send('ミディアム')).text).toBe('Size M. Shall I place the order?');
    expect((await c.send('はい')).scenarioName).toBe('Order confirmed');
  });

  it('refuse a form button once its form is closed', async () => {
    const mock = await startMock(bot);
    const c = conversation(mock.url);
    const order = await c.send('order');
    await c.send('store hours');
    expect((await c.click(order, 'Medium')).scenarioName).toBeNull();
  });

  it('keep the context through a failed turn, so the user can answer again', async () => {
    const mock = await startMock(bot);
    const c = conversation(mock.url);
    await c.send('order');
    expect((await c.send('purple elephant')).scenarioName).toBeNull();
    expect((await c.send('small')).scenarioName).toBe('Order size');
  });

  it('start over on open', async () => {
    const mock = await startMock(bot);
    const c = conversation(mock.url);
    await c.send('Product A');
    await c.open();
    expect((await c.send('How much is it?')).scenarioName).toBeNull();
  });
});

describe('sessions', () => {
  it('belong to one userId: concurrent dialogues never share one', async () => {
    const mock = await startMock(bot);
    const a = conversation(mock.url, 'user-a');
    const b = conversation(mock.url, 'user-b');
    await Promise.all([a.send('Product A'), b.send('Product B')]);
    const [priceA, priceB] = await Promise.all([a.send('price'), b.send('price')]);
    expect([priceA.text, priceB.text]).toEqual(['Product A costs 1,200 yen.', 'Product B costs 1,500 yen.']);
    expect(mock.stats().sessions).toBe(2);
  });

  it('are forgotten after the idle timeout', async () => {
    const quick = botFromYaml(`
session: { idleTimeoutMs: 100 }
scenarios:
  - { name: Parent, utterances: [parent], answer: parent }
  - { name: Child, after: [Parent], utterances: [child], answer: child }
`);
    const mock = await startMock(quick);
    const c = conversation(mock.url);
    await c.send('parent');
    expect((await c.send('child')).scenarioName).toBe('Child');
    await c.send('parent');
    await new Promise((r) => setTimeout(r, 200));
    expect((await c.send('child')).scenarioName).toBeNull();
  });

  it("can be given a shorter idle timeout by the server options than the bot file's", async () => {
    const mock = await startMock(bot, { sessionIdleMs: 100 });
    const c = conversation(mock.url);
    await c.send('Product A');
    await new Promise((r) => setTimeout(r, 200));
    expect((await c.send('How much is it?')).scenarioName).toBeNull();
  });

  it('expire in the store: stale ones are reset on use and swept from memory', () => {
    let now = 0;
    const store = new SessionStore(1_000, () => now);
    const a = store.touch('a');
    a.context = 'Order';
    now = 500;
    store.touch('b').context = 'Products';
    now = 1_200; // a idle 1200 ms, b idle 700 ms
    expect(store.sweep()).toBe(1);
    expect(store.size).toBe(1);
    expect(store.touch('b').context).toBe('Products');
    expect(store.touch('a').context).toBeNull();
    now = 10_000;
    expect(store.touch('b').context).toBeNull();
  });

  it('stay cheap: 100,000 users fit in a small store that sweeps in one pass', () => {
    let now = 0;
    const store = new SessionStore(60_000, () => now);
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) store.touch(`dialogue-${i}`).requests++;
    const perSession = (process.memoryUsage().heapUsed - before) / 100_000;
    expect(store.size).toBe(100_000);
    expect(perSession).toBeLessThan(400);
    now = 120_000;
    const started = performance.now();
    expect(store.sweep()).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
