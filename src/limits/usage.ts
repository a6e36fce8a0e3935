/**
 * @module Usage and cost: questions and model tokens per user and per cohort, today and over the last days,
 * with the cost estimated from the configured token prices. Read by `/usage` in Telegram and, later, by the
 * web dashboard.
 */
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { chinaDay } from '../trainer/reports.ts';
import { count, type DayUsage, usageField } from './daily-budget.ts';

/** Prices of model tokens. */
export interface TokenPrices {
  inputPerMillion: number;
  outputPerMillion: number;
  /** ISO code, e.g. CNY. */
  currency: string;
}

/** Counters summed over some users and days, with their estimated cost. */
export interface UsageTotals extends DayUsage {
  /** In `TokenPrices.currency`. */
  cost: number;
}

/** One user's usage. */
export interface UserUsage {
  userId: string;
  today: UsageTotals;
  period: UsageTotals;
}

/** A usage report. */
export interface UsageReport {
  currency: string;
  /** Days in `period`, today included (China days). */
  days: number;
  today: UsageTotals;
  period: UsageTotals;
  /** Users with any usage in the period, costliest first. */
  users: UserUsage[];
}

/** Reads usage from the daily counters. */
export interface UsageReader {
  /**
   * Usage for the last `days` China days (default 7), of everyone or only of `members` (e.g. a cohort's).
   */
  report(options?: { days?: number; members?: readonly string[] }): Promise<UsageReport>;
}

/** Totals with nothing counted. */
export function emptyTotals(): UsageTotals {
  return { questions: 0, promptTokens: 0, completionTokens: 0, cost: 0 };
}

/** The estimated cost of `usage` at `prices`. */
export function costOf(
  usage: Pick<DayUsage, 'promptTokens' | 'completionTokens'>,
  prices: TokenPrices,
): number {
  return (
    (usage.promptTokens * prices.inputPerMillion + usage.completionTokens * prices.outputPerMillion) / 1e6
  );
}

/** Sums totals (the cost is summed, not recomputed, so each part keeps the price it was estimated at). */
export function addTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    questions: a.questions + b.questions,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cost: a.cost + b.cost,
  };
}

/** Creates the reader. */
export function createUsageReader({
  redis,
  keys,
  prices,
  now = Date.now,
}: {
  redis: Redis;
  keys: RedisKeys;
  prices: TokenPrices;
  now?: () => number;
}): UsageReader {
  return {
    async report({ days = 7, members } = {}) {
      const at = now();
      const dayNames = Array.from({ length: days }, (_, i) => chinaDay(at - i * 86_400_000));
      const hashes = await Promise.all(dayNames.map((day) => redis.hGetAll(keys.usageDay(day))));
      const wanted = members ? new Set(members) : undefined;
      const byUser = new Map<string, UserUsage>();
      hashes.forEach((hash, dayIndex) => {
        const perUser = new Map<string, DayUsage>();
        for (const [field, raw] of Object.entries(hash)) {
          const cut = field.lastIndexOf(':');
          const userId = field.slice(0, cut);
          if (cut <= 0 || (wanted && !wanted.has(userId))) continue;
          const usage = perUser.get(userId) ?? { questions: 0, promptTokens: 0, completionTokens: 0 };
          const kind = field.slice(cut + 1);
          if (kind === usageField.questions) usage.questions = count(raw);
          else if (kind === usageField.promptTokens) usage.promptTokens = count(raw);
          else if (kind === usageField.completionTokens) usage.completionTokens = count(raw);
          else continue;
          perUser.set(userId, usage);
        }
        for (const [userId, usage] of perUser) {
          const totals = { ...usage, cost: costOf(usage, prices) };
          const row = byUser.get(userId) ?? { userId, today: emptyTotals(), period: emptyTotals() };
          row.period = addTotals(row.period, totals);
          if (dayIndex === 0) row.today = addTotals(row.today, totals);
          byUser.set(userId, row);
        }
      });
      const users = [...byUser.values()].sort(
        (a, b) => b.period.cost - a.period.cost || b.period.questions - a.period.questions,
      );
      return {
        currency: prices.currency,
        days,
        today: users.reduce((sum, u) => addTotals(sum, u.today), emptyTotals()),
        period: users.reduce((sum, u) => addTotals(sum, u.period), emptyTotals()),
        users,
      };
    },
  };
}
