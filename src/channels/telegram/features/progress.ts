/** @module /progress: each track's progress and one recommended next step. */
import { Composer } from 'grammy';
import { progressReport } from '../../../learning/cards.ts';
import type { Learning } from '../../../learning/learning.ts';
import type { BotContext } from '../context.ts';
import { telegramUserId } from '../turn-from-context.ts';
import { learnerLanguage } from './onboarding.ts';

/** Shows the learner where they are. */
export function progressFeature(learning: Learning): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('progress', async (ctx) => {
    const userId = telegramUserId(ctx.from!.id);
    const profile = await learning.profile(userId);
    const language = learnerLanguage(profile, ctx);
    await ctx.reply(progressReport(await learning.overview(userId, language), learning, language));
  });
  return composer;
}
