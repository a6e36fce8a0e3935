/**
 * @module Handles (Telegram @usernames) → user ids, so a trainer can look a learner up by the name they
 * see in a chat. Written when a user writes to the bot; `/forget` (memory/data-rights.ts) removes them.
 */
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';

/** The handle index over Redis. */
export interface Usernames {
  /**
   * Records that `userId` goes by `username` (no `@`). Cached per process for an hour, so a chatty user
   * costs one write an hour (and is indexed again within the hour after a /forget).
   */
  remember(userId: string, username: string): Promise<void>;
  /** The user id for `@username` or `username` (case-insensitive). */
  lookup(username: string): Promise<string | undefined>;
}

/** Keeps the per-process cache from growing without bound on a big bot. */
const cacheLimit = 50_000;
const cacheMs = 3_600_000;

/** Normalises a handle: no `@`, lower case (Telegram usernames are case-insensitive). */
export function normaliseUsername(name: string): string {
  return name.trim().replace(/^@/, '').toLowerCase();
}

/** Creates the index. */
export function createUsernames({
  redis,
  keys,
  now = Date.now,
}: {
  redis: Redis;
  keys: RedisKeys;
  now?: () => number;
}): Usernames {
  const known = new Map<string, { name: string; at: number }>();
  return {
    async remember(userId, username) {
      const name = normaliseUsername(username);
      const cached = known.get(userId);
      if (!name || (cached?.name === name && now() - cached.at < cacheMs)) return;
      await redis.hSet(keys.usernames, name, userId);
      if (known.size >= cacheLimit) known.clear();
      known.set(userId, { name, at: now() });
    },
    async lookup(username) {
      const name = normaliseUsername(username);
      return name ? ((await redis.hGet(keys.usernames, name)) ?? undefined) : undefined;
    },
  };
}
