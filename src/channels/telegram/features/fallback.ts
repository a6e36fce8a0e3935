/** @module Whatever no other feature handled gets a friendly word instead of silence. */
import { Composer } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import { phrases } from '../../../core/phrases.ts';
import type { BotContext } from '../context.ts';

/** Replies to non-text messages and unknown commands; answers stray button presses so spinners stop. */
export function fallbackFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  composer.on('message', async (ctx) => {
    const say = phrases(languageFromHint(ctx.from?.language_code));
    await ctx.reply(ctx.message.text?.startsWith('/') ? say.help : say.nonText);
  });
  return composer;
}
