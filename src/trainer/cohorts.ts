/**
 * @module Cohorts (a village, a class): created by a trainer, joined through a deep link
 * `https://t.me/<bot>?start=<code>`; members are kept in a set per cohort.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';

/** A cohort as stored in the cohorts hash. */
export const cohortSchema = z.object({
  code: z.string(),
  name: z.string(),
  trainerId: z.number(),
  createdAt: z.number(),
});

/** A cohort. */
export type Cohort = z.infer<typeof cohortSchema>;

// Easy to read aloud and type: no 0/O, 1/l/I.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

function newCode(): string {
  return [...randomBytes(6)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Cohorts over Redis. */
export type Cohorts = ReturnType<typeof createCohorts>;

/** Creates the cohort store. */
export function createCohorts({ redis, keys }: { redis: Redis; keys: RedisKeys }) {
  async function all(): Promise<Cohort[]> {
    const raw = await redis.hGetAll(keys.cohorts);
    return Object.values(raw).flatMap((value) => parseStoredJson(cohortSchema, value) ?? []);
  }
  return {
    all,
    /** A new cohort owned by `trainerId`. */
    async create(name: string, trainerId: number, now = Date.now()): Promise<Cohort> {
      const cohort = { code: newCode(), name: name.slice(0, 60), trainerId, createdAt: now };
      await redis.hSet(keys.cohorts, cohort.code, JSON.stringify(cohort));
      return cohort;
    },
    async get(code: string): Promise<Cohort | undefined> {
      return parseStoredJson(cohortSchema, await redis.hGet(keys.cohorts, code));
    },
    /** Adds a user who joined through the cohort's link; false when there is no such cohort. */
    async join(code: string, userId: string): Promise<boolean> {
      if (!(await redis.hExists(keys.cohorts, code))) return false;
      await redis.sAdd(keys.cohortMembers(code), userId);
      return true;
    },
    members: (code: string): Promise<string[]> => redis.sMembers(keys.cohortMembers(code)),
    /** Cohorts a trainer sees: their own; admins see all. */
    async visibleTo(trainerId: number, isAdmin: boolean): Promise<Cohort[]> {
      return (await all()).filter((cohort) => isAdmin || cohort.trainerId === trainerId);
    },
  };
}
