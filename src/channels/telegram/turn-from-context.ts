/** @module Translating a Telegram update into the coach's channel-neutral turn. */
import type { Turn } from '../../core/turn.ts';
import type { BotContext } from './context.ts';

/** The coach's user id for a Telegram user. */
export function telegramUserId(id: number): string {
  return `tg:${id}`;
}

/** The turn for the message in `ctx` (the sender, their language setting, the text). */
export function turnFromContext(ctx: BotContext, text: string): Turn {
  const from = ctx.from!;
  return {
    userId: telegramUserId(from.id),
    channel: 'telegram',
    displayName: [from.first_name, from.last_name].filter(Boolean).join(' '),
    languageHint: from.language_code,
    text,
  };
}
