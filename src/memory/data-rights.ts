/**
 * @module A user's data rights: everything stored about them (export), and forgetting them (delete their
 * keys, drop them from the activity and reminder sets, anonymise their entries in the turn and gap logs).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';

/** A user's data rights over one Redis. */
export interface DataRights {
  export(userId: string): Promise<Record<string, unknown>>;
  forget(userId: string): Promise<void>;
}

/** Binds the data-rights operations to a Redis and its keys. */
export function createDataRights(redis: Redis, keys: RedisKeys): DataRights {
  return {
    export: (userId) => exportUserData(redis, keys, userId),
    forget: (userId) => forgetUser(redis, keys, userId),
  };
}

type StreamEntry = { id: string; message: Record<string, string> };

async function* entriesOf(redis: Redis, key: string, userId: string): AsyncGenerator<StreamEntry> {
  let start = '-';
  while (true) {
    const batch = (await redis.xRange(key, start, '+', { COUNT: 500 })) ?? [];
    for (const entry of batch) if (entry.message.userId === userId) yield entry as StreamEntry;
    if (batch.length < 500) return;
    start = `(${batch.at(-1)!.id}`;
  }
}

/** Everything Cunbo stores about `userId`, as one JSON-ready object. */
export async function exportUserData(
  redis: Redis,
  keys: RedisKeys,
  userId: string,
): Promise<Record<string, unknown>> {
  const [user, history, profile, progress, events] = await redis
    .multi()
    .get(keys.user(userId))
    .lRange(keys.history(userId), 0, -1)
    .get(keys.profile(userId))
    .hGetAll(keys.progress(userId))
    .xRange(keys.events(userId), '-', '+')
    .exec();
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : null);
  const turns: Record<string, string>[] = [];
  for await (const entry of entriesOf(redis, keys.turnLog, userId)) turns.push(entry.message);
  const gaps: Record<string, string>[] = [];
  for await (const entry of entriesOf(redis, keys.gapLog, userId)) gaps.push(entry.message);
  return {
    userId,
    exportedAt: new Date().toISOString(),
    user: json(user),
    profile: json(profile),
    progress: Object.fromEntries(
      Object.entries((progress ?? {}) as Record<string, string>).map(([k, v]) => [k, JSON.parse(v)]),
    ),
    progressEvents: ((events ?? []) as StreamEntry[]).map((e) => e.message),
    history: ((history ?? []) as string[]).map((line) => JSON.parse(line)),
    turns,
    knowledgeGaps: gaps,
  };
}

/**
 * Deletes the user's keys and set memberships, and replaces their turn-log and gap-log entries with copies
 * under an anonymous id (the questions still count in trainers' statistics; who asked them is gone).
 */
export async function forgetUser(redis: Redis, keys: RedisKeys, userId: string): Promise<void> {
  const anonymous = `anon:${createHash('sha256').update(`${userId}:${Date.now()}:${Math.random()}`).digest('hex').slice(0, 12)}`;
  const cohort = parseStoredJson(
    z.object({ cohort: z.string().optional() }),
    await redis.get(keys.profile(userId)),
  )?.cohort;
  // Their Telegram @username(s), kept for trainers' /learner @name.
  const handles: string[] = [];
  for await (const entries of redis.hScanIterator(keys.usernames, { COUNT: 500 })) {
    for (const { field, value } of entries) if (value === userId) handles.push(field);
  }
  const transaction = redis
    .multi()
    .del(keys.perUser(userId))
    .zRem(keys.usersByActivity, userId)
    .zRem(keys.reminders, userId);
  if (cohort) transaction.sRem(keys.cohortMembers(cohort), userId);
  if (handles.length > 0) transaction.hDel(keys.usernames, handles);
  await transaction.exec();
  for (const key of [keys.turnLog, keys.gapLog, keys.feedbackLog]) {
    const entries: StreamEntry[] = [];
    for await (const entry of entriesOf(redis, key, userId)) entries.push(entry);
    for (const { id, message } of entries) {
      await redis
        .multi()
        .xDel(key, id)
        .xAdd(key, '*', { ...message, userId: anonymous })
        .exec();
    }
  }
}
