/**
 * @module A Redis-backed queue that keeps each chat's items in order while many workers, in many
 * processes, share the work (docs/scaling.md).
 *
 * Open-source BullMQ has no job groups, so ordering is ours: an accepted item is pushed onto its chat's
 * list, and a BullMQ job `{ chatKey }` only wakes a worker. The worker takes the chat's lock (one holder per
 * chat, renewed while it works), handles that chat's items oldest first until the list is empty, releases
 * the lock and looks once more, so an item pushed while it was finishing is never stranded. A worker that
 * finds the lock held returns at once: the holder will reach the item.
 *
 * Delivery is at-least-once for a crash and exactly-once otherwise. The item being handled sits in the
 * chat's in-flight list; if its worker dies, the lock expires and the next holder handles it again before
 * anything newer, so a crash can repeat at most one reply per chat but never loses or reorders a message.
 * A sweep finds chats whose holder died with no job left to wake anyone.
 *
 * The queue knows nothing of Telegram: items are strings with a numeric id (for dedupe) and a chat key.
 */
import { randomUUID } from 'node:crypto';
import { createNodeRedisClient, Queue, Worker } from 'bullmq';
import type { Logger } from '../logging/logger.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';

/** BullMQ's queue name (under `<prefix>bull`). */
export const queueName = 'updates';

/** One item to queue. */
export interface ChatItem {
  /** Unique per item within the dedupe window (Telegram's `update_id`). */
  id: number;
  /** Items with the same key are handled one at a time, in the order accepted. */
  chatKey: string;
  /** The item itself, as the handler will get it. */
  payload: string;
}

/** The producer side, used by the webhook. */
export interface ChatQueue {
  /** Accepts `item` unless its id was accepted within the dedupe window; true if it was new. */
  enqueue(item: ChatItem): Promise<boolean>;
  /** Items accepted and not yet handled, across all chats and processes (for the queue-depth gauge). */
  depth(): Promise<number>;
  /** Closes BullMQ's connection (the Redis client given is left open). */
  close(): Promise<void>;
}

/** Running workers. */
export interface ChatWorkers {
  /**
   * Stops taking items: each worker finishes the item in hand (bounded by `drainTimeoutMs`) and hands its
   * chat back to the queue, so another process carries on with the rest.
   */
  close(drainTimeoutMs: number): Promise<void>;
}

/** What the queue is built from. */
export interface ChatQueueDeps {
  /** A connected client; the queue's own scripts run on it and BullMQ gets duplicates of it. */
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  /** How long an accepted id is remembered (default one day, longer than Telegram retries). */
  dedupeSeconds?: number;
  /** How long a chat lock lives unless renewed (default 30 s; renewed every third of it). */
  lockTtlMs?: number;
  /** How often a worker process looks for chats left without a worker (default 15 s). */
  sweepIntervalMs?: number;
}

// Accepts an item once: the dedupe key, the push and the counters change together or not at all.
const enqueueScript = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('INCR', KEYS[3])
  redis.call('SADD', KEYS[4], ARGV[3])
  return 1
end
return 0`;

// Marks an item handled. If the lock was lost meanwhile, the next holder may have put it back on the chat
// list; taking it from there too keeps it from being handled twice.
const doneScript = `
local n = redis.call('LREM', KEYS[1], 1, ARGV[1])
if n == 0 then n = redis.call('LREM', KEYS[2], 1, ARGV[1]) end
if n > 0 then redis.call('DECR', KEYS[3]) end
return n`;

const renewScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

// Releases the lock; a chat with nothing left leaves the active set, atomically with enqueue's SADD.
const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
if redis.call('LLEN', KEYS[2]) == 0 and redis.call('LLEN', KEYS[3]) == 0 then
  redis.call('SREM', KEYS[4], ARGV[2])
  return 0
end
return 1`;

function bullConnection(redis: Redis) {
  // BullMQ duplicates a given client for its blocking reads and never closes the one it is given.
  return createNodeRedisClient(redis);
}

/** Builds the producer side. */
export function createChatQueue({ redis, keys, dedupeSeconds = 86_400 }: ChatQueueDeps): ChatQueue {
  const queue = new Queue(queueName, { connection: bullConnection(redis), prefix: keys.bullPrefix });
  return {
    async enqueue({ id, chatKey, payload }) {
      const fresh = await redis.eval(enqueueScript, {
        keys: [keys.updateSeen(id), keys.chatQueue(chatKey), keys.updateBacklog, keys.activeChats],
        arguments: [payload, String(dedupeSeconds), chatKey],
      });
      // Even for a duplicate: if an earlier attempt pushed the item but failed to add the job, this one
      // wakes a worker. A job for a chat with nothing queued costs one lock attempt.
      await queue.add('chat', { chatKey }, { removeOnComplete: true, removeOnFail: 1_000 });
      return fresh === 1;
    },
    async depth() {
      const value = Number((await redis.get(keys.updateBacklog)) ?? 0);
      return Number.isFinite(value) ? Math.max(0, value) : 0;
    },
    close: () => queue.close(),
  };
}

