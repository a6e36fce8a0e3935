/**
 * @module Guards that run a feature only for the updates it concerns, in one check: features that only answer
 * commands, buttons and inline queries (a plain question skips them instead of walking each of their
 * filters), and staff features (a learner's message skips them).
 *
 * grammY builds a little middleware tree per filter (`command`, `on`, `callbackQuery` …) on every update;
 * with a dozen such features, that work was a third of the cost of answering a question offline.
 */
import type { Composer, MiddlewareFn } from 'grammy';
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
 * Runs `feature` for the updates `allowed` passes; the rest go straight on. What `composer.filter` does,
 * without the composer grammY builds per update for it. Handlers added to `feature` later still count
 * (its middleware is looked up per update).
 */
export function onlyFor(
  allowed: (ctx: BotContext) => Promise<boolean> | boolean,
  feature: Composer<BotContext>,
): MiddlewareFn<BotContext> {
  return async (ctx, next) => ((await allowed(ctx)) ? feature.middleware()(ctx, next) : next());
}

/** Runs `feature` only for commands, buttons and inline queries. */
export function commandsAndButtons(feature: Composer<BotContext>): MiddlewareFn<BotContext> {
  return onlyFor(mayBeCommandOrButton, feature);
}

/** Like {@link commandsAndButtons}, for features that also take replies to their own messages. */
export function commandsButtonsAndReplies(feature: Composer<BotContext>): MiddlewareFn<BotContext> {
  return onlyFor((ctx) => mayBeCommandOrButton(ctx) || ctx.msg?.reply_to_message !== undefined, feature);
}
