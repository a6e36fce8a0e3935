/**
 * @module Announcements a trainer sends to a cohort: the draft awaiting confirmation, a one-time claim
 * (send or cancel) so a button pressed twice, or in two processes, sends once, and the delivery report.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';
import type { BroadcastReport } from './broadcast.ts';

const draftSchema = z.object({
  id: z.string(),
  cohort: z.string(),
  trainerId: z.number(),
  text: z.string(),
  createdAt: z.number(),
});

/** An announcement as drafted. */
export type Announcement = z.infer<typeof draftSchema>;

const reportSchema = z.object({
  recipients: z.number(),
  sent: z.number(),
  blocked: z.number(),
  failed: z.number(),
  skipped: z.number(),
  blockedIds: z.array(z.string()),
  ms: z.number(),
});

/** Drafts, claims and reports kept this long. */
const keepSeconds = 30 * 86_400;
/** A `/announce <code>` waits this long for its text. */
const awaitTextSeconds = 600;

/** Announcements over Redis. */
export interface Announcements {
  /** Stores a draft; it is sent only after `claim(id, 'send')`. */
  draft(input: Omit<Announcement, 'id' | 'createdAt'>, now?: number): Promise<Announcement>;
  get(id: string): Promise<Announcement | undefined>;
  /**
   * Claims the draft for sending or cancelling. Only the first claim wins; later ones get `undefined` and
   * what the first claim was.
   */
  claim(
    id: string,
    action: 'send' | 'cancel',
  ): Promise<{ won: boolean; claimed: 'send' | 'cancel' | undefined }>;
  /** Records the delivery report. */
  finish(id: string, report: BroadcastReport): Promise<void>;
  report(id: string): Promise<BroadcastReport | undefined>;
  /** Remembers that `trainerId`'s next message is the text for `cohort`. */
  awaitText(trainerId: number, cohort: string): Promise<void>;
  /** The cohort awaiting `trainerId`'s text, taken (so only one message is used). */
  takeAwaited(trainerId: number): Promise<string | undefined>;
}

/** Creates the store. */
export function createAnnouncements({ redis, keys }: { redis: Redis; keys: RedisKeys }): Announcements {
  return {
    async draft(input, now = Date.now()) {
      const announcement = { ...input, id: randomBytes(6).toString('base64url'), createdAt: now };
      const key = keys.announcement(announcement.id);
      await redis.multi().hSet(key, 'draft', JSON.stringify(announcement)).expire(key, keepSeconds).exec();
      return announcement;
    },
    async get(id) {
      return parseStoredJson(draftSchema, await redis.hGet(keys.announcement(id), 'draft'));
    },
    async claim(id, action) {
      const key = keys.announcement(id);
      if (!(await redis.hExists(key, 'draft'))) return { won: false, claimed: undefined };
      const won = Boolean(await redis.hSetNX(key, 'claim', action));
      const claimed = won ? action : await redis.hGet(key, 'claim');
      return { won, claimed: claimed === 'send' || claimed === 'cancel' ? claimed : undefined };
    },
    async finish(id, report) {
      await redis.hSet(keys.announcement(id), 'report', JSON.stringify(report));
    },
    async report(id) {
      return parseStoredJson(reportSchema, await redis.hGet(keys.announcement(id), 'report'));
    },
    async awaitText(trainerId, cohort) {
      await redis.set(keys.announcing(String(trainerId)), cohort, { EX: awaitTextSeconds });
    },
    async takeAwaited(trainerId) {
      return (await redis.getDel(keys.announcing(String(trainerId)))) ?? undefined;
    },
  };
}
