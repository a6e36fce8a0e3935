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
  /**
   * In private chats, how long to wait for the first text before showing "typing…" instead. An answer that
   * is ready sooner (offline answers are) needs no indicator; groups get one at once, having no drafts.
   */
  typingDelayMs: number;
}

/** Options of {@link sendReply}. */
export interface ReplyOptions {
  /** Buttons for the finished reply (on its last message). */
  keyboard?: (reply: Reply) => InlineKeyboard | undefined;
  pacing?: ReplyPacing;
  /**
   * What a draft shows of the text written so far (default: all of it). The final message is the coach's
   * finished reply, checked and rewritten before it is sent; drafts come before it and need the same care.
   */
  draftOf?: (written: string) => string;
}

const defaultPacing: ReplyPacing = { draftIntervalMs: 400, typingIntervalMs: 4_000, typingDelayMs: 300 };

/**
 * Streams `answer` to the chat of `ctx` and sends the final message(s).
 *
 * In a private chat the first text is shown as a draft as soon as it is written, unless the answer is
 * already complete by then (then the final message is the first thing sent): one Bot API call instead of
 * three for an answer that needs no streaming.
 *
 * @returns the finished reply
 */
export async function sendReply(
  ctx: BotContext,
  answer: ReplyStream,
  { keyboard, pacing = defaultPacing, draftOf = (written) => written }: ReplyOptions = {},
): Promise<Reply> {
  const chatId = ctx.chat!.id;
  const isPrivate = ctx.chat!.type === 'private';
  const draftId = ctx.update.update_id;
  let written = '';
  let shown = '';
  let lastDraftAt = 0;
  let lastTypingAt = 0;
  let finished = false;

  const showDraft = async (force: boolean): Promise<boolean> => {
    const at = Date.now();
    if (finished || !isPrivate || !written.trim() || written === shown) return false;
    if (!force && at - lastDraftAt < pacing.draftIntervalMs) return false;
    shown = written;
    lastDraftAt = at;
    // A fresh draft shows the bot at work as well as "typing…" does.
    lastTypingAt = at;
    // Drafts are a courtesy: if one fails, the final message still comes.
    await ctx.api
      .sendMessageDraft(chatId, draftId, draftOf(written).slice(0, telegramTextLimit))
      .catch(() => {});
    return true;
  };
  const showTyping = async () => {
    const at = Date.now();
    if (finished || at - lastTypingAt < pacing.typingIntervalMs) return;
    lastTypingAt = at;
    await ctx.api.sendChatAction(chatId, 'typing').catch(() => {});
  };
  const keepAlive = async () => {
    if (!(await showDraft(false))) await showTyping();
  };

  if (!isPrivate) await showTyping();
  const typing = isPrivate
    ? setTimeout(() => {
        if (!shown) void showTyping();
      }, pacing.typingDelayMs)
    : undefined;
  const ticker = setInterval(() => void keepAlive(), pacing.draftIntervalMs);
  // The first draft waits one turn of the event loop: an answer written all at once has ended by then.
  let firstDraft: NodeJS.Immediate | undefined;
  try {
    for await (const delta of answer) {
      written += delta;
      if (!firstDraft) {
        firstDraft = setImmediate(() => {
          if (written.trim()) void showDraft(true);
          else firstDraft = undefined;
        });
      } else if (shown) await keepAlive();
    }
  } finally {
    finished = true;
    clearImmediate(firstDraft);
    clearTimeout(typing);
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
