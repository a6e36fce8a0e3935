/**
 * @module The Telegram channel as one unit: the bot built from the app, long polling, and the reminder
 * loop. `cunbo bot` and the end-to-end tests start it the same way.
 */
import type { App } from '../../app.ts';
import { createTranscriber } from '../../llm/transcriber.ts';
import type { HttpPart } from '../http/http-app.ts';
import { createBot } from './bot.ts';
import { createBotApiFetch } from './bot-api-fetch.ts';
import { gapListing } from './features/knowledge-loop.ts';
import { knowledgeLoopTools } from './knowledge-loop-tools.ts';
import { type ReminderLoop, startReminderLoop } from './reminder-loop.ts';
import { runBot } from './run.ts';
import { runQueued } from './run-webhook.ts';
import { trainerTools } from './trainer-tools.ts';

/** A running Telegram channel. */
export interface TelegramChannel {
  reminders: ReminderLoop;
  /** Resolves when polling stops for any reason. */
  done: Promise<void>;
  /** Stops polling (in-flight updates get `drainTimeoutMs`) and the reminder loop. */
  stop(): Promise<void>;
  /** In webhook mode, the endpoint for `startHttp(app, [webhook])`; otherwise undefined. */
  webhook?: HttpPart;
}

/** Starts the bot for `app` (which must have a Telegram token). */
export async function startTelegram(
  app: App,
  {
    drainTimeoutMs = 10_000,
    reminderIntervalMs = 30_000,
    workerOnly = false,
  }: {
    drainTimeoutMs?: number;
    reminderIntervalMs?: number;
    /** Handle queued webhook updates only: no polling, no webhook registration (`cunbo bot --worker`). */
    workerOnly?: boolean;
  } = {},
): Promise<TelegramChannel> {
  const trainer = trainerTools(app);
  const knowledgeLoop = knowledgeLoopTools(app);
  const fetch = createBotApiFetch();
  const bot = createBot({
    fetch,
    token: app.config.telegram.token!,
    apiRoot: app.config.telegram.apiRoot,
    coach: app.coach,
    library: app.library,
    learning: app.learning,
    rights: app.rights,
    tipFinder: app.tips,
    scripts: app.scripts,
    compliance: app.compliance,
    secondOpinion: app.secondOpinion,
    feedback: app.memory,
    limits: { limits: app.limits, roles: app.roles, cohorts: app.cohorts },
    trainer: {
      roles: app.roles,
      cohorts: app.cohorts,
      learnerRow: app.learners.row,
      memory: app.memory,
      trackOf: (lessonId) => app.knowledge.grounding.cite(lessonId)?.track,
      words: (text) => app.knowledge.grounding.tokenizer.words(text),
      ...trainer,
      gapList: gapListing(knowledgeLoop),
    },
    knowledgeLoop,
    dashboard: { roles: app.roles, signIn: app.signIn, publicUrl: app.config.http?.publicUrl },
    transcribe: app.config.transcription ? createTranscriber(app.config.transcription) : undefined,
    logger: app.logger,
    signal: app.signal,
    onApiError: (code) => app.metrics.recordTelegramError(code),
  });
  // Long polling unless WEBHOOK_URL is set; queued modes are in docs/scaling.md.
  const queued =
    workerOnly || app.config.webhook
      ? await runQueued(bot, {
          config: app.config,
          redis: app.redis.client,
          keys: app.keys,
          logger: app.logger,
          mode: workerOnly ? 'worker' : 'webhook',
          concurrency: app.config.workerConcurrency,
          drainTimeoutMs,
        })
      : undefined;
  if (queued) app.metrics.setQueueDepth(queued.depth);
  const running =
    queued ?? (await runBot(bot, app.logger, { drainTimeoutMs, concurrency: app.config.pollingConcurrency }));
  const reminders = startReminderLoop({
    api: bot.api,
    learning: app.learning,
    logger: app.logger,
    intervalMs: reminderIntervalMs,
  });
  return {
    reminders,
    webhook: queued?.webhook,
    done: running.done,
    async stop() {
      reminders.stop();
      // Announcements in progress stop taking recipients; their reports say how many were not sent.
      await Promise.all([running.stop(), trainer.broadcasts.stop(drainTimeoutMs)]);
      await fetch.close();
    },
  };
}
