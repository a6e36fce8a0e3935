/**
 * @module Who is a trainer or an admin. Admins come from ADMIN_IDS only; trainers from TRAINER_IDS plus
 * those an admin added from Telegram (kept in Redis, so every bot process agrees).
 */
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';

const addedTrainerSchema = z.object({ addedBy: z.number(), at: z.number() });

/** A trainer an admin added. */
export interface AddedTrainer {
  id: number;
  addedBy: number;
  at: number;
}

/** Roles over config and Redis. */
export interface Roles {
  isAdmin(userId: number): boolean;
  /** Trainers and admins. */
  isTrainer(userId: number): Promise<boolean>;
  /** Adds a trainer (idempotent). */
  addTrainer(userId: number, addedBy: number, now?: number): Promise<void>;
  /** Removes a trainer an admin added; false for one from TRAINER_IDS (change the config instead). */
  removeTrainer(userId: number): Promise<boolean>;
  /** Trainers from config and those added. */
  trainers(): Promise<Array<AddedTrainer | { id: number; fromConfig: true }>>;
}

/** Creates the role store. */
export function createRoles({
  redis,
  keys,
  trainerIds,
  adminIds,
  cacheMs = 1_000,
  now = Date.now,
}: {
  redis: Redis;
  keys: RedisKeys;
  trainerIds: readonly number[];
  adminIds: readonly number[];
  /**
   * How long an answer from Redis is reused in this process. One update asks several times (limits, each
   * trainer feature's filter); another process's add or remove is seen after at most this long.
   */
  cacheMs?: number;
  now?: () => number;
}): Roles {
  const isAdmin = (userId: number) => adminIds.includes(userId);
  const cache = new Map<number, { at: number; answer: Promise<boolean> }>();
  const lookUp = (userId: number): Promise<boolean> => {
    const at = now();
    const hit = cache.get(userId);
    if (hit && at - hit.at < cacheMs) return hit.answer;
    // Redis down: fail closed (not a trainer), so the learner side of the bot keeps working meanwhile.
    const answer = redis
      .hExists(keys.trainers, String(userId))
      .then(Boolean)
      .catch(() => {
        cache.delete(userId);
        return false;
      });
    if (cache.size > 10_000) cache.clear();
    cache.set(userId, { at, answer });
    return answer;
  };
  return {
    isAdmin,
    async isTrainer(userId) {
      if (isAdmin(userId) || trainerIds.includes(userId)) return true;
      return lookUp(userId);
    },
    async addTrainer(userId, addedBy, at = now()) {
      await redis.hSet(keys.trainers, String(userId), JSON.stringify({ addedBy, at }));
      cache.delete(userId);
    },
    async removeTrainer(userId) {
      const removed = (await redis.hDel(keys.trainers, String(userId))) > 0;
      cache.delete(userId);
      return removed;
    },
    async trainers() {
      const added = Object.entries(await redis.hGetAll(keys.trainers)).flatMap(([id, value]) => {
        const record = parseStoredJson(addedTrainerSchema, value);
        return record ? [{ id: Number(id), ...record }] : [];
      });
      const fromConfig = trainerIds
        .filter((id) => !added.some((a) => a.id === id))
        .map((id) => ({ id, fromConfig: true as const }));
      return [...fromConfig, ...added];
    },
  };
}
