/** @module Free text goes to the coach; the answer is streamed back. */
import type { Middleware } from 'grammy';
import type { Coach } from '../../../core/coach.ts';
import type { BotContext } from '../context.ts';
import { type ReplyOptions, sendReply } from '../reply.ts';
import { turnFromContext } from '../turn-from-context.ts';
import { answerKeyboard } from './feedback.ts';

/** Answers text messages (not commands) with the coach. */
export function askFeature(
  coach: Coach,
  { signal, draftOf }: { signal?: AbortSignal } & Pick<ReplyOptions, 'draftOf'> = {},
): Middleware<BotContext> {
  // A plain test, not `composer.on('message:text')`: every question passes here, and grammY builds a small
  // middleware tree per filter per update.
  return async (ctx, next) => {
    const text = ctx.message?.text;
    if (text === undefined || text.startsWith('/')) return next();
    await sendReply(
      ctx,
      coach.handle(turnFromContext(ctx, text), {
        signal,
        modelAllowed: ctx.admission?.modelAllowed,
        context: ctx.learner,
      }),
      { keyboard: answerKeyboard, draftOf },
    );
  };
}