/**
 * Starts `concurrency` workers in this process that hand each chat's items, in order, to `handle`.
 * `handle` should not throw (a throw is logged and the item counts as handled: a poison item must not block
 * its chat forever).
 */
export function startChatWorkers(
  deps: ChatQueueDeps & { concurrency: number; handle: (payload: string) => Promise<void> },
): ChatWorkers {
  const { redis, keys, logger, handle, concurrency, lockTtlMs = 30_000, sweepIntervalMs = 15_000 } = deps;
  const wake = new Queue(queueName, { connection: bullConnection(redis), prefix: keys.bullPrefix });
  let stopping = false;

  const addJob = (chatKey: string) =>
    wake.add('chat', { chatKey }, { removeOnComplete: true, removeOnFail: 1_000 });

  async function acquire(chatKey: string, token: string): Promise<boolean> {
    const set = await redis.set(keys.chatLock(chatKey), token, {
      condition: 'NX',
      expiration: { type: 'PX', value: lockTtlMs },
    });
    return set === 'OK';
  }

  /** Handles the chat's items while holding its lock; stops early when the lock is lost or on close. */
  async function drain(chatKey: string, token: string): Promise<void> {
    const queueKey = keys.chatQueue(chatKey);
    const inFlightKey = keys.chatInFlight(chatKey);
    let lost = false;
    const renew = setInterval(
      () =>
        void redis
          .eval(renewScript, { keys: [keys.chatLock(chatKey)], arguments: [token, String(lockTtlMs)] })
          .then((renewed) => {
            if (renewed !== 1) lost = true;
          })
          .catch(() => {}),
      Math.max(100, Math.floor(lockTtlMs / 3)),
    );
    renew.unref();
    try {
      // A holder that died left its item in flight: it goes first again, so nothing newer overtakes it.
      while ((await redis.lMove(inFlightKey, queueKey, 'RIGHT', 'LEFT')) !== null) {
        logger.warn({ chatKey }, 'update queue: resuming an update a stopped worker had not finished');
      }
      while (!stopping && !lost) {
        const payload = await redis.lMove(queueKey, inFlightKey, 'LEFT', 'RIGHT');
        if (payload === null) return;
        try {
          await handle(payload);
        } catch (error) {
          logger.error(
            { err: error instanceof Error ? error.message : String(error), chatKey },
            'update failed',
          );
        }
        await redis.eval(doneScript, {
          keys: [inFlightKey, queueKey, keys.updateBacklog],
          arguments: [payload],
        });
      }
    } finally {
      clearInterval(renew);
    }
  }

  async function release(chatKey: string, token: string): Promise<boolean> {
    const left = await redis.eval(releaseScript, {
      keys: [keys.chatLock(chatKey), keys.chatQueue(chatKey), keys.chatInFlight(chatKey), keys.activeChats],
      arguments: [token, chatKey],
    });
    return left === 1;
  }

  async function work(chatKey: string): Promise<void> {
    while (true) {
      const token = randomUUID();
      if (!(await acquire(chatKey, token))) return;
      let left: boolean;
      try {
        await drain(chatKey, token);
      } finally {
        left = await release(chatKey, token);
      }
      if (!left) return;
      if (stopping) {
        // Hand the rest to a worker that is not stopping (another process, or this one's next start).
        await addJob(chatKey);
        return;
      }
    }
  }

  const worker = new Worker<{ chatKey: string }>(queueName, (job) => work(job.data.chatKey), {
    connection: bullConnection(redis),
    prefix: keys.bullPrefix,
    concurrency,
    maxStalledCount: 5,
  });
  worker.on('error', (error) => logger.warn({ err: error.message }, 'update queue: worker error'));
  worker.on('failed', (job, error) =>
    logger.warn({ err: error.message, chatKey: job?.data.chatKey }, 'update queue: job failed'),
  );

  // Wakes chats whose holder died (its lock has expired) and whose jobs are all gone.
  async function sweep(): Promise<void> {
    for await (const batch of redis.sScanIterator(keys.activeChats, { COUNT: 200 })) {
      for (const chatKey of batch) {
        if (stopping) return;
        if ((await redis.exists(keys.chatLock(chatKey))) === 0) await addJob(chatKey);
      }
    }
  }
  const sweeper = setInterval(
    () =>
      void sweep().catch((error: unknown) =>
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'update queue: sweep failed',
        ),
      ),
    sweepIntervalMs,
  );
  sweeper.unref();

  let closing: Promise<void> | undefined;
  return {
    close(drainTimeoutMs) {
      closing ??= (async () => {
        stopping = true;
        clearInterval(sweeper);
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), drainTimeoutMs);
        });
        const outcome = await Promise.race([worker.close(), limit]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          logger.warn(
            { drainTimeoutMs },
            'update queue: in-flight updates did not finish; left for recovery',
          );
          await worker.close(true).catch(() => {});
        }
        await wake.close();
      })();
      return closing;
    },
  };
}
