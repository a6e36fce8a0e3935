/**
 * @module /check: does a caption, title or script line break the Advertising Law or a platform rule?
 * `/check <text>`, or `/check` as a reply to any message (a caption, a draft, a colleague's script).
 */
import { Composer } from 'grammy';
import type { ComplianceChecker } from '../../../compliance/checker.ts';
import type { SecondOpinion } from '../../../compliance/second-opinion.ts';
import { detectLanguage, languageFromHint } from '../../../core/language.ts';
import type { Logger } from '../../../logging/logger.ts';
import { checkReport } from '../../check-report.ts';
import type { BotContext } from '../context.ts';
import { sendLongMessage } from '../reply.ts';

const words = {
  zh: {
    usage:
      '把要检查的文案发在 /check 后面，或者回复一条消息再发 /check。\n例：/check 全网最低价，吃了能降血压',
    secondOpinion: '🤖 AI 复核（仅供参考，以平台规则中心为准）：',
  },
  en: {
    usage:
      'Put the text after /check, or reply to a message with /check.\nE.g. /check Lowest price online, cures high blood pressure',
    secondOpinion: "🤖 The model's second opinion (advice only; the platform's rules centre decides):",
  },
};

/** `/check`; with a model, its second opinion follows the rules' report. */
export function checkFeature(
  checker: ComplianceChecker,
  secondOpinion?: SecondOpinion,
  logger?: Logger,
): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command('check', async (ctx) => {
    const replied = ctx.message?.reply_to_message;
    const text = ctx.match.trim() || replied?.text || replied?.caption || '';
    const language = text
      ? detectLanguage(text, ctx.from?.language_code)
      : languageFromHint(ctx.from?.language_code);
    if (!text) return void (await ctx.reply(words[language].usage));
    const report = checkReport(checker, text, language);
    await sendLongMessage(ctx, report.text);
    if (!secondOpinion) return;
    try {
      const flagged = report.violations.map((v) => v.span.text);
      const extra = (await secondOpinion(text, language)).filter(
        (issue) => !flagged.some((f) => issue.quote.includes(f)),
      );
      if (extra.length === 0) return;
      const items = extra.map((issue, i) => `${i + 1}. 「${issue.quote}」 ${issue.reason}`);
      await ctx.reply(`${words[language].secondOpinion}\n${items.join('\n')}`);
    } catch (error) {
      logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'second opinion failed');
    }
  });
  return composer;
}
