/**
 * @module Conversation memory in Redis: what the coach reads before a turn and writes after it.
 *
 * Each side is one round trip, a Lua script: one reads the user, their history and profile; one appends the
 * turn to history, refreshes the user, and logs the turn.
 */
import { z } from 'zod';
import { type Profile, parseProfile } from '../learning/profile.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { redisScript } from '../redis/script.ts';
import { type HistoryEntry, parseHistory } from './history.ts';
import { type TurnLogEntry, toStreamFields, turnLogEntrySchema } from './turn-log.ts';
import { parseUserRecord, type UserRecord } from './users.ts';

/** Options for {@link createConversationMemory}. */
export interface ConversationMemoryOptions {
  redis: Redis;
  keys: RedisKeys;
  /** How many turns (question + answer) of history to keep per user. */
  historyTurns: number;
  /** History is dropped after this long without a message. */
  historyTtlSeconds: number;
  /** Approximate cap on the turn log's length. */
  turnLogMax: number;
}

/** What the coach knows about a user when a turn starts. */
export interface UserContext {
  user: UserRecord | undefined;
  history: HistoryEntry[];
  profile: Profile;
}

/** A question the knowledge base could not answer, for trainers. */
export interface KnowledgeGap {
  userId: string;
  at: number;
  language: string;
  question: string;
  /** The query searched (with follow-up context). */
  query: string;
  topScore: number;
  topCoverage: number;
  /** The closest lessons, best first. */
  nearest: string[];
}

const knowledgeGapSchema = z.object({
  userId: z.string(),
  at: z.coerce.number(),
  language: z.string(),
  question: z.string(),
  query: z.string(),
  topScore: z.coerce.number(),
  topCoverage: z.coerce.number(),
  nearest: z.string().transform((value) => (value ? value.split(',') : [])),
});

const feedbackSchema = z.object({
  userId: z.string(),
  turnId: z.string(),
  vote: z.enum(['up', 'down']),
  note: z.string().default(''),
});

/** Everything written at the end of a turn. */
export interface TurnRecord {
  user: UserRecord;
  question: HistoryEntry;
  answer: HistoryEntry;
  log: TurnLogEntry;
  gap?: KnowledgeGap;
}

// One script instead of a MULTI of up to 8 commands: node-redis spends client CPU on every queued command,
// and the bot is CPU-bound. Same commands, order and arguments as the MULTI sent, so the data is identical
// (test/memory/record-script.test.ts); a script is atomic like the MULTI was.
// KEYS: history, user, activity index, turn log, gap log (always declared, written only with a gap).
// ARGV: 1 question JSON, 2 answer JSON, 3 LTRIM start (-historyTurns * 2), 4 history TTL (s), 5 user JSON,
// 6 activity score (lastSeen), 7 user id, 8 MAXLEN ~ for both logs, 9 n = count of gap field/value args
// (0: no gap), 10..9+n gap fields and values, then the turn log's fields and values to the end.
// Returns the turn log entry id.
const recordScript = redisScript(`
local gapArgs = tonumber(ARGV[9])
if gapArgs > 0 then
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[8], '*', unpack(ARGV, 10, 9 + gapArgs))
end
redis.call('RPUSH', KEYS[1], ARGV[1], ARGV[2])
redis.call('LTRIM', KEYS[1], ARGV[3], -1)
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[7])
return redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[8], '*', unpack(ARGV, 10 + gapArgs))
`);

// The read side, one script for the same reason (a MULTI of three reads cost a third more client CPU).
// KEYS: user, history, profile. ARGV: 1, 2 the LRANGE of history wanted. Returns [user JSON or nil,
// history entries, profile JSON or nil].
const loadScript = redisScript(`
local user = redis.call('GET', KEYS[1])
local history = redis.call('LRANGE', KEYS[2], ARGV[1], ARGV[2])
local profile = redis.call('GET', KEYS[3])
return {user, history, profile}
`);

/** Pushes `fields` as alternating field, value onto `args`, in insertion order (as XADD got them). */
function pushFields(args: string[], fields: Record<string, string>): void {
  for (const field in fields) args.push(field, fields[field]!);
}

/** A knowledge gap as gap-log stream fields. */
function gapStreamFields(gap: KnowledgeGap): Record<string, string> {
  return {
    userId: gap.userId,
    at: String(gap.at),
    language: gap.language,
    question: gap.question,
    query: gap.query,
    topScore: gap.topScore.toFixed(3),
    topCoverage: gap.topCoverage.toFixed(3),
    nearest: gap.nearest.join(','),
  };
}

/** Redis-backed conversation memory. */
export type ConversationMemory = ReturnType<typeof createConversationMemory>;

