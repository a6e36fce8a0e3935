/** @module /remind: an opt-in daily nudge with the next step. */
import { Composer } from 'grammy';
import type { Learning } from '../../../learning/learning.ts';
import { learningPhrases } from '../../../learning/phrases.ts';
import type { BotContext } from '../context.ts';
import { telegramUserId } from '../turn-from-context.ts';
import { learnerLanguage } from './onboarding.ts';

/** The nudge hour when none is given. */
export const defaultReminderHour = 20;

/** `/remind`, `/remind 8`, `/remind off`. */
export function remindFeature(learning: Learning): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('remind', async (ctx) => {
    const userId = telegramUserId(ctx.from!.id);
    const profile = await learning.profile(userId);
    const say = learningPhrases(learnerLanguage(profile, ctx));
    const argument = ctx.match.trim().toLowerCase();
    if (argument === 'off' || argument === '关' || argument === '关闭') {
      await learning.saveProfile(userId, { ...profile, remindHour: undefined });
      await ctx.reply(say.remindOff);
      return;
    }
    const hour = argument === '' ? defaultReminderHour : Number(argument);
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
      await ctx.reply(say.remindUsage);
      return;
    }
    await learning.saveProfile(userId, { ...profile, remindHour: hour });
    await ctx.reply(say.remindOn(hour));
  });
  return composer;
}
