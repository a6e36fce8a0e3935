/** @module Long polling with the grammY runner, and a clean stop. */
import { type RunnerHandle, run } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Logger } from '../../logging/logger.ts';
import { registerCommands } from './commands.ts';
import type { BotContext } from './context.ts';

/** The update types Cunbo handles, for polling and for `setWebhook`. */
export const allowedUpdates = ['message', 'callback_query', 'inline_query'] as const;

/** A polling bot. */
export interface RunningBot {
  /** Stops fetching updates and waits (bounded) for in-flight ones to finish. */
  stop(): Promise<void>;
  /** Resolves when polling has stopped for any reason. */
  done: Promise<void>;
}

/** Options of {@link runBot}. */
export interface RunBotOptions {
  /** How long `stop()` waits for in-flight updates (default 10 s). */
  drainTimeoutMs?: number;
  /**
   * Updates worked on at once (`POLLING_CONCURRENCY`); one chat's wait for each other, so some of these
   * slots hold an update waiting its turn. The rest stay at Telegram until a slot frees. The runner asks for
   * as many updates as it has free slots, so this holds from its second request on; the first, at start-up,
   * may bring up to 100.
   */
  concurrency: number;
}

/** Starts long polling. Commands are registered first; a failure there is logged, not fatal. */
export async function runBot(
  bot: Bot<BotContext>,
  logger: Logger,
  { drainTimeoutMs = 10_000, concurrency }: RunBotOptions,
): Promise<RunningBot> {
  await bot.init();
  await bot.api.deleteWebhook();
  await registerCommands(bot.api).catch((error: unknown) =>
    logger.warn({ err: String(error) }, 'setMyCommands failed'),
  );
  const runner: RunnerHandle = run(bot, {
    runner: { fetch: { allowed_updates: [...allowedUpdates] } },
    sink: { concurrency },
  });
  logger.info({ username: bot.botInfo.username, concurrency }, 'bot polling');
  const done = runner.task() ?? Promise.resolve();
  return {
    done,
    async stop() {
      if (!runner.isRunning()) return;
      // runner.stop() resolves once fetching stopped and the in-flight updates are handled.
      let timer: NodeJS.Timeout | undefined;
      const drainLimit = new Promise((resolve) => {
        timer = setTimeout(resolve, drainTimeoutMs);
      });
      await Promise.race([runner.stop(), drainLimit]);
      clearTimeout(timer);
    },
  };
}
