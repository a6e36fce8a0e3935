/**
 * Webhook mode end to end, in one process: the real bot registers its webhook with the loopback Bot API,
 * which POSTs updates to the bot's HTTP server with the secret token; the bot acknowledges, queues them in
 * Redis and its workers answer. Also what strangers, oversized and malformed requests get.
 */
import { describe, expect, it, vi } from 'vitest';
import { freePort } from '../../support/listen.ts';
import { keysUnder } from '../../support/redis.ts';
import { useBotWorld } from '../../support/test-bot.ts';

const secret = 'test-webhook-secret-0123456789';
const hookPath = '/tg/hook';

const world = useBotWorld({
  model: false,
  extra: {
    PORT: String(await freePort()),
    HTTP_HOST: '127.0.0.1',
    WEBHOOK_URL: `https://bot.example.test${hookPath}`,
    WEBHOOK_SECRET: secret,
  },
});

const hookUrl = () => `${world.bot.http!.url}${hookPath}`;
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(hookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const backlog = () => world.bot.app.redis.client.get(world.bot.app.keys.updateBacklog);

describe('webhook mode', () => {
  it('registers the webhook with its secret and answers updates delivered to it', async () => {
    const setWebhook = world.api.callsTo('setWebhook')[0]!;
    expect(setWebhook.payload).toMatchObject({
      url: `https://bot.example.test${hookPath}`,
      secret_token: secret,
      allowed_updates: ['message', 'callback_query', 'inline_query'],
    });
    expect(world.api.callsTo('getUpdates')).toHaveLength(0);
    world.api.deliverWebhooksTo([hookUrl()]);
    const ann = world.api.user({ id: 5101, first_name: 'Ann', language_code: 'en' });
    ann.sendCommand('/remind 9');
    expect((await ann.waitForMessage()).text).toMatch(/every day at 9:00/);
    const delivered = world.api.webhookDeliveries.at(-1)!;
    expect(delivered.status).toBe(200);
  });

  it('answers each chat in order', async () => {
    const users = [0, 1, 2].map((n) =>
      world.api.user({ id: 5200 + n, first_name: `U${n}`, language_code: 'en' }),
    );
    for (let hour = 1; hour <= 6; hour++) for (const user of users) user.sendCommand(`/remind ${hour}`);
    const deadline = Date.now() + 15_000;
    while (users.some((u) => u.messages().length < 6) && Date.now() < deadline) await sleep(50);
    for (const user of users) {
      expect(user.messages().map((m) => /at (\d+):00/.exec(m.text ?? '')?.[1])).toEqual([
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
      ]);
    }
  });

  it('handles a redelivered update_id once', async () => {
    const bo = world.api.user({ id: 5301, first_name: 'Bo', language_code: 'en' });
    const update = bo.sendCommand('/remind 7');
    expect((await bo.waitForMessage()).text).toMatch(/at 7:00/);
    expect(await world.api.redeliver(update)).toBe(200);
    expect(await world.api.redeliver(update)).toBe(200);
    // A later message proves the queue moved past the duplicates without answering them.
    bo.sendCommand('/remind 8');
    expect((await bo.waitForMessage()).text).toMatch(/at 8:00/);
    expect(bo.messages().map((m) => m.text)).toHaveLength(2);
    expect(await world.bot.app.redis.client.exists(world.bot.app.keys.updateSeen(update.update_id))).toBe(1);
  });

  it('refuses a wrong or missing secret with 401 and queues nothing', async () => {
    // The previous test's last update may still be finishing its bookkeeping: start from an idle queue.
    await vi.waitFor(async () => expect(Number(await backlog())).toBe(0), { timeout: 5_000 });
    const before = await backlog();
    const update = JSON.stringify({
      update_id: 990001,
      message: { message_id: 1, date: 0, chat: { id: 5401, type: 'private' }, text: '/remind 5' },
    });
    expect((await post(update)).status).toBe(401);
    expect((await post(update, { 'X-Telegram-Bot-Api-Secret-Token': `${secret}x` })).status).toBe(401);
    expect((await post(update, { 'X-Telegram-Bot-Api-Secret-Token': 'short' })).status).toBe(401);
    expect(await backlog()).toBe(before);
    expect(await world.bot.app.redis.client.exists(world.bot.app.keys.updateSeen(990001))).toBe(0);
    const prefix = world.bot.app.keys.prefix;
    expect(await keysUnder(world.bot.app.redis.client, `${prefix}v1:chatq:5401`)).toEqual([]);
  });

  it('answers 400 to a malformed update, 405 to GET and 413 to a huge body', async () => {
    const auth = { 'X-Telegram-Bot-Api-Secret-Token': secret };
    const huge = JSON.stringify({ update_id: 990002, padding: 'x'.repeat(1_100_000) });
    expect((await post('{not json', auth)).status).toBe(400);
    expect((await post(JSON.stringify({ update_id: 'seven' }), auth)).status).toBe(400);
    expect((await post(JSON.stringify([1, 2]), auth)).status).toBe(400);
    expect((await fetch(hookUrl())).status).toBe(405);
    // Last: the server answers before reading the body, then closes that connection.
    expect((await post(huge, auth)).status).toBe(413);
    expect(await world.bot.app.redis.client.exists(world.bot.app.keys.updateSeen(990002))).toBe(0);
  });

  it('reports the queue depth and leaves the webhook registered on stop', async () => {
    await expect(world.bot.app.metrics.expose().then((m) => m.body)).resolves.toMatch(/cunbo_queue_depth 0/);
    const deletes = world.api.callsTo('deleteWebhook').length;
    await world.restart();
    expect(world.api.callsTo('deleteWebhook')).toHaveLength(deletes);
    expect(world.api.callsTo('setWebhook').length).toBeGreaterThanOrEqual(2);
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
