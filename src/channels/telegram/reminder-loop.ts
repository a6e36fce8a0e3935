/**
 * @module Sending due reminders. Due times live in Redis, so reminders survive restarts; each is claimed
 * by one process before it is sent (never twice); a user who blocked the bot (403) has reminders turned off.
 */
import { type Api, GrammyError } from 'grammy';
import type { Learning } from '../../learning/learning.ts';
import { learningPhrases } from '../../learning/phrases.ts';
import type { Logger } from '../../logging/logger.ts';

/** A running loop. */
export interface ReminderLoop {
  /** Sends what is due now (the loop calls this on its own; tests call it directly). */
  tick(): Promise<number>;
  stop(): void;
}

/** Checks for due reminders every `intervalMs`. */
export function startReminderLoop({
  api,
  learning,
  logger,
  intervalMs = 30_000,
}: {
  api: Api;
  learning: Learning;
  logger: Logger;
  intervalMs?: number;
}): ReminderLoop {
  let running = false;
  async function tick(): Promise<number> {
    if (running) return 0;
    running = true;
    let sent = 0;
    try {
      for (const userId of await learning.claimDueReminders()) {
        const chatId = Number(userId.replace(/^tg:/, ''));
        if (!userId.startsWith('tg:') || !Number.isSafeInteger(chatId)) continue;
        const profile = await learning.profile(userId);
        const language = profile.language ?? 'zh';
        const next = await learning.next(userId, language);
        const say = learningPhrases(language);
        try {
          await api.sendMessage(chatId, next ? say.reminder(next.lesson.title) : say.allDone);
          sent += 1;
        } catch (error) {
          if (error instanceof GrammyError && error.error_code === 403) await learning.stopReminders(userId);
          else logger.warn({ err: String(error), userId }, 'reminder not sent');
        }
      }
    } catch (error) {
      logger.warn({ err: String(error) }, 'reminder check failed');
    } finally {
      running = false;
    }
    return sent;
  }
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
