/**
 * @module Rate limits and daily budgets as one service: channels ask `admit` before a question, the coach
 * asks `modelAllowed` and `charge`s the tokens after an answer, admins change settings at run time.
 */
import type { TokenUsage } from '../llm/chat-model.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { createDailyBudget, type DailyBudget } from './daily-budget.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
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
  const settings = createLimitSettings({ redis, keys, defaults, staffMultiplier, isStaff });
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
      const taken = await rate.take(userId, limits);
      if (!taken.allowed) {
        counters.throttled++;
        const notify = await rate.claimNotice(userId, throttleWindowMs);
        if (notify) counters.throttleNotices++;
        return { kind: 'throttled', notify, retryAfterMs: taken.retryAfterMs };
      }
      const day = await budget.admitQuestion(userId, limits.dailyQuestions);
      if (!day.admitted) {
        counters.outOfQuestions++;
        return { kind: 'out_of_questions', limit: limits.dailyQuestions, resetsAt: day.resetsAt };
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
