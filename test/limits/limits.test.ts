/** The limits service against real Redis: budgets across China midnight, token budgets, overrides. */
import { describe, expect, it } from 'vitest';
import { nextChinaMidnight } from '../../src/limits/daily-budget.ts';
import { createLimits, type LimitsDeps } from '../../src/limits/limits.ts';
import { redisKeys } from '../../src/redis/keys.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis, prefix } = await useTestRedis();

// 23:59:00 in China on 1 June 2026 (15:59 UTC).
const beforeMidnight = Date.UTC(2026, 5, 1, 15, 59, 0);

function service(overrides: Partial<LimitsDeps> = {}) {
  const clock = { at: beforeMidnight };
  const keys = overrides.keys ?? redisKeys(`${prefix}${Math.random().toString(36).slice(2, 8)}:`);
  const limits = createLimits({
    redis,
    keys,
    defaults: { perMinute: 600, burst: 100, dailyQuestions: 3, dailyTokens: 1_000 },
    prices: { inputPerMillion: 2, outputPerMillion: 8, currency: 'CNY' },
    modelConfigured: true,
    now: () => clock.at,
    ...overrides,
  });
  return { clock, keys, limits };
}

describe('daily budgets', () => {
  it('resets at midnight China time', () => {
    expect(new Date(nextChinaMidnight(beforeMidnight)).toISOString()).toBe('2026-06-01T16:00:00.000Z');
    expect(new Date(nextChinaMidnight(Date.UTC(2026, 5, 1, 16, 0, 0))).toISOString()).toBe(
      '2026-06-02T16:00:00.000Z',
    );
  });

  it('stops questions past the daily limit and lets them through again after China midnight', async () => {
    const { limits, clock } = service();
    const kinds = [];
    for (let i = 0; i < 4; i++) kinds.push((await limits.admit('tg:1')).kind);
    expect(kinds).toEqual(['ok', 'ok', 'ok', 'out_of_questions']);
    const refused = await limits.admit('tg:1');
    expect(refused).toEqual({ kind: 'out_of_questions', limit: 3, resetsAt: Date.UTC(2026, 5, 1, 16, 0, 0) });
    // Refused questions are not counted.
    expect((await limits.budget.today('tg:1')).questions).toBe(3);

    clock.at = Date.UTC(2026, 5, 1, 16, 0, 0);
    expect((await limits.admit('tg:1')).kind).toBe('ok');
    expect((await limits.budget.today('tg:1')).questions).toBe(1);
  });

  it('keeps day counters for 35 days', async () => {
    const { limits, keys } = service();
    await limits.admit('tg:1');
    const ttl = await redis.ttl(keys.usageDay('2026-06-01'));
    expect(ttl).toBeGreaterThan(34 * 86_400);
    expect(ttl).toBeLessThanOrEqual(35 * 86_400);
  });

  it('turns the model off once the day’s tokens are spent, says so once, and turns it on after midnight', async () => {
    const { limits, clock } = service({
      defaults: { perMinute: 600, burst: 100, dailyQuestions: 50, dailyTokens: 1_000 },
    });
    expect(await limits.modelAllowed('tg:1')).toBe(true);
    await limits.charge('tg:1', { promptTokens: 700, completionTokens: 299 });
    expect(await limits.modelAllowed('tg:1')).toBe(true);
    expect(await limits.admit('tg:1')).toEqual({ kind: 'ok', modelAllowed: true, notifyTokensSpent: false });
    await limits.charge('tg:1', { promptTokens: 0, completionTokens: 1 });
    expect(await limits.modelAllowed('tg:1')).toBe(false);
    expect(await limits.admit('tg:1')).toEqual({ kind: 'ok', modelAllowed: false, notifyTokensSpent: true });
    expect(await limits.admit('tg:1')).toEqual({ kind: 'ok', modelAllowed: false, notifyTokensSpent: false });
    expect(await limits.modelAllowed('tg:2')).toBe(true);
    expect(limits.counters().tokenBudgetSpent).toBe(2);

    clock.at += 60_000; // 00:00 in China
    expect(await limits.modelAllowed('tg:1')).toBe(true);
    expect(await limits.admit('tg:1')).toEqual({ kind: 'ok', modelAllowed: true, notifyTokensSpent: false });
  });

  it('never talks about a token budget when there is no model', async () => {
    const { limits } = service({
      modelConfigured: false,
      defaults: { perMinute: 600, burst: 100, dailyQuestions: 50, dailyTokens: 0 },
    });
    expect(await limits.admit('tg:1')).toEqual({ kind: 'ok', modelAllowed: true, notifyTokensSpent: false });
  });
});

