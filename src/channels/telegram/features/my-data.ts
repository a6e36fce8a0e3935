/** @module /mydata (everything stored, as a JSON file) and /forget (delete it all, after confirming). */
import { Composer, InlineKeyboard, InputFile } from 'grammy';
import type { Learning } from '../../../learning/learning.ts';
import { learningPhrases } from '../../../learning/phrases.ts';
import type { DataRights } from '../../../memory/data-rights.ts';
import type { BotContext } from '../context.ts';
import { telegramUserId } from '../turn-from-context.ts';
import { learnerLanguage } from './onboarding.ts';

/** Data rights in Telegram. */
export function myDataFeature(learning: Learning, rights: DataRights): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');
  const say = async (ctx: BotContext) =>
    learningPhrases(learnerLanguage(await learning.profile(telegramUserId(ctx.from!.id)), ctx));

  privateChat.command('mydata', async (ctx) => {
    const data = await rights.export(telegramUserId(ctx.from.id));
    const file = new InputFile(Buffer.from(JSON.stringify(data, null, 2)), `cunbo-data-${ctx.from.id}.json`);
    await ctx.replyWithDocument(file, { caption: (await say(ctx)).mydataCaption });
  });

  privateChat.command('forget', async (ctx) => {
    const words = await say(ctx);
    const keyboard = new InlineKeyboard().text(words.forgetYes, 'fg:yes').text(words.forgetNo, 'fg:no');
    await ctx.reply(words.forgetConfirm, { reply_markup: keyboard });
  });

  composer.callbackQuery(/^fg:(yes|no)$/, async (ctx) => {
    const words = await say(ctx);
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => {});
    if (ctx.match[1] === 'yes') {
      await rights.forget(telegramUserId(ctx.from.id));
      await ctx.reply(words.forgotten);
    } else {
      await ctx.reply(words.forgetCancelled);
    }
  });
  return composer;
}
