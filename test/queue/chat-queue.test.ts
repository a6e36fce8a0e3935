/**
 * The per-chat queue on real Redis with real BullMQ workers: two worker pools (as two processes would,
 * each with its own Redis connection) keep every chat's items in order and handle each once; duplicates are
 * dropped; a dead worker's chat is resumed with its unfinished item first; closing hands the rest on.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.ts';
import { type ChatWorkers, createChatQueue, startChatWorkers } from '../../src/queue/chat-queue.ts';
import { createRedisClient, type Redis } from '../../src/redis/connect.ts';
import { redisKeys } from '../../src/redis/keys.ts';
import { testPrefix, testRedisUrl } from '../support/redis.ts';

const logger = createLogger('silent');
const clients: Redis[] = [];
const running: ChatWorkers[] = [];

async function client(): Promise<Redis> {
  const redis = createRedisClient(testRedisUrl());
  redis.on('error', () => {});
  await redis.connect();
  clients.push(redis);
  return redis;
}

afterAll(async () => {
  await Promise.all(running.map((w) => w.close(1_000)));
  for (const redis of clients) await redis.close();
});

/** What the handlers saw: per chat, the payloads in the order handled, and any overlap within one chat. */
function recorder(delayMs: () => number) {
  const handled = new Map<string, string[]>();
  const busy = new Set<string>();
  let overlaps = 0;
  return {
    handled,
    overlaps: () => overlaps,
    count: () => [...handled.values()].reduce((n, list) => n + list.length, 0),
    handle: async (payload: string) => {
      const { chat, n } = JSON.parse(payload) as { chat: string; n: number };
      if (busy.has(chat)) overlaps += 1;
      busy.add(chat);
      await sleep(delayMs());
      handled.set(chat, [...(handled.get(chat) ?? []), String(n)]);
      busy.delete(chat);
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(20);
  }
}

describe('chat queue', () => {
  it('keeps each chat in order and handles every item once across two worker pools', async () => {
    const keys = redisKeys(testPrefix());
    const seen = recorder(() => Math.random() * 5);
    const queue = createChatQueue({ redis: await client(), keys, logger });
    for (const redis of [await client(), await client()]) {
      running.push(startChatWorkers({ redis, keys, logger, concurrency: 4, handle: seen.handle }));
    }
    const chats = 20;
    const items = 15;
    let id = 1;
    const accepted: Promise<boolean>[] = [];
    for (let n = 0; n < items; n++)
      for (let c = 0; c < chats; c++) {
        const payload = JSON.stringify({ chat: `c${c}`, n });
        accepted.push(queue.enqueue({ id: id++, chatKey: `c${c}`, payload }));
      }
    expect(await Promise.all(accepted)).toEqual(accepted.map(() => true));
    await until(() => seen.count() === chats * items);
    await sleep(300);
    expect(seen.count()).toBe(chats * items);
    const inOrder = Array.from({ length: items }, (_, n) => String(n));
    for (let c = 0; c < chats; c++) expect(seen.handled.get(`c${c}`)).toEqual(inOrder);
    expect(seen.overlaps()).toBe(0);
    expect(await queue.depth()).toBe(0);
    await queue.close();
  });

  it('accepts an id once within the dedupe window', async () => {
    const keys = redisKeys(testPrefix());
    const redis = await client();
    const queue = createChatQueue({ redis, keys, logger });
    const item = { id: 42, chatKey: 'c', payload: JSON.stringify({ chat: 'c', n: 1 }) };
    expect(await queue.enqueue(item)).toBe(true);
    expect(await queue.enqueue(item)).toBe(false);
    expect(await queue.depth()).toBe(1);
    expect(await redis.lLen(keys.chatQueue('c'))).toBe(1);
    expect(await redis.ttl(keys.updateSeen(42))).toBeGreaterThan(86_000);
    const seen = recorder(() => 0);
    running.push(
      startChatWorkers({ redis: await client(), keys, logger, concurrency: 2, handle: seen.handle }),
    );
    await until(async () => (await queue.depth()) === 0);
    expect(seen.handled.get('c')).toEqual(['1']);
    await queue.close();
  });

  it("resumes a dead worker's chat once its lock expires, unfinished item first", async () => {
    const keys = redisKeys(testPrefix());
    const redis = await client();
    // A worker died holding chat d: its lock still lives a moment, item 1 in flight, 2 and 3 queued, and
    // its BullMQ job is gone (so only the sweep can find the chat).
    await redis.set(keys.chatLock('d'), 'dead-worker', { expiration: { type: 'PX', value: 400 } });
    await redis.rPush(keys.chatInFlight('d'), JSON.stringify({ chat: 'd', n: 1 }));
    await redis.rPush(keys.chatQueue('d'), [
      JSON.stringify({ chat: 'd', n: 2 }),
      JSON.stringify({ chat: 'd', n: 3 }),
    ]);
    await redis.set(keys.updateBacklog, '3');
    await redis.sAdd(keys.activeChats, 'd');
    const seen = recorder(() => 0);
    running.push(
      startChatWorkers({
        redis: await client(),
        keys,
        logger,
        concurrency: 2,
        sweepIntervalMs: 100,
        handle: seen.handle,
      }),
    );
    await sleep(250);
    expect(seen.count()).toBe(0);
    await until(() => seen.count() === 3);
    expect(seen.handled.get('d')).toEqual(['1', '2', '3']);
    // The worker lets the chat go once it finds the queue empty, just after the last item's handler
    // returns: wait for that rather than race it.
    await until(async () => (await redis.sIsMember(keys.activeChats, 'd')) === 0);
    expect(await redis.get(keys.updateBacklog)).toBe('0');
  });

  it('on close finishes the item in hand and hands the rest of the chat to another process', async () => {
    const keys = redisKeys(testPrefix());
    const queue = createChatQueue({ redis: await client(), keys, logger });
    const first = recorder(() => 150);
    const closing = startChatWorkers({
      redis: await client(),
      keys,
      logger,
      concurrency: 1,
      handle: first.handle,
    });
    for (let n = 0; n < 5; n++)
      await queue.enqueue({ id: 100 + n, chatKey: 'e', payload: JSON.stringify({ chat: 'e', n }) });
    await until(() => first.count() === 1);
    await closing.close(5_000);
    const handledBefore = first.handled.get('e') ?? [];
    expect(handledBefore.length).toBeLessThan(5);
    const second = recorder(() => 0);
    running.push(
      startChatWorkers({ redis: await client(), keys, logger, concurrency: 1, handle: second.handle }),
    );
    await until(() => handledBefore.length + second.count() === 5);
    expect([...handledBefore, ...(second.handled.get('e') ?? [])]).toEqual(['0', '1', '2', '3', '4']);
    await queue.close();
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
