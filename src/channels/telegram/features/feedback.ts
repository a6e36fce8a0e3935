/**
 * @module 👍/👎 under every answer. 👎 asks "what was wrong?" as a forced reply; the user's reply (optional)
 * is stored with the vote, so trainers see what went wrong in the learner's own words.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { Reply } from '../../../core/turn.ts';
import type { ConversationMemory } from '../../../memory/conversation-memory.ts';
import type { BotContext } from '../context.ts';
import { telegramUserId } from '../turn-from-context.ts';
import { lessonButtons } from './lesson.ts';

const words = {
  zh: {
    thanks: '收到，谢谢！',
    ask: '哪里不对？回复这条消息说一句就行（不说也没关系）。',
    noted: '记下了，会转给培训老师。',
  },
  en: {
    thanks: 'Thanks for the feedback!',
    ask: 'What was wrong? Reply to this message in a sentence (optional).',
    noted: 'Noted; the trainers will see it.',
  },
};

// The turn id rides in the prompt, so the reply needs no state in Redis.
const askPattern = /\(#(\d+-\d+)\)$/;

/** Adds 👍/👎 buttons for `turnId` to a keyboard (a new one if none). */
export function withFeedbackButtons(
  keyboard: InlineKeyboard | undefined,
  turnId: string | undefined,
): InlineKeyboard | undefined {
  if (!turnId) return keyboard;
  return (keyboard ?? new InlineKeyboard()).text('👍', `fb:up:${turnId}`).text('👎', `fb:down:${turnId}`);
}

/** The keyboard under an answer: 📖 buttons for cited lessons, then 👍/👎. */
export function answerKeyboard(reply: Reply): InlineKeyboard | undefined {
  return withFeedbackButtons(lessonButtons(reply.citations), reply.turnId);
}

/** Handles the votes and the "what was wrong?" replies. */
export function feedbackFeature(memory: Pick<ConversationMemory, 'saveFeedback'>): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.callbackQuery(/^fb:(up|down):(\d+-\d+)$/, async (ctx) => {
    const say = words[languageFromHint(ctx.from.language_code)];
    const [, vote, turnId] = ctx.match as unknown as [string, 'up' | 'down', string];
    await memory.saveFeedback(telegramUserId(ctx.from.id), turnId, vote);
    await ctx.answerCallbackQuery({ text: say.thanks });
    if (vote === 'down') {
      await ctx.reply(`${say.ask} (#${turnId})`, { reply_markup: { force_reply: true, selective: true } });
    }
  });
  composer.on('message:text', async (ctx, next) => {
    const replied = ctx.message.reply_to_message;
    const turnId = replied?.from?.id === ctx.me.id ? askPattern.exec(replied.text ?? '')?.[1] : undefined;
    if (!turnId) return next();
    await memory.saveFeedback(telegramUserId(ctx.from.id), turnId, 'down', ctx.message.text.slice(0, 500));
    await ctx.reply(words[languageFromHint(ctx.from.language_code)].noted);
  });
  return composer;
}
