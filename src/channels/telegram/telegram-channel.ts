/**
 * @module The Telegram channel as one unit: the bot built from the app, long polling, and the reminder
 * loop. `cunbo bot` and the end-to-end tests start it the same way.
 */
import type { App } from '../../app.ts';
import { createTranscriber } from '../../llm/transcriber.ts';
import { createBot } from './bot.ts';
import { type ReminderLoop, startReminderLoop } from './reminder-loop.ts';
import { runBot } from './run.ts';

/** A running Telegram channel. */
export interface TelegramChannel {
  reminders: ReminderLoop;
  /** Resolves when polling stops for any reason. */
  done: Promise<void>;
  /** Stops polling (in-flight updates get `drainTimeoutMs`) and the reminder loop. */
  stop(): Promise<void>;
}

/** Starts the bot for `app` (which must have a Telegram token). */
export async function startTelegram(
  app: App,
  {
    drainTimeoutMs = 10_000,
    reminderIntervalMs = 30_000,
  }: { drainTimeoutMs?: number; reminderIntervalMs?: number } = {},
): Promise<TelegramChannel> {
  const bot = createBot({
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
    trainer: {
      roles: app.roles,
      cohorts: app.cohorts,
      learnerRow: async (userId) => {
        const [user, profile, progress] = await Promise.all([
          app.memory.user(userId),
          app.learning.profile(userId),
          app.learning.progress(userId),
        ]);
        return {
          name: user?.displayName ?? userId,
          stage: profile.stage ?? '-',
          lessonsDone: Object.values(progress.lessons).filter((l) => l.status === 'done').length,
          lastSeen: user?.lastSeen,
        };
      },
      memory: app.memory,
      trackOf: (lessonId) => app.knowledge.grounding.cite(lessonId)?.track,
      words: (text) => app.knowledge.grounding.tokenizer.words(text),
    },
    transcribe: app.config.transcription ? createTranscriber(app.config.transcription) : undefined,
    logger: app.logger,
    signal: app.signal,
  });
  const running = await runBot(bot, app.logger, { drainTimeoutMs });
  const reminders = startReminderLoop({
    api: bot.api,
    learning: app.learning,
    logger: app.logger,
    intervalMs: reminderIntervalMs,
  });
  return {
    reminders,
    done: running.done,
    async stop() {
      reminders.stop();
      await running.stop();
    },
  };
}
