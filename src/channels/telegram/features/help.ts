/** @module /help: how to use Cunbo, in the user's language. */
import { Composer } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import { phrases } from '../../../core/phrases.ts';
import type { BotContext } from '../context.ts';

/** Explains the commands. */
export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('help', async (ctx) => {
    await ctx.reply(phrases(languageFromHint(ctx.from?.language_code)).help);
  });
  return composer;
}
