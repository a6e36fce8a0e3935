/** @module The user record: who someone is to Cunbo. Later issues add profile and progress beside it. */
import { z } from 'zod';
import { parseStoredJson } from '../redis/stored-json.ts';

/** Stored as JSON at `keys.user(id)`; validated on every read. */
export const userRecordSchema = z.object({
  id: z.string(),
  channel: z.enum(['telegram', 'terminal', 'cli']),
  displayName: z.string().optional(),
  language: z.enum(['zh', 'en']),
  firstSeen: z.number(),
  lastSeen: z.number(),
  turns: z.number().int().nonnegative(),
});

/** A user as stored. */
export type UserRecord = z.infer<typeof userRecordSchema>;

/**
 * Parses a stored user record. An unreadable or older-shaped value yields `undefined` (the caller starts a
 * fresh record) instead of throwing inside a handler.
 */
export function parseUserRecord(raw: string | null | undefined): UserRecord | undefined {
  return parseStoredJson(userRecordSchema, raw);
}
