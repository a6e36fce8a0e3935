/** @module The grammY context type every Cunbo feature uses. */
import type { Context } from 'grammy';

/** Cunbo's context (plain grammY for now; flavors are added here as features need them). */
export type BotContext = Context;
