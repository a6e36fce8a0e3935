/**
 * @module Which limits apply to a user: the configured defaults, overridden at run time by admins (globally
 * or for one user, e.g. an anchor during a big live show). Overrides live in Redis, so every process agrees.
 */
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';

/** The limits an admin can change, by the names they type (`/limits set daily_tokens 500000`). */
export const limitFields = ['per_minute', 'burst', 'daily_questions', 'daily_tokens'] as const;

/** One adjustable limit. */
export type LimitField = (typeof limitFields)[number];

/** The limits that apply to one user. */
export interface LimitSettings {
  /** Questions per minute, the bucket's steady refill. */
  perMinute: number;
  /** Questions that may come in a quick row (the bucket's size). */
  burst: number;
  /** Questions per China day. */
  dailyQuestions: number;
  /** Model tokens (prompt + completion) per China day; past it, knowledge-base answers only. */
  dailyTokens: number;
}

const settingOf: Record<LimitField, keyof LimitSettings> = {
  per_minute: 'perMinute',
  burst: 'burst',
  daily_questions: 'dailyQuestions',
  daily_tokens: 'dailyTokens',
};

/** True when `name` is a limit field. */
export function isLimitField(name: string): name is LimitField {
  return (limitFields as readonly string[]).includes(name);
}

/** The smallest value a field takes: a rate of 0 would lock a user out silently, a budget of 0 is a choice. */
export function minimumOf(field: LimitField): number {
  return field === 'per_minute' || field === 'burst' ? 1 : 0;
}

/** Largest value accepted for any field (keeps Lua arithmetic exact). */
export const maxLimitValue = 1_000_000_000;

/** Overrides, as admins set them. */
export interface LimitOverrides {
  global: Partial<Record<LimitField, number>>;
  /** By user id (`tg:123`). */
  users: Record<string, Partial<Record<LimitField, number>>>;
}

/** The effective limits of a user, and why. */
export interface UserLimits extends LimitSettings {
  /** Trainer or admin: the defaults were multiplied. */
  staff: boolean;
  /** Fields this user has their own value for. */
  own: LimitField[];
}

/** Reads and writes limits. */
export interface LimitSettingsStore {
  /** The configured defaults (before overrides). */
  readonly defaults: LimitSettings;
  forUser(userId: string): Promise<UserLimits>;
  /** Sets a global override; `undefined` removes it (back to the configured default). */
  setGlobal(field: LimitField, value: number | undefined): Promise<void>;
  /** Sets one user's own value; `undefined` removes it. */
  setUser(userId: string, field: LimitField, value: number | undefined): Promise<void>;
  overrides(): Promise<LimitOverrides>;
}

const storedValue = z.coerce.number().int().min(0).max(maxLimitValue);

/** Creates the settings store. */
export function createLimitSettings({
  redis,
  keys,
  defaults,
  staffMultiplier = 1,
  isStaff = async () => false,
  reuseMs = 1_000,
  now = Date.now,
}: {
  redis: Redis;
  keys: RedisKeys;
  defaults: LimitSettings;
  /** Trainers' and admins' defaults and global overrides are multiplied by this. */
  staffMultiplier?: number;
  isStaff?: (userId: string) => Promise<boolean>;
  /**
   * How long overrides read from Redis are reused (default 1 s). A change made through this store applies
   * at once; one made by another process, within this long.
   */
  reuseMs?: number;
  now?: () => number;
}): LimitSettingsStore {
  const read = (raw: string | null | undefined, field: LimitField): number | undefined => {
    const parsed = storedValue.safeParse(raw ?? undefined);
    return parsed.success && parsed.data >= minimumOf(field) ? parsed.data : undefined;
  };
  const check = (field: LimitField, value: number | undefined) => {
    if (value === undefined) return;
    if (!Number.isInteger(value) || value < minimumOf(field) || value > maxLimitValue)
      throw new RangeError(`${field} must be a whole number from ${minimumOf(field)} to ${maxLimitValue}`);
  };
  // Overrides change when an admin types /limits, yet every question needs them: read once a second per
  // process, not once per question (that was a Redis round trip on every question).
  const readOverrides = async (): Promise<LimitOverrides> => {
    const all = await redis.hGetAll(keys.limitOverrides);
    const result: LimitOverrides = { global: {}, users: {} };
    for (const [name, raw] of Object.entries(all)) {
      const cut = name.lastIndexOf(':');
      const field = name.slice(cut + 1);
      if (!isLimitField(field)) continue;
      const value = read(raw, field);
      if (value === undefined) continue;
      if (cut < 0) result.global[field] = value;
      else {
        const userId = name.slice(0, cut);
        result.users[userId] = { ...result.users[userId], [field]: value };
      }
    }
    return result;
  };
  let recent: { at: number; overrides: Promise<LimitOverrides> } | undefined;
  const storedOverrides = () => {
    const at = now();
    if (!recent || at - recent.at >= reuseMs || at < recent.at) {
      const overrides = readOverrides();
      const reading = { at, overrides };
      recent = reading;
      // A failed read is not reused: the next question asks Redis again.
      overrides.catch(() => {
        if (recent === reading) recent = undefined;
      });
    }
    return recent.overrides;
  };
  return {
    defaults,
    async forUser(userId) {
      const [stored, staff] = await Promise.all([storedOverrides(), isStaff(userId).catch(() => false)]);
      const limits: UserLimits = { ...defaults, staff, own: [] };
      const mine = Object.hasOwn(stored.users, userId) ? stored.users[userId] : undefined;
      limitFields.forEach((field) => {
        const global = stored.global[field];
        const own = mine?.[field];
        const base = global ?? defaults[settingOf[field]];
        if (own !== undefined) {
          limits[settingOf[field]] = own;
          limits.own.push(field);
        } else {
          limits[settingOf[field]] = staff ? Math.round(base * staffMultiplier) : base;
        }
      });
      return limits;
    },
    async setGlobal(field, value) {
      check(field, value);
      if (value === undefined) await redis.hDel(keys.limitOverrides, field);
      else await redis.hSet(keys.limitOverrides, field, String(value));
      recent = undefined;
    },
    async setUser(userId, field, value) {
      check(field, value);
      const name = `${userId}:${field}`;
      if (value === undefined) await redis.hDel(keys.limitOverrides, name);
      else await redis.hSet(keys.limitOverrides, name, String(value));
      recent = undefined;
    },
    // What admins see is read afresh.
    overrides: readOverrides,
  };
}
