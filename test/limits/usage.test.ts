/** Usage and cost reports over the daily counters (real Redis, injected clock). */
import { describe, expect, it } from 'vitest';
import { createDailyBudget } from '../../src/limits/daily-budget.ts';
import { costOf, createUsageReader } from '../../src/limits/usage.ts';
import { redisKeys } from '../../src/redis/keys.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis, prefix } = await useTestRedis();
const prices = { inputPerMillion: 2, outputPerMillion: 8, currency: 'CNY' };
const day = 86_400_000;

describe('usage report', () => {
  it('sums questions, tokens and cost per user for today and the last 7 China days', async () => {
    const clock = { at: Date.UTC(2026, 5, 10, 4, 0, 0) }; // 12:00 in China
    const keys = redisKeys(`${prefix}usage:`);
    const budget = createDailyBudget({ redis, keys, now: () => clock.at });
    const reader = createUsageReader({ redis, keys, prices, now: () => clock.at });
    const ask = async (userId: string, promptTokens: number, completionTokens: number) => {
      await budget.admitQuestion(userId, 1_000);
      await budget.charge(userId, { promptTokens, completionTokens });
    };

    clock.at -= 8 * day; // outside the 7 days
    await ask('tg:1', 1_000_000, 0);
    clock.at += 2 * day; // 6 days ago: inside
    await ask('tg:1', 100_000, 10_000);
    await ask('tg:2', 500, 500);
    clock.at += 6 * day; // today
    await ask('tg:1', 200_000, 50_000);
    await ask('tg:1', 0, 0);
    await ask('tg:3', 1_000, 1_000);

    const report = await reader.report();
    expect(report.currency).toBe('CNY');
    expect(report.days).toBe(7);
    const one = report.users.find((u) => u.userId === 'tg:1')!;
    expect(one.today).toEqual({ questions: 2, promptTokens: 200_000, completionTokens: 50_000, cost: 0.8 });
    expect(one.period).toMatchObject({ questions: 3, promptTokens: 300_000, completionTokens: 60_000 });
    expect(one.period.cost).toBeCloseTo(0.6 + 0.48, 10);
    expect(report.users.map((u) => u.userId)).toEqual(['tg:1', 'tg:3', 'tg:2']);
    expect(report.today).toMatchObject({ questions: 3, promptTokens: 201_000, completionTokens: 51_000 });
    expect(report.period.questions).toBe(5);
    expect(report.period.cost).toBeCloseTo(
      costOf({ promptTokens: 301_500, completionTokens: 61_500 }, prices),
      10,
    );

    const cohort = await reader.report({ members: ['tg:2', 'tg:3', 'tg:404'] });
    expect(cohort.users.map((u) => u.userId)).toEqual(['tg:3', 'tg:2']);
    expect(cohort.period).toMatchObject({ questions: 2, promptTokens: 1_500, completionTokens: 1_500 });
    expect(cohort.today.questions).toBe(1);
  });
});
