/** @module Filters for staff-only features: trainers (and admins), and admins alone. */
import type { Composer, Middleware } from 'grammy';
import type { Roles } from '../../trainer/roles.ts';
import type { BotContext } from './context.ts';

/** Passes only trainers' and admins' updates (others go on to the ordinary bot). */
export function trainerOnly(roles: Pick<Roles, 'isTrainer'>) {
  return (ctx: BotContext): Promise<boolean> | boolean =>
    ctx.from !== undefined && ctx.from.is_bot === false && roles.isTrainer(ctx.from.id);
}

/** Passes only admins' updates (ADMIN_IDS). */
export function adminOnly(roles: Pick<Roles, 'isAdmin'>) {
  return (ctx: BotContext): boolean =>
    ctx.from !== undefined && ctx.from.is_bot === false && roles.isAdmin(ctx.from.id);
}

/**
 * Runs `feature` for the updates `allowed` passes; the rest go on. What `composer.filter` does, without the
 * composer grammY builds per update for it: features every message passes through use this.
 */
export function onlyFor(
  allowed: (ctx: BotContext) => Promise<boolean> | boolean,
  feature: Composer<BotContext>,
): Middleware<BotContext> {
  return async (ctx, next) => ((await allowed(ctx)) ? feature.middleware()(ctx, next) : next());
}
