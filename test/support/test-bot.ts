/**
 * Runs the real Cunbo bot (composition root, grammY, runner, Redis) against the loopback Bot API and
 * OpenAI-compatible servers, as `npm start` would, but in-process so a test can restart it.
 */

import { afterAll, beforeAll } from 'vitest';
import { type App, buildApp } from '../../src/app.ts';
import type { HttpServer } from '../../src/channels/http/server.ts';
import { startHttp } from '../../src/channels/http/start-http.ts';
import { startTelegram, type TelegramChannel } from '../../src/channels/telegram/telegram-channel.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger, secretsOf } from '../../src/logging/logger.ts';
import { type BotApiServer, startBotApiServer } from './bot-api-server.ts';
import { type OpenAiServer, startOpenAiServer } from './openai-server.ts';
import { testPrefix, testRedisUrl } from './redis.ts';

/** A token of the right shape; the loopback server accepts any. */
export const testToken = '123456:TEST-token-for-the-loopback-bot-api';

/** A started bot and how to stop it. */
export interface TestBot {
  app: App;
  telegram: TelegramChannel;
  /** The HTTP server (dashboard …), started when the env sets PORT. */
  http?: HttpServer;
  stop(): Promise<void>;
}

/** Environment for a bot wired to the given servers (no model when `openai` is undefined). */
export function testEnv(
  api: BotApiServer,
  openai: OpenAiServer | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: testToken,
    TELEGRAM_API_ROOT: api.apiRoot,
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: testPrefix(),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(openai
      ? {
          OPENAI_API_KEY: 'test-key',
          OPENAI_BASE_URL: openai.baseURL,
          CHAT_MODEL: 'test-chat',
          LLM_MAX_RETRIES: '0',
        }
      : {}),
    ...extra,
  };
}

/**
 * Builds the app from `env` and starts the Telegram channel against the loopback Bot API.
 *
 * @param options.logTo where the JSON log lines go (default stderr), e.g. to assert what is logged
 */
export async function startTestBot(
  env: Record<string, string>,
  { logTo }: { logTo?: NodeJS.WritableStream } = {},
): Promise<TestBot> {
  const config = loadConfig(env, { telegramToken: true });
  const app = await buildApp(config, createLogger(config.logLevel, logTo, secretsOf(config)));
  // The reminder loop is driven by the tests (telegram.reminders.tick()), not by a timer.
  const telegram = await startTelegram(app, { drainTimeoutMs: 3_000, reminderIntervalMs: 3_600_000 });
  const http = config.http ? await startHttp(app, telegram.webhook ? [telegram.webhook] : []) : undefined;
  return {
    app,
    telegram,
    http,
    async stop() {
      await http?.close();
      await telegram.stop();
      await app.close();
    },
  };
}

/** A loopback Bot API, a loopback model server and a running bot, shared by one test file. */
export interface BotWorld {
  api: BotApiServer;
  openai: OpenAiServer;
  bot: TestBot;
  env: Record<string, string>;
  /** Stops the bot and starts it again, with `env` changed by `extra` (e.g. no model). */
  restart(options?: { model?: boolean; extra?: Record<string, string> }): Promise<void>;
}

/**
 * Starts the servers and the bot before the file's tests and stops everything after them. With `model`
 * false the bot runs offline (the model server still runs, unused).
 */
export function useBotWorld({
  model = true,
  extra = {},
}: {
  model?: boolean;
  extra?: Record<string, string>;
} = {}): BotWorld {
  const world = {} as BotWorld;
  world.restart = async (options = {}) => {
    await world.bot.stop();
    world.env = testEnv(
      world.api,
      (options.model ?? model) ? world.openai : undefined,
      options.extra ?? extra,
    );
    world.bot = await startTestBot(world.env);
  };
  beforeAll(async () => {
    world.api = await startBotApiServer();
    world.openai = await startOpenAiServer();
    world.env = testEnv(world.api, model ? world.openai : undefined, extra);
    world.bot = await startTestBot(world.env);
  });
  afterAll(async () => {
    await world.bot?.stop();
    await world.api?.close();
    await world.openai?.close();
  });
  return world;
}

/**
 * The first line of the knowledge base's own answer to `question`, as the bot gives it offline: the line
 * that answers, which any reply from the knowledge base alone starts with.
 */
export async function offlineLead(app: App, question: string, language: 'zh' | 'en'): Promise<string> {
  const { grounding } = app.knowledge;
  const answer = grounding.answerOffline(await grounding.find(question, language, []), language);
  if (answer.abstained) throw new Error(`the knowledge base does not answer "${question}"`);
  return answer.text.split('\n')[0]!;
}
