/**
 * @module A guard for features that only answer commands, buttons and inline queries, so a plain question
 * skips them in one check instead of walking each of their filters.
 *
 * grammY builds a little middleware tree per filter (`command`, `on`, `callbackQuery` …) on every update;
 * with a dozen such features, that work was a third of the cost of answering a question offline.
 */
import type { Composer, Middleware } from 'grammy';
import type { BotContext } from './context.ts';

/** True for what a command-and-button feature may handle: a `/command`, a button press, an inline query. */
export function mayBeCommandOrButton(ctx: BotContext): boolean {
  if (ctx.callbackQuery || ctx.inlineQuery || ctx.chosenInlineResult) return true;
  const message = ctx.msg;
  if (!message) return false;
  const text = message.text ?? message.caption;
  if (text?.startsWith('/')) return true;
  const entities = message.entities ?? message.caption_entities;
  return entities?.some((entity) => entity.type === 'bot_command' && entity.offset === 0) ?? false;
}

/**
 * Runs `feature` only for commands, buttons and inline queries; anything else goes straight on. Handlers
 * added to `feature` later still count (its middleware is looked up per update).
 */
export function commandsAndButtons(feature: Composer<BotContext>): Middleware<BotContext> {
  return (ctx, next) => (mayBeCommandOrButton(ctx) ? feature.middleware()(ctx, next) : next());
}

/** Like {@link commandsAndButtons}, for features that also take replies to their own messages. */
export function commandsButtonsAndReplies(feature: Composer<BotContext>): Middleware<BotContext> {
  return (ctx, next) =>
    mayBeCommandOrButton(ctx) || ctx.msg?.reply_to_message !== undefined
      ? feature.middleware()(ctx, next)
      : next();
}
