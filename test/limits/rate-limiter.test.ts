/** The token bucket against real Redis, with an injected clock. */
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/limits/rate-limiter.ts';
import { redisKeys } from '../../src/redis/keys.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis, prefix } = await useTestRedis();

function limiter() {
  const clock = { at: Date.UTC(2026, 5, 1, 4, 0, 0) };
  const keys = redisKeys(`${prefix}${Math.random().toString(36).slice(2, 8)}:`);
  return { clock, keys, rate: createRateLimiter({ redis, keys, now: () => clock.at }) };
}

const limits = { perMinute: 6, burst: 4 };

describe('rate limiter', () => {
  it('lets a burst through, then refuses with the wait until the next token', async () => {
    const { rate } = limiter();
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await rate.take('tg:1', limits));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, false, false]);
    // 6 per minute: one token every 10 s.
    expect(decisions[4]!.retryAfterMs).toBe(10_000);
  });

  it('refills at the configured rate, never above the burst', async () => {
    const { rate, clock } = limiter();
    for (let i = 0; i < 4; i++) await rate.take('tg:1', limits);
    clock.at += 9_999;
    expect((await rate.take('tg:1', limits)).allowed).toBe(false);
    clock.at += 1;
    expect((await rate.take('tg:1', limits)).allowed).toBe(true);
    expect((await rate.take('tg:1', limits)).allowed).toBe(false);
    // An hour later the bucket holds `burst`, not 360.
    clock.at += 3_600_000;
    const after = [];
    for (let i = 0; i < 5; i++) after.push((await rate.take('tg:1', limits)).allowed);
    expect(after).toEqual([true, true, true, true, false]);
  });

  it('keeps users apart', async () => {
    const { rate } = limiter();
    for (let i = 0; i < 4; i++) await rate.take('tg:1', limits);
    expect((await rate.take('tg:1', limits)).allowed).toBe(false);
    expect((await rate.take('tg:2', limits)).allowed).toBe(true);
  });

  it('mints no tokens when a process with a slow clock takes one', async () => {
    const { rate, clock } = limiter();
    for (let i = 0; i < 4; i++) await rate.take('tg:1', limits);
    clock.at -= 60_000;
    expect((await rate.take('tg:1', limits)).allowed).toBe(false);
    clock.at += 60_000 + 10_000;
    expect((await rate.take('tg:1', limits)).allowed).toBe(true);
  });

  it('expires the bucket once it would be full again', async () => {
    const { rate, keys } = limiter();
    await rate.take('tg:1', limits);
    const ttl = await redis.pTTL(keys.rateBucket('tg:1'));
    expect(ttl).toBeGreaterThan(10_000);
    expect(ttl).toBeLessThanOrEqual(11_000);
  });

  it('grants one throttle notice per window', async () => {
    const { rate, keys } = limiter();
    expect(await rate.claimNotice('tg:1', 60_000)).toBe(true);
    expect(await rate.claimNotice('tg:1', 60_000)).toBe(false);
    expect(await rate.claimNotice('tg:2', 60_000)).toBe(true);
    await redis.del(keys.throttled('tg:1')); // the window passed
    expect(await rate.claimNotice('tg:1', 60_000)).toBe(true);
  });
});
