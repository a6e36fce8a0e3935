/**
 * @module Webhook mode and worker-only mode: updates arrive over HTTP, wait in Redis, and are handled by
 * queue workers in this and any other process sharing the Redis (docs/scaling.md).
 */
import type { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Config } from '../../config/config.ts';
import type { Logger } from '../../logging/logger.ts';
import { createChatQueue, startChatWorkers } from '../../queue/chat-queue.ts';
import type { Redis } from '../../redis/connect.ts';
import type { RedisKeys } from '../../redis/keys.ts';
import type { HttpPart } from '../http/http-app.ts';
import { registerCommands } from './commands.ts';
import type { BotContext } from './context.ts';
import { allowedUpdates } from './run.ts';
import { webhookPart } from './webhook.ts';

/** A bot fed by the queue. */
export interface QueuedBot {
  /** The webhook endpoint to serve (webhook mode), or undefined (worker-only). */
  webhook: HttpPart | undefined;
  /** Updates accepted and not yet handled, across every process. */
  depth(): Promise<number>;
  /** Resolves when stopped. */
  done: Promise<void>;
  /** Stops the workers (in-flight updates get `drainTimeoutMs`); the webhook stays registered. */
  stop(): Promise<void>;
}

/** What the queued bot needs. */
export interface QueuedBotDeps {
  config: Pick<Config, 'webhook'>;
  redis: Redis;
  keys: RedisKeys;
  logger: Logger;
  /** `webhook`: register the webhook and serve it, and run workers; `worker`: run workers only. */
  mode: 'webhook' | 'worker';
  /** Workers in this process (default 8). */
  concurrency?: number;
  drainTimeoutMs?: number;
}

/** Starts webhook or worker-only mode for `bot`. */
export async function runQueued(
  bot: Bot<BotContext>,
  { config, redis, keys, logger, mode, concurrency = 8, drainTimeoutMs = 10_000 }: QueuedBotDeps,
): Promise<QueuedBot> {
  await bot.init();
  const queue = createChatQueue({ redis, keys, logger });
  let webhook: HttpPart | undefined;
  if (mode === 'webhook') {
    const settings = config.webhook;
    if (!settings) throw new Error('webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET');
    // Pending updates are kept: they were sent while we were down and are still owed an answer.
    await bot.api.setWebhook(settings.url, {
      secret_token: settings.secret,
      allowed_updates: allowedUpdates,
      drop_pending_updates: false,
    });
    await registerCommands(bot.api).catch((error: unknown) =>
      logger.warn({ err: String(error) }, 'setMyCommands failed'),
    );
    webhook = webhookPart({ path: settings.path, secret: settings.secret, queue, logger });
  }
  const workers = startChatWorkers({
    redis,
    keys,
    logger,
    concurrency,
    handle: (payload) => bot.handleUpdate(JSON.parse(payload) as Update),
  });
  logger.info(
    { username: bot.botInfo.username, mode, concurrency, ...(webhook && { path: webhook.path }) },
    mode === 'webhook' ? 'bot serving webhook' : 'bot working the update queue',
  );
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let stopping: Promise<void> | undefined;
  return {
    webhook,
    depth: () => queue.depth(),
    done,
    stop() {
      stopping ??= (async () => {
        await workers.close(drainTimeoutMs);
        await queue.close();
        finish();
      })();
      return stopping;
    },
  };
}
