/**
 * @module Approvals waiting for the trainer's word. When the compliance checker flags words in an answer a
 * trainer approves in Telegram, the answer is not stored yet: the trainer is shown what was flagged and
 * confirms the text as written (or sends an edited one). The draft waits here, a day at most, and is taken
 * once, so a double-pressed button stores it once.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';

/** An answer waiting for the trainer to confirm it. */
export const approvalDraftSchema = z.object({
  /** Which list the question came from: a gap group or a 👎. */
  kind: z.enum(['gaps', 'downvotes']),
  /** The list reference the trainer used (`2`, `d1`), to say how to send an edited text. */
  ref: z.string(),
  question: z.string(),
  /** Gap keys (gaps) or the turn id (downvotes). */
  refs: z.array(z.string()),
  language: z.enum(['zh', 'en']).optional(),
  /** The answer exactly as the trainer wrote it. */
  answer: z.string(),
});

/** An answer waiting for the trainer to confirm it. */
export type ApprovalDraft = z.infer<typeof approvalDraftSchema>;

const ttlSeconds = 86_400;

/** The drafts store. */
export function createApprovalDrafts({ redis, keys }: { redis: Redis; keys: RedisKeys }) {
  const key = (trainerId: number, id: string) => keys.approvalDraft(String(trainerId), id);
  return {
    /** Keeps a draft a day; its id goes into the confirm button. */
    async save(trainerId: number, draft: ApprovalDraft): Promise<string> {
      const id = randomBytes(4).toString('hex');
      await redis.set(key(trainerId, id), JSON.stringify(draft), { EX: ttlSeconds });
      return id;
    },
    /** Takes the draft out (once: a second call gets undefined). */
    async take(trainerId: number, id: string): Promise<ApprovalDraft | undefined> {
      return parseStoredJson(approvalDraftSchema, await redis.getDel(key(trainerId, id)));
    },
  };
}

/** The drafts store. */
export type ApprovalDrafts = ReturnType<typeof createApprovalDrafts>;