/** Creates the memory over one Redis client. */
export function createConversationMemory({
  redis,
  keys,
  historyTurns,
  historyTtlSeconds,
  turnLogMax,
}: ConversationMemoryOptions) {
  async function readSince<T>(
    key: string,
    since: number,
    parse: (message: Record<string, string>) => { success: true; data: T } | { success: false },
  ): Promise<T[]> {
    const entries: T[] = [];
    let start = `${since}-0`;
    while (true) {
      const batch = (await redis.xRange(key, start, '+', { COUNT: 1_000 })) ?? [];
      for (const { message } of batch) {
        const parsed = parse(message as Record<string, string>);
        if (parsed.success) entries.push(parsed.data);
      }
      if (batch.length < 1_000) return entries;
      start = `(${batch.at(-1)!.id}`;
    }
  }

  return {
    /**
     * The user's record, recent history and learner profile, in one round trip.
     *
     * @param lastQuestionOnly read, of the history, only the user's previous question: what answering
     *   without a model needs (follow-ups), without the previous answer it never reads
     */
    async load(userId: string, { lastQuestionOnly = false } = {}): Promise<UserContext> {
      // A turn is recorded as a question and its answer together, so the previous question is always at -2.
      const range = lastQuestionOnly ? ['-2', '-2'] : ['0', '-1'];
      const [user, history, profile] = (await loadScript.run(redis, {
        keys: [keys.user(userId), keys.history(userId), keys.profile(userId)],
        arguments: range,
      })) as unknown[];
      return {
        user: parseUserRecord(typeof user === 'string' ? user : null),
        history: parseHistory(Array.isArray(history) ? history.map(String) : []),
        profile: parseProfile(typeof profile === 'string' ? profile : null),
      };
    },

    /** The user's record alone. */
    async user(userId: string): Promise<UserRecord | undefined> {
      return parseUserRecord(await redis.get(keys.user(userId)));
    },

    /** Saves a user record (e.g. on /start). */
    async saveUser(user: UserRecord): Promise<void> {
      await redis
        .multi()
        .set(keys.user(user.id), JSON.stringify(user))
        .zAdd(keys.usersByActivity, { score: user.lastSeen, value: user.id })
        .exec();
    },

    /**
     * Appends a finished turn: history (bounded, with TTL), user record, activity index, turn log.
     *
     * @returns the turn's id in the turn log (for feedback on it)
     */
    async record({ user, question, answer, log, gap }: TurnRecord): Promise<string | undefined> {
      const args = [
        JSON.stringify(question),
        JSON.stringify(answer),
        String(-historyTurns * 2),
        String(historyTtlSeconds),
        JSON.stringify(user),
        String(user.lastSeen),
        user.id,
        String(turnLogMax),
        '0',
      ];
      if (gap) {
        pushFields(args, gapStreamFields(gap));
        // ARGV[9] tells the script where the gap's fields end and the turn log's begin.
        args[8] = String(args.length - 9);
      }
      pushFields(args, toStreamFields(log));
      const turnId = await recordScript.run(redis, {
        keys: [keys.history(user.id), keys.user(user.id), keys.usersByActivity, keys.turnLog, keys.gapLog],
        arguments: args,
      });
      return typeof turnId === 'string' ? turnId : undefined;
    },

    /** Records 👍/👎 (and an optional note) on a turn: the user's own hash, and the log trainers read. */
    async saveFeedback(userId: string, turnId: string, vote: 'up' | 'down', note?: string): Promise<void> {
      const at = Date.now();
      await redis
        .multi()
        .hSet(keys.feedback(userId), turnId, JSON.stringify({ vote, note, at }))
        .xAdd(
          keys.feedbackLog,
          '*',
          { userId, turnId, vote, note: note ?? '', at: String(at) },
          {
            TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: turnLogMax },
          },
        )
        .exec();
    },

    /** Turn-log entries since `since` (ms), oldest first, read in batches. */
    async turnsSince(since: number): Promise<TurnLogEntry[]> {
      return readSince(keys.turnLog, since, (message) => turnLogEntrySchema.safeParse(message));
    },

    /** 👍/👎 votes since `since` (ms), oldest first. */
    async feedbackSince(
      since: number,
    ): Promise<Array<{ userId: string; turnId: string; vote: 'up' | 'down'; note: string }>> {
      return readSince(keys.feedbackLog, since, (message) => feedbackSchema.safeParse(message));
    },

    /** Knowledge gaps since `since` (ms), oldest first. */
    async gapsSince(since: number): Promise<KnowledgeGap[]> {
      return readSince(keys.gapLog, since, (message) => knowledgeGapSchema.safeParse(message));
    },

    /** The newest `count` knowledge gaps, newest first. */
    async recentGaps(count: number): Promise<Array<KnowledgeGap & { logId: string }>> {
      const entries = await redis.xRevRange(keys.gapLog, '+', '-', { COUNT: count });
      return (entries ?? []).flatMap(({ id, message }) => {
        const parsed = knowledgeGapSchema.safeParse(message);
        return parsed.success ? [{ ...parsed.data, logId: id }] : [];
      });
    },

    /** The newest `count` turn-log entries, newest first; entries that do not validate are skipped. */
    async recentTurns(count: number): Promise<Array<TurnLogEntry & { logId: string }>> {
      const entries = await redis.xRevRange(keys.turnLog, '+', '-', { COUNT: count });
      return (entries ?? []).flatMap(({ id, message }) => {
        const parsed = turnLogEntrySchema.safeParse(message);
        return parsed.success ? [{ ...parsed.data, logId: id }] : [];
      });
    },
  };
}