describe('throttling through the service', () => {
  it('refuses a flood after the burst with one notice, without counting refused questions', async () => {
    const { limits } = service({
      defaults: { perMinute: 6, burst: 3, dailyQuestions: 100, dailyTokens: 1_000 },
    });
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await limits.admit('tg:9'));
    expect(results.filter((r) => r.kind === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r.kind === 'throttled' && r.notify)).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'throttled' && !r.notify)).toHaveLength(6);
    expect((await limits.budget.today('tg:9')).questions).toBe(3);
    expect(limits.counters()).toMatchObject({ admitted: 3, throttled: 7, throttleNotices: 1 });
  });
});

describe('overrides', () => {
  it('applies global overrides, then per-user ones, read back by another process within a second', async () => {
    const { limits, keys } = service();
    await limits.settings.setGlobal('daily_questions', 10);
    await limits.settings.setUser('tg:7', 'daily_tokens', 500_000);
    await limits.settings.setUser('tg:7', 'per_minute', 30);

    // Another process: same Redis, same keys, its own service and clock.
    const { limits: other, clock: otherClock } = service({ keys });
    expect(await other.settings.forUser('tg:1')).toMatchObject({
      dailyQuestions: 10,
      dailyTokens: 1_000,
      own: [],
    });
    expect(await other.settings.forUser('tg:7')).toMatchObject({
      dailyQuestions: 10,
      dailyTokens: 500_000,
      perMinute: 30,
      own: ['per_minute', 'daily_tokens'],
    });
    expect(await other.settings.overrides()).toEqual({
      global: { daily_questions: 10 },
      users: { 'tg:7': { daily_tokens: 500_000, per_minute: 30 } },
    });

    await limits.settings.setGlobal('daily_questions', undefined);
    await limits.settings.setUser('tg:7', 'per_minute', undefined);
    // The other process reuses what it read for up to a second (one Redis read a second, not one a question).
    expect(await other.settings.forUser('tg:7')).toMatchObject({ dailyQuestions: 10, perMinute: 30 });
    otherClock.at += 1_000;
    expect(await other.settings.forUser('tg:7')).toMatchObject({ dailyQuestions: 3, perMinute: 600 });
  });

  it('gives staff the multiplied limits unless they have their own', async () => {
    const { limits } = service({ isStaff: async (id) => id === 'tg:100', staffMultiplier: 5 });
    await limits.settings.setGlobal('daily_tokens', 2_000);
    expect(await limits.settings.forUser('tg:100')).toMatchObject({
      dailyQuestions: 15,
      dailyTokens: 10_000,
      staff: true,
    });
    await limits.settings.setUser('tg:100', 'daily_questions', 4);
    expect(await limits.settings.forUser('tg:100')).toMatchObject({ dailyQuestions: 4, dailyTokens: 10_000 });
    expect(await limits.settings.forUser('tg:1')).toMatchObject({ dailyQuestions: 3, staff: false });
  });

  it('refuses values out of range and ignores garbage found in Redis', async () => {
    const { limits, keys } = service();
    await expect(limits.settings.setGlobal('per_minute', 0)).rejects.toThrow(/per_minute/);
    await expect(limits.settings.setGlobal('daily_tokens', 1.5)).rejects.toThrow(/daily_tokens/);
    await limits.settings.setGlobal('daily_tokens', 0); // knowledge base only: allowed
    await redis.hSet(keys.limitOverrides, {
      daily_questions: 'lots',
      'tg:1:burst': '-3',
      'tg:1:nonsense': '4',
    });
    expect(await limits.settings.forUser('tg:1')).toMatchObject({
      dailyQuestions: 3,
      burst: 100,
      dailyTokens: 0,
    });
  });
});
