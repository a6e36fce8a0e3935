/** One-time sign-in links and sessions in real Redis. */
import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/redis/keys.ts';
import { createSignIn, csrfMatches } from '../../src/trainer/sign-in.ts';
import { keysUnder, useTestRedis } from '../support/redis.ts';

const { redis, prefix } = await useTestRedis();
const keys = redisKeys(prefix);

describe('sign-in', () => {
  it('redeems a link once, even when two redeem it at the same moment', async () => {
    const signIn = createSignIn({ redis, keys });
    const token = await signIn.issue(42);
    expect(token).toMatch(/^[\w-]{43}$/);
    const results = await Promise.all([signIn.redeem(token), signIn.redeem(token)]);
    expect(results.sort()).toEqual([42, undefined]);
    expect(await signIn.redeem(token)).toBeUndefined();
  });

  it('keeps only a hash of the token, with a TTL', async () => {
    const signIn = createSignIn({ redis, keys, linkTtlSeconds: 600 });
    const token = await signIn.issue(7);
    const stored = (await keysUnder(redis, `${prefix}v1:signin:`)).filter((k) => !k.includes(token));
    expect(stored.length).toBeGreaterThan(0);
    const ttl = await redis.ttl(stored[0]!);
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
  });

  it('refuses a link older than its TTL', async () => {
    let now = 1_000_000;
    const signIn = createSignIn({ redis, keys, linkTtlSeconds: 600, now: () => now });
    const fresh = await signIn.issue(1);
    const stale = await signIn.issue(1);
    now += 599_000;
    expect(await signIn.redeem(fresh)).toBe(1);
    now += 2_000;
    expect(await signIn.redeem(stale)).toBeUndefined();
  });

  it('opens sessions with a CSRF token, and closes them', async () => {
    const signIn = createSignIn({ redis, keys, sessionTtlSeconds: 3_600 });
    const session = await signIn.open(9);
    expect(await signIn.session(session.id)).toEqual(session);
    expect(csrfMatches(session, session.csrf)).toBe(true);
    expect(csrfMatches(session, `${session.csrf.slice(0, -1)}x`)).toBe(false);
    expect(csrfMatches(session, undefined)).toBe(false);
    expect(await signIn.session('not-a-session')).toBeUndefined();
    await signIn.close(session.id);
    expect(await signIn.session(session.id)).toBeUndefined();
  });
});
