/** @module Free text goes to the coach; the answer is streamed back. */
import { Composer } from 'grammy';
import type { Coach } from '../../../core/coach.ts';
import type { BotContext } from '../context.ts';
import { sendReply } from '../reply.ts';
import { turnFromContext } from '../turn-from-context.ts';
import { answerKeyboard } from './feedback.ts';

/** Answers text messages (not commands) with the coach. */
export function askFeature(coach: Coach, { signal }: { signal?: AbortSignal } = {}): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('message:text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/')) return next();
    await sendReply(
      ctx,
      coach.handle(turnFromContext(ctx, ctx.message.text), {
        signal,
        modelAllowed: ctx.admission?.modelAllowed,
        context: ctx.learner,
      }),
      {
        keyboard: answerKeyboard,
      },
    );
  });
  return composer;
}
