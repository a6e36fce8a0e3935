/**
 * @module Rendering a coach reply in Telegram.
 *
 * Private chats watch the answer being written (Bot API message drafts, refreshed while the model writes);
 * groups see a typing indicator and then the finished message, since drafts only exist in private chats.
 * The final message is HTML, split at Telegram's limit, and re-sent as plain text if Telegram refuses it.
 */
import { GrammyError, type InlineKeyboard } from 'grammy';
import { phrases } from '../../core/phrases.ts';
import type { Reply, ReplyStream } from '../../core/turn.ts';
import type { BotContext } from './context.ts';
import { markdownToHtml, markdownToPlain, sourcesFooter, splitText, telegramTextLimit } from './format.ts';

/** How often drafts and typing actions are refreshed. */
export interface ReplyPacing {
  /** Minimum gap between two draft updates. */
  draftIntervalMs: number;
  /** Typing indicators last ~5 s in Telegram clients; refresh a little sooner. */
  typingIntervalMs: number;
}

const defaultPacing: ReplyPacing = { draftIntervalMs: 400, typingIntervalMs: 4_000 };

/**
 * Streams `answer` to the chat of `ctx` and sends the final message(s).
 *
 * @returns the finished reply
 */
export async function sendReply(
  ctx: BotContext,
  answer: ReplyStream,
  {
    keyboard,
    pacing = defaultPacing,
  }: { keyboard?: (reply: Reply) => InlineKeyboard | undefined; pacing?: ReplyPacing } = {},
): Promise<Reply> {
  const chatId = ctx.chat!.id;
  const isPrivate = ctx.chat!.type === 'private';
  const draftId = ctx.update.update_id;
  let written = '';
  let shown = '';
  let lastDraftAt = 0;
  let lastTypingAt = 0;

  const keepAlive = async (force: boolean) => {
    const at = Date.now();
    if (
      isPrivate &&
      written.trim() &&
      written !== shown &&
      (force || at - lastDraftAt >= pacing.draftIntervalMs)
    ) {
      shown = written;
      lastDraftAt = at;
      // Drafts are a courtesy: if one fails, the final message still comes.
      await ctx.api.sendMessageDraft(chatId, draftId, written.slice(0, telegramTextLimit)).catch(() => {});
    } else if (at - lastTypingAt >= pacing.typingIntervalMs) {
      lastTypingAt = at;
      await ctx.api.sendChatAction(chatId, 'typing').catch(() => {});
    }
  };

  await keepAlive(true);
  const ticker = setInterval(() => void keepAlive(false), pacing.draftIntervalMs);
  try {
    for await (const delta of answer) {
      written += delta;
      await keepAlive(false);
    }
  } finally {
    clearInterval(ticker);
  }
  const reply = await answer.final;
  const text = reply.text + sourcesFooter(phrases(reply.language).sources, reply.citations);
  await sendLongMessage(ctx, text, keyboard?.(reply));
  return reply;
}

/** Sends Markdown-lite text as one or more HTML messages, the keyboard on the last one. */
export async function sendLongMessage(
  ctx: BotContext,
  markdown: string,
  keyboard?: InlineKeyboard,
): Promise<void> {
  // Leave room for the HTML tags the conversion adds.
  const parts = splitText(markdown, telegramTextLimit - 300);
  for (const [index, part] of parts.entries()) {
    const reply_markup = index === parts.length - 1 ? keyboard : undefined;
    try {
      await ctx.reply(markdownToHtml(part), { parse_mode: 'HTML', reply_markup });
    } catch (error) {
      if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
      await ctx.reply(markdownToPlain(part), { reply_markup });
    }
  }
}
