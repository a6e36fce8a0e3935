/**
 * @module Daily budgets: questions (what users understand) and model tokens (what it costs) per user per
 * China day. One hash per day holds every user's counters; it expires after 35 days, so the same counters
 * serve the budget (today) and the cost report (the last weeks).
 */
import type { TokenUsage } from '../llm/chat-model.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { redisScript } from '../redis/script.ts';
import { chinaDay } from '../trainer/reports.ts';

/** How long a day's counters are kept, in seconds. */
export const usageRetentionSeconds = 35 * 86_400;

const chinaOffsetMs = 8 * 3_600_000;
const dayMs = 86_400_000;

/** The next midnight in China (UTC+8, no daylight saving) after `at`, when the daily budgets reset. */
export function nextChinaMidnight(at: number): number {
  return (Math.floor((at + chinaOffsetMs) / dayMs) + 1) * dayMs - chinaOffsetMs;
}

/** One user's counters for one day. */
export interface DayUsage {
  questions: number;
  promptTokens: number;
  completionTokens: number;
}

/** Field names inside a day's hash; `<userId>:<suffix>`. */
export const usageField = {
  questions: 'q',
  promptTokens: 'in',
  completionTokens: 'out',
  /** Set once the user was told today that the model budget is spent. */
  notified: 'notified',
} as const;

/** The outcome of counting one question. */
export interface QuestionAdmission {
  /** False when the day's question budget was already spent (the question is not counted). */
  admitted: boolean;
  /** Today's counters, this question included when admitted. */
  usage: DayUsage;
  /** When the budget resets (ms). */
  resetsAt: number;
}

/** Daily budgets over Redis. */
export interface DailyBudget {
  /** Counts a question unless `limit` questions were already asked today. */
  admitQuestion(userId: string, limit: number): Promise<QuestionAdmission>;
  /** Today's counters of a user. */
  today(userId: string): Promise<DayUsage>;
  /** Adds a finished answer's tokens to today's counters. */
  charge(userId: string, usage: TokenUsage): Promise<void>;
  /** True the first time it is called for a user on a day: the "model budget spent" notice is sent once. */
  claimTokenNotice(userId: string): Promise<boolean>;
}

// admitQuestion(day hash, userId, limit, ttl s) returns {admitted 0|1, q, in, out}. A Lua function, so the
// limits' one-round-trip admission script (limits.ts) runs the very same code.
export const admitQuestionLua = `
local function admitQuestion(key, u, limit, ttl)
  local v = redis.call('HMGET', key, u .. ':q', u .. ':in', u .. ':out')
  local q = tonumber(v[1]) or 0
  local tin = tonumber(v[2]) or 0
  local tout = tonumber(v[3]) or 0
  if q >= limit then return {0, q, tin, tout} end
  q = redis.call('HINCRBY', key, u .. ':q', 1)
  redis.call('EXPIRE', key, ttl)
  return {1, q, tin, tout}
end
`;

// KEYS[1] the day's hash; ARGV userId, limit, ttl.
const admitScript = redisScript(`${admitQuestionLua}
return admitQuestion(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
`);

/** Creates the daily budget store; `now` is injectable so tests can cross China midnight. */
export function createDailyBudget({
  redis,
  keys,
  now = Date.now,
}: {
  redis: Redis;
  keys: RedisKeys;
  now?: () => number;
}): DailyBudget {
  const todayKey = () => keys.usageDay(chinaDay(now()));
  return {
    async admitQuestion(userId, limit) {
      const at = now();
      const reply = (await admitScript.run(redis, {
        keys: [keys.usageDay(chinaDay(at))],
        arguments: [userId, String(limit), String(usageRetentionSeconds)],
      })) as [number, number, number, number];
      return {
        admitted: reply[0] === 1,
        usage: { questions: reply[1], promptTokens: reply[2], completionTokens: reply[3] },
        resetsAt: nextChinaMidnight(at),
      };
    },
    async today(userId) {
      const [q, tin, tout] = await redis.hmGet(todayKey(), [
        `${userId}:${usageField.questions}`,
        `${userId}:${usageField.promptTokens}`,
        `${userId}:${usageField.completionTokens}`,
      ]);
      return { questions: count(q), promptTokens: count(tin), completionTokens: count(tout) };
    },
    async charge(userId, { promptTokens, completionTokens }) {
      const key = todayKey();
      const multi = redis.multi();
      if (promptTokens > 0)
        multi.hIncrBy(key, `${userId}:${usageField.promptTokens}`, Math.round(promptTokens));
      if (completionTokens > 0)
        multi.hIncrBy(key, `${userId}:${usageField.completionTokens}`, Math.round(completionTokens));
      multi.expire(key, usageRetentionSeconds);
      await multi.exec();
    },
    async claimTokenNotice(userId) {
      const key = todayKey();
      const claimed = await redis.hSetNX(key, `${userId}:${usageField.notified}`, '1');
      await redis.expire(key, usageRetentionSeconds);
      return Number(claimed) === 1;
    },
  };
}

/** A stored counter; anything unreadable counts as 0. */
export function count(raw: string | null | undefined): number {
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : 0;
}
