/**
 * @module Recent 👎: the question, the answer the learner disliked and their note, newest first, for
 * trainers to write a better answer.
 */
import type { ConversationMemory } from '../memory/conversation-memory.ts';
import { type TurnLogEntry, turnLogEntrySchema } from '../memory/turn-log.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';

/** A 👎 with the turn it was about. */
export interface Downvote {
  turnId: string;
  question: string;
  answer: string;
  language: 'zh' | 'en';
  /** What the learner said was wrong ('' if nothing). */
  note: string;
  mode: string;
}

/** The newest `limit` 👎 since `since` (ms), one per turn, with their turns (turns gone from the log are skipped). */
export async function recentDownvotes(
  deps: { redis: Redis; keys: RedisKeys; memory: Pick<ConversationMemory, 'feedbackSince'> },
  since: number,
  limit = 10,
): Promise<Downvote[]> {
  const votes = await deps.memory.feedbackSince(since);
  // Newest first; a turn's note comes as a second 👎 entry, and a later 👍 from the same user undoes it.
  const latest = new Map<string, { vote: 'up' | 'down'; note: string }>();
  for (const vote of votes) {
    const before = latest.get(vote.turnId);
    latest.set(vote.turnId, {
      vote: vote.vote,
      note: vote.note || (before?.vote === 'down' ? before.note : ''),
    });
  }
  const down = [...latest].filter(([, v]) => v.vote === 'down').reverse();
  const found: Downvote[] = [];
  for (const [turnId, { note }] of down) {
    if (found.length >= limit) break;
    const turn = await turnById(deps.redis, deps.keys, turnId);
    if (!turn) continue;
    found.push({
      turnId,
      question: turn.question,
      answer: turn.answer,
      language: turn.language === 'en' ? 'en' : 'zh',
      note,
      mode: turn.mode,
    });
  }
  return found;
}

async function turnById(redis: Redis, keys: RedisKeys, turnId: string): Promise<TurnLogEntry | undefined> {
  const [entry] = (await redis.xRange(keys.turnLog, turnId, turnId)) ?? [];
  const parsed = entry ? turnLogEntrySchema.safeParse(entry.message) : undefined;
  return parsed?.success ? parsed.data : undefined;
}
