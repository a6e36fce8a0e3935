/**
 * @module Rate limits and daily budgets in Telegram. Registered right after `sequentialize`, before every
 * feature, so it applies to polling and webhook workers alike.
 *
 * What counts as a question: a text message that is not a command, a voice message, audio or video note,
 * and the commands that call the model (/script, /check). Buttons (👍, lesson and onboarding buttons),
 * /start, /help, /learn, /tip and the other commands are never limited: they are cheap and answer at once.
 */
import type { Middleware } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { Limits } from '../../../limits/limits.ts';
import { limitPhrases } from '../../../limits/phrases.ts';
import type { Logger } from '../../../logging/logger.ts';
import type { BotContext } from '../context.ts';
import { telegramUserId } from '../turn-from-context.ts';

/** Commands that call the model, and so count as questions. */
export const questionCommands = ['script', 'check'];

/** True when the update in `ctx` is a question that the limits apply to. */
export function isQuestion(ctx: BotContext): boolean {
  const message = ctx.message;
  if (!message || !ctx.from || ctx.from.is_bot) return false;
  if (message.voice || message.audio || message.video_note) return true;
  const text = message.text;
  if (text === undefined) return false;
  if (!text.startsWith('/')) return true;
  const command = /^\/([A-Za-z0-9_]+)(?:@\w+)?/.exec(text)?.[1]?.toLowerCase();
  return command !== undefined && questionCommands.includes(command);
}

/**
 * Throttles floods (one notice per minute, the rest dropped unanswered, not queued), stops questions past the
 * day's budget with when it resets, and says once a day when answers fall back to the knowledge base.
 * If Redis fails, the question goes through: a limit is a guard, not a reason to go silent.
 */
export function limitsFeature({
  limits,
  logger,
  now = Date.now,
}: {
  limits: Pick<Limits, 'admit'>;
  logger: Logger;
  now?: () => number;
}): Middleware<BotContext> {
  return async (ctx, next) => {
    if (!isQuestion(ctx)) return next();
    const userId = telegramUserId(ctx.from!.id);
    let admission: Awaited<ReturnType<Limits['admit']>>;
    try {
      admission = await limits.admit(userId);
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error), userId },
        'limits unavailable',
      );
      return next();
    }
    const say = limitPhrases(languageFromHint(ctx.from!.language_code));
    switch (admission.kind) {
      case 'throttled':
        logger.info({ userId, notified: admission.notify }, 'question throttled');
        if (admission.notify) await ctx.reply(say.throttled);
        return;
      case 'out_of_questions':
        logger.info({ userId, limit: admission.limit }, 'daily question budget spent');
        await ctx.reply(say.outOfQuestions(admission.limit, admission.resetsAt, now()));
        return;
      case 'ok':
        if (admission.notifyTokensSpent) await ctx.reply(say.tokensSpent);
        // The coach need not read the budget again.
        ctx.admission = { modelAllowed: admission.modelAllowed };
        return next();
    }
  };
}
