/**
 * Horizontal scale, as an operator runs it (docs/scaling.md): two real `cunbo bot` processes in webhook
 * mode on one Redis, each with its own port, behind a "load balancer" (the loopback Bot API delivering to
 * both in turn). A burst of 500 updates from 50 users is answered exactly once per update, in order per chat.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';
import { createChatQueue } from '../../src/queue/chat-queue.ts';
import { createRedisClient } from '../../src/redis/connect.ts';
import { redisKeys } from '../../src/redis/keys.ts';
import { type BotApiServer, type SimUser, startBotApiServer } from '../support/bot-api-server.ts';
import { freePort } from '../support/listen.ts';
import { testEnv } from '../support/test-bot.ts';

const secret = 'two-process-secret-0123456789';
const hookPath = '/telegram';
const users = 50;
const perUser = 10;

interface BotProcess {
  child: ChildProcess;
  port: number;
  logs: string;
}

let api: BotApiServer;
let env: Record<string, string>;
const bots: BotProcess[] = [];

async function startBot(
  env: Record<string, string>,
  { args = [], ready = '"msg":"http server listening"' }: { args?: string[]; ready?: string } = {},
): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/cunbo.js', 'bot', ...args], {
    env: { PATH: process.env.PATH, ...env, PORT: String(port), HTTP_HOST: '127.0.0.1' },
  });
  const bot: BotProcess = { child, port, logs: '' };
  child.stdout!.on('data', (data) => {
    bot.logs += data;
  });
  child.stderr!.on('data', (data) => {
    bot.logs += data;
  });
  bots.push(bot);
  const deadline = Date.now() + 30_000;
  while (!bot.logs.includes(ready)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`bot did not start:\n${bot.logs}`);
    await sleep(50);
  }
  return bot;
}

beforeAll(async () => {
  api = await startBotApiServer();
  // One env (one REDIS_PREFIX) for both: they share the queue, the dedupe keys and the learners' data.
  env = testEnv(api, undefined, {
    LOG_LEVEL: 'info',
    WEBHOOK_URL: `https://bot.example.test${hookPath}`,
    WEBHOOK_SECRET: secret,
    WORKER_CONCURRENCY: '8',
  });
  await Promise.all([startBot(env), startBot(env)]);
}, 60_000);

afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await api?.close();
});

describe('two bot processes on one Redis', () => {
  it('answer a burst of 500 updates from 50 users exactly once each, in order per chat', async () => {
    api.deliverWebhooksTo(bots.map((bot) => `http://127.0.0.1:${bot.port}${hookPath}`));
    const people: SimUser[] = Array.from({ length: users }, (_, n) =>
      api.user({ id: 7100 + n, first_name: `User${n}`, language_code: 'en' }),
    );
    const t0 = Date.now();
    // Hours 10..19: each reply names the hour its command asked for, so order and duplicates show.
    for (let k = 0; k < perUser; k++) for (const person of people) person.sendCommand(`/remind ${10 + k}`);
    const deadline = Date.now() + 90_000;
    while (people.some((p) => p.messages().length < perUser) && Date.now() < deadline) await sleep(100);
    const took = Date.now() - t0;
    // Anything doubled would show up shortly after the last expected reply.
    await sleep(1_000);
    console.log(`500 updates answered by two processes in ${took} ms (${Math.round(500_000 / took)}/s)`);
    const expected = Array.from({ length: perUser }, (_, k) => String(10 + k));
    for (const person of people) {
      expect(person.messages().map((m) => /at (\d+):00/.exec(m.text ?? '')?.[1])).toEqual(expected);
    }
    // Both endpoints took their share of the burst, and no delivery needed a retry.
    const delivered = api.webhookDeliveries;
    expect(delivered).toHaveLength(users * perUser);
    expect(delivered.every((d) => d.status === 200)).toBe(true);
    for (const bot of bots) {
      expect(delivered.filter((d) => d.url.includes(`:${bot.port}/`)).length).toBe((users * perUser) / 2);
    }
    expect(api.callsTo('setWebhook')).toHaveLength(2);
    expect(api.callsTo('deleteWebhook')).toHaveLength(0);
  }, 120_000);

  it('both stop cleanly on SIGTERM, leaving the webhook registered', async () => {
    for (const bot of bots) bot.child.kill('SIGTERM');
    const codes = await Promise.all(bots.map(async (bot) => (await once(bot.child, 'exit'))[0]));
    expect(codes).toEqual([0, 0]);
    expect(api.callsTo('deleteWebhook')).toHaveLength(0);
    for (const bot of bots) expect(bot.logs).not.toContain(secret);
  }, 30_000);

  it('a --worker process handles queued updates without touching the webhook or polling', async () => {
    const calls = api.calls.length;
    // Queued as a webhook process would (no webhook process runs now).
    const keys = redisKeys(env.REDIS_PREFIX!);
    const redis = createRedisClient(env.REDIS_URL!);
    await redis.connect();
    const queue = createChatQueue({ redis, keys, logger: createLogger('silent') });
    const wu = api.user({ id: 7300, first_name: 'Wu', language_code: 'en' });
    for (let k = 0; k < 3; k++) {
      const text = `/remind ${k + 1}`;
      const update = {
        update_id: 900_000 + k,
        message: {
          message_id: 9000 + k,
          date: Math.floor(Date.now() / 1000),
          chat: { id: wu.id, type: 'private', first_name: 'Wu' },
          from: { id: wu.id, is_bot: false, first_name: 'Wu', language_code: 'en' },
          text,
          entities: [{ type: 'bot_command', offset: 0, length: 7 }],
        },
      };
      await queue.enqueue({ id: update.update_id, chatKey: String(wu.id), payload: JSON.stringify(update) });
    }
    const { WEBHOOK_URL: _url, WEBHOOK_SECRET: _secret, ...workerEnv } = env;
    const worker = await startBot(workerEnv, {
      args: ['--worker'],
      ready: '"msg":"bot working the update queue"',
    });
    const deadline = Date.now() + 20_000;
    while (wu.messages().length < 3 && Date.now() < deadline) await sleep(50);
    expect(wu.messages().map((m) => /at (\d+):00/.exec(m.text ?? '')?.[1])).toEqual(['1', '2', '3']);
    // The worker takes an update off the queue after its handler returns, a moment after the reply is out.
    await vi.waitFor(async () => expect(await queue.depth()).toBe(0), { timeout: 5_000, interval: 50 });
    const methods = new Set(api.calls.slice(calls).map((c) => c.method));
    for (const method of ['setWebhook', 'deleteWebhook', 'getUpdates'])
      expect(methods.has(method)).toBe(false);
    await queue.close();
    await redis.close();
    worker.child.kill('SIGTERM');
    expect((await once(worker.child, 'exit'))[0]).toBe(0);
  }, 60_000);

  it('--worker without REDIS_URL exits 2 and says why', async () => {
    const { REDIS_URL: _redis, WEBHOOK_URL: _url, WEBHOOK_SECRET: _secret, ...rest } = env;
    const child = spawn(process.execPath, ['bin/cunbo.js', 'bot', '--worker'], {
      env: { PATH: process.env.PATH, ...rest, DATA_DIR: 'data/test-worker-no-redis' },
    });
    let output = '';
    child.stderr!.on('data', (data) => {
      output += data;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output).toMatch(/REDIS_URL: --worker needs REDIS_URL/);
  }, 60_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
