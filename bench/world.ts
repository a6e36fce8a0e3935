/**
 * @module What the end-to-end benchmarks share: the real bot (composition root, grammY, runner, Redis)
 * started against the test suite's loopback Bot API and model servers, a Redis key prefix of its own that
 * is deleted afterwards, and the dev-set questions as realistic traffic.
 *
 * This is `test/support/test-bot.ts` without vitest, so `node bench/run.ts` can use it.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type App, buildApp } from '../src/app.ts';
import { startTelegram, type TelegramChannel } from '../src/channels/telegram/telegram-channel.ts';
import { loadConfig } from '../src/config/config.ts';
import { createLogger } from '../src/logging/logger.ts';
import { createRedisClient } from '../src/redis/connect.ts';
import type { BotApiServer } from '../test/support/bot-api-server.ts';
import type { OpenAiServer } from '../test/support/openai-server.ts';

/** Any token of the right shape: the loopback server accepts all. */
export const benchToken = '123456:BENCH-token-for-the-loopback-bot-api';

/** The Redis the benchmarks use: `REDIS_URL`, else the local server. */
export function benchRedisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

/** A fresh key prefix, so a benchmark never touches anyone else's keys. */
export function benchPrefix(): string {
  return `cunbo-bench-${randomUUID().slice(0, 8)}:`;
}

/**
 * The bot's environment. Rate limits are set far above what a benchmark sends, so the figures measure
 * answering, not the limiter turning people away.
 */
export function benchEnv(
  api: BotApiServer,
  openai: OpenAiServer | undefined,
  { redisUrl = benchRedisUrl(), prefix = benchPrefix() }: { redisUrl?: string; prefix?: string } = {},
): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: benchToken,
    TELEGRAM_API_ROOT: api.apiRoot,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_BURST: '100000',
    DAILY_QUESTION_LIMIT: '100000',
    DAILY_TOKEN_LIMIT: '1000000000',
    ...(openai
      ? { OPENAI_API_KEY: 'bench-key', OPENAI_BASE_URL: openai.baseURL, CHAT_MODEL: 'bench-chat' }
      : {}),
  };
}

/** A running Cunbo bot. */
export interface BenchBot {
  app: App;
  telegram: TelegramChannel;
  /** Stops polling, closes the app and deletes every key under the bot's prefix. */
  stop(): Promise<void>;
}

/** Builds the app from `env` and starts long polling, as `npm start` does. */
export async function startBenchBot(env: Record<string, string>): Promise<BenchBot> {
  const config = loadConfig(env, { telegramToken: true });
  const app = await buildApp(config, createLogger(config.logLevel));
  const telegram = await startTelegram(app, { drainTimeoutMs: 3_000, reminderIntervalMs: 3_600_000 });
  return {
    app,
    telegram,
    async stop() {
      await telegram.stop();
      await deleteKeys(app.redis.client, config.redis.prefix);
      await app.close();
    },
  };
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(
  redis: ReturnType<typeof createRedisClient>,
  prefix: string,
): Promise<number> {
  let deleted = 0;
  for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1_000 })) {
    if (batch.length > 0) deleted += await redis.unlink(batch);
  }
  return deleted;
}

/** Connects a plain client (for measuring and cleaning up). */
export async function connectBenchRedis(url = benchRedisUrl()) {
  const redis = createRedisClient(url);
  redis.on('error', () => {});
  await redis.connect();
  return redis;
}

/** A question from the dev set. */
export interface DevQuestion {
  question: string;
  lang: 'zh' | 'en';
  /** `answerable`, or why not (out of scope, not covered …). */
  kind: string;
}

/** The dev set's questions (realistic wording: typos, dialect, both languages). */
export async function devQuestions(): Promise<DevQuestion[]> {
  return (await readFile(new URL('../test/eval/dev-set.jsonl', import.meta.url), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as DevQuestion);
}

/** Waits until `count` calls of `method` matching `predicate` are answered (counting from now). */
export function countCalls(
  api: BotApiServer,
  method: string,
  count: number,
  predicate: (payload: Record<string, unknown>) => boolean = () => true,
  timeoutMs = 120_000,
): Promise<unknown> {
  let seen = 0;
  return api.waitForCall(method, (call) => predicate(call.payload) && ++seen >= count, timeoutMs);
}
