/** @module /start and /help: the greeting and how to use Cunbo, in the user's language. */
import { Composer } from 'grammy';
import type { Coach } from '../../../core/coach.ts';
import { languageFromHint } from '../../../core/language.ts';
import { phrases } from '../../../core/phrases.ts';
import type { BotContext } from '../context.ts';
import { turnFromContext } from '../turn-from-context.ts';

/** Greets on /start (remembering the user) and explains on /help. */
export function startFeature(coach: Coach): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('start', async (ctx) => {
    const { text: _, ...who } = turnFromContext(ctx, '');
    const user = await coach.greet(who);
    await ctx.reply(phrases(user.language).greeting(ctx.from?.first_name ?? ''));
  });
  composer.command('help', async (ctx) => {
    await ctx.reply(phrases(languageFromHint(ctx.from?.language_code)).help);
  });
  return composer;
}
