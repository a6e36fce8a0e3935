/** @module Filters for staff-only features: trainers (and admins), and admins alone. */
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
