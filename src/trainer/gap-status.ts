/**
 * @module What trainers did about a knowledge gap: open (nothing yet), handled (a lesson covers or will
 * cover it), or answered (an approved answer now serves it). One hash field per gap group.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';
import { normaliseQuestion } from './question-match.ts';

/** A gap group's state as stored. */
export const gapStateSchema = z.object({
  status: z.enum(['open', 'handled', 'answered']),
  lesson: z.string().optional(),
  by: z.number().optional(),
  at: z.number().optional(),
  answerId: z.string().optional(),
});

/** A gap group's state. */
export type GapState = z.infer<typeof gapStateSchema>;

/** Gap states over Redis. */
export interface GapStatuses {
  /** The stable key of a gap group, from its example question (normalised, hashed). */
  key(question: string): string;
  /** States by key; a key never marked is `{ status: 'open' }`. */
  get(keys: readonly string[]): Promise<Map<string, GapState>>;
  /** A trainer dealt with it, optionally naming the lesson that covers it. */
  markHandled(key: string, trainerId: number, lesson?: string): Promise<void>;
  /** A trainer approved an answer for it. */
  markAnswered(key: string, trainerId: number, answerId: string): Promise<void>;
  reopen(key: string): Promise<void>;
  /** Reopens every gap answered by `answerId` (the approval was withdrawn); how many it reopened. */
  reopenAnswer(answerId: string): Promise<number>;
}

/** Creates the gap-state store. */
export function createGapStatuses({
  redis,
  keys,
  now = Date.now,
}: {
  redis: Redis;
  keys: RedisKeys;
  now?: () => number;
}): GapStatuses {
  const set = (key: string, state: GapState) => redis.hSet(keys.gapStatus, key, JSON.stringify(state));
  return {
    key: (question) =>
      createHash('sha256')
        .update(normaliseQuestion(question) || question)
        .digest('hex')
        .slice(0, 16),
    async get(wanted) {
      const states = new Map<string, GapState>();
      if (wanted.length === 0) return states;
      const raw = await redis.hmGet(keys.gapStatus, [...wanted]);
      wanted.forEach((key, i) => {
        states.set(key, parseStoredJson(gapStateSchema, raw[i]) ?? { status: 'open' });
      });
      return states;
    },
    async markHandled(key, trainerId, lesson) {
      await set(key, { status: 'handled', by: trainerId, at: now(), ...(lesson ? { lesson } : {}) });
    },
    async markAnswered(key, trainerId, answerId) {
      await set(key, { status: 'answered', by: trainerId, at: now(), answerId });
    },
    async reopen(key) {
      await redis.hDel(keys.gapStatus, key);
    },
    async reopenAnswer(answerId) {
      const all = await redis.hGetAll(keys.gapStatus);
      const answered = Object.entries(all)
        .filter(([, raw]) => parseStoredJson(gapStateSchema, raw)?.answerId === answerId)
        .map(([key]) => key);
      if (answered.length > 0) await redis.hDel(keys.gapStatus, answered);
      return answered.length;
    },
  };
}
