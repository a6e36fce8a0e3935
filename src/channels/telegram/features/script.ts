/** @module /script: a timed live-stream script from the host's inputs, in chat and as a text file. */
import { Composer, InputFile } from 'grammy';
import { languageFromHint } from '../../../core/language.ts';
import type { ScriptService } from '../../../scripts/script-service.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';
import { telegramUserId } from '../turn-from-context.ts';

const intro = {
  zh: '告诉我这场直播卖什么，我来排时间表和话术。复制下面这段，改成你的，发给我：',
  en: "Tell me what you're selling and I'll write the run of show and lines. Copy this, fill it in, send it back:",
};
const revise = {
  zh: '想调整就发：/script 短一点、/script 长一点、/script 多点互动',
  en: 'To adjust: /script shorter, /script longer, /script more interaction',
};

/** `/script`, `/script <inputs>`, `/script shorter`. */
export function scriptFeature(scripts: ScriptService): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('script', async (ctx) => {
    const text = ctx.match;
    const language = /\p{Script=Han}/u.test(text)
      ? 'zh'
      : text.trim()
        ? 'en'
        : languageFromHint(ctx.from?.language_code);
    await ctx.replyWithChatAction('typing');
    const outcome = await scripts.handle(telegramUserId(ctx.from!.id), text, language);
    if (outcome.kind === 'form') {
      await ctx.reply(intro[language]);
      await ctx.reply(outcome.text);
      return;
    }
    await sendLongMessage(ctx, outcome.text);
    const file = new InputFile(
      Buffer.from(`${outcome.text}\n`),
      `live-script-${outcome.request.minutes}min.txt`,
    );
    await ctx.replyWithDocument(file, { caption: revise[outcome.request.language] });
  });
  return composer;
}
