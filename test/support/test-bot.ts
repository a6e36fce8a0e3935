/**
 * Runs the real Cunbo bot (composition root, grammY, runner, Redis) against the loopback Bot API and
 * OpenAI-compatible servers, as `npm start` would, but in-process so a test can restart it.
 */
import { type App, buildApp } from '../../src/app.ts';
import { createBot } from '../../src/channels/telegram/bot.ts';
import { type RunningBot, runBot } from '../../src/channels/telegram/run.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createLogger } from '../../src/logging/logger.ts';
import type { BotApiServer } from './bot-api-server.ts';
import type { OpenAiServer } from './openai-server.ts';
import { testPrefix, testRedisUrl } from './redis.ts';

/** A token of the right shape; the loopback server accepts any. */
export const testToken = '123456:TEST-token-for-the-loopback-bot-api';

/** A started bot and how to stop it. */
export interface TestBot {
  app: App;
  running: RunningBot;
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

/** Builds the app from `env` and starts long polling against the loopback Bot API. */
export async function startTestBot(env: Record<string, string>): Promise<TestBot> {
  const config = loadConfig(env, { telegramToken: true });
  const logger = createLogger(config.logLevel);
  const app = await buildApp(config, logger);
  const bot = createBot({
    token: config.telegram.token!,
    apiRoot: config.telegram.apiRoot,
    coach: app.coach,
    library: app.library,
    logger,
    signal: app.signal,
  });
  const running = await runBot(bot, logger, { drainTimeoutMs: 3_000 });
  return {
    app,
    running,
    async stop() {
      await running.stop();
      await app.close();
    },
  };
}
