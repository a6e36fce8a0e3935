/**
 * @module Rate limits and daily budgets as one service: channels ask `admit` before a question, the coach
 * asks `modelAllowed` and `charge`s the tokens after an answer, admins change settings at run time.
 */
import type { TokenUsage } from '../llm/chat-model.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { redisScript } from '../redis/script.ts';
import { chinaDay } from '../trainer/reports.ts';
import {
  admitQuestionLua,
  createDailyBudget,
  type DailyBudget,
  nextChinaMidnight,
  usageRetentionSeconds,
} from './daily-budget.ts';
import { createRateLimiter, type RateLimiter, takeBucketLua } from './rate-limiter.ts';
import { createLimitSettings, type LimitSettings, type LimitSettingsStore } from './settings.ts';
import { createUsageReader, type TokenPrices, type UsageReader } from './usage.ts';

/** How long a throttled user hears nothing more after the one notice ("wait a minute"). */
export const throttleWindowMs = 60_000;

/** What to do with one question. */
export type Admission =
  | {
      kind: 'ok';
      /** False when today's model tokens are spent: the answer comes from the knowledge base alone. */
      modelAllowed: boolean;
      /** True once a day, on the first question after the tokens ran out: tell the user. */
      notifyTokensSpent: boolean;
    }
  | {
      kind: 'throttled';
      /** True for the first refused question of a window: send one notice; drop the rest silently. */
      notify: boolean;
      retryAfterMs: number;
    }
  | { kind: 'out_of_questions'; limit: number; resetsAt: number };

// The rate limiter's take, then (when it passed) the daily budget's admission: one round trip per question
// instead of two, running the two modules' own Lua functions. KEYS[1] the bucket, KEYS[2] the day's hash;
// ARGV now, perMinute, burst, userId, dailyQuestions, ttl. Returns {0, retryAfterMs} when throttled, else
// {1, 0, admitted, q, in, out}.
const admitScript = redisScript(`${takeBucketLua}
${admitQuestionLua}
local taken = takeBucket(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if taken[1] ~= 1 then return {0, taken[2]} end
local day = admitQuestion(KEYS[2], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6]))
return {1, 0, day[1], day[2], day[3], day[4]}
`);

/** Events counted in this process, for metrics (read, never reset). */
export interface LimitCounters {
  admitted: number;
  throttled: number;
  throttleNotices: number;
  outOfQuestions: number;
  /** Questions answered from the knowledge base because the token budget was spent. */
  tokenBudgetSpent: number;
}

/** The limits service. */
export interface Limits {
  /** Rate limit, then the daily question budget; an admitted question is counted. */
  admit(userId: string): Promise<Admission>;
  /** Whether the user's model tokens for today are not yet spent. */
  modelAllowed(userId: string): Promise<boolean>;
  /** Counts a finished answer's tokens against the user's day. */
  charge(userId: string, usage: TokenUsage): Promise<void>;
  settings: LimitSettingsStore;
  usage: UsageReader;
  budget: DailyBudget;
  rate: RateLimiter;
  prices: TokenPrices;
  counters(): Readonly<LimitCounters>;
}

/** What the service is built from. */
export interface LimitsDeps {
  redis: Redis;
  keys: RedisKeys;
  defaults: LimitSettings;
  prices: TokenPrices;
  /** Trainers and admins: their limits are `staffMultiplier` times the others'. */
  isStaff?: (userId: string) => Promise<boolean>;
  staffMultiplier?: number;
  /** Without a model there is no token budget to run out of, and no notice about it. */
  modelConfigured: boolean;
  now?: () => number;
}

/** Creates the limits service. */
export function createLimits({
  redis,
  keys,
  defaults,
  prices,
  isStaff,
  staffMultiplier,
  modelConfigured,
  now = Date.now,
}: LimitsDeps): Limits {
  const settings = createLimitSettings({ redis, keys, defaults, staffMultiplier, isStaff, now });
  const rate = createRateLimiter({ redis, keys, now });
  const budget = createDailyBudget({ redis, keys, now });
  const usage = createUsageReader({ redis, keys, prices, now });
  const counters: LimitCounters = {
    admitted: 0,
    throttled: 0,
    throttleNotices: 0,
    outOfQuestions: 0,
    tokenBudgetSpent: 0,
  };
  return {
    settings,
    usage,
    budget,
    rate,
    prices,
    counters: () => ({ ...counters }),
    async admit(userId) {
      const limits = await settings.forUser(userId);
      const at = now();
      const reply = (await admitScript.run(redis, {
        keys: [keys.rateBucket(userId), keys.usageDay(chinaDay(at))],
        arguments: [
          String(Math.floor(at)),
          String(limits.perMinute),
          String(limits.burst),
          userId,
          String(limits.dailyQuestions),
          String(usageRetentionSeconds),
        ],
      })) as number[];
      if (reply[0] !== 1) {
        counters.throttled++;
        const notify = await rate.claimNotice(userId, throttleWindowMs);
        if (notify) counters.throttleNotices++;
        return { kind: 'throttled', notify, retryAfterMs: reply[1]! };
      }
      const day = {
        admitted: reply[2] === 1,
        usage: { questions: reply[3]!, promptTokens: reply[4]!, completionTokens: reply[5]! },
      };
      if (!day.admitted) {
        counters.outOfQuestions++;
        return { kind: 'out_of_questions', limit: limits.dailyQuestions, resetsAt: nextChinaMidnight(at) };
      }
      counters.admitted++;
      const spent = day.usage.promptTokens + day.usage.completionTokens >= limits.dailyTokens;
      if (!modelConfigured || !spent) return { kind: 'ok', modelAllowed: true, notifyTokensSpent: false };
      counters.tokenBudgetSpent++;
      return { kind: 'ok', modelAllowed: false, notifyTokensSpent: await budget.claimTokenNotice(userId) };
    },
    async modelAllowed(userId) {
      const [limits, today] = await Promise.all([settings.forUser(userId), budget.today(userId)]);
      return today.promptTokens + today.completionTokens < limits.dailyTokens;
    },
    charge: (userId, tokens) => budget.charge(userId, tokens),
  };
}
