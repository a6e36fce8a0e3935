/**
 * @module The per-user rate limit: a token bucket in Redis, updated by one Lua script so concurrent
 * updates from several bot processes (polling, webhook workers) never race.
 *
 * The bucket holds `burst` questions and refills `perMinute` per minute: a person on a phone can fire off a
 * few quick messages, a flood is cut off after `burst`.
 */
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { redisScript } from '../redis/script.ts';

/** Whether one question may pass now. */
export interface RateDecision {
  allowed: boolean;
  /** When refused: milliseconds until the next question would pass. */
  retryAfterMs: number;
}

/** The rate limiter. */
export interface RateLimiter {
  /** Takes one question from `userId`'s bucket, if there is one. */
  take(userId: string, limits: { perMinute: number; burst: number }): Promise<RateDecision>;
  /**
   * Claims the right to send the throttle notice: true for the first refused question of a window of
   * `windowMs`, false until it passes, so a flooder gets one notice, not one per message.
   */
  claimNotice(userId: string, windowMs: number): Promise<boolean>;
}

// takeBucket(key, now ms, perMinute, burst) returns {allowed 0|1, retryAfterMs}. A Lua function, so the
// limits' one-round-trip admission script (limits.ts) runs the very same code.
// The clock comes from the caller (tests inject one); `at` never moves back, so a process whose clock is
// behind cannot mint tokens.
export const takeBucketLua = `
local function takeBucket(key, now, perMinute, burst)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil or at == nil then
    tokens = burst
    at = now
  elseif now > at then
    tokens = tokens + (now - at) * perMinute / 60000
    at = now
  end
  if tokens > burst then tokens = burst end
  local allowed = 0
  local wait = 0
  if tokens >= 1 then
    tokens = tokens - 1
    allowed = 1
  else
    wait = math.ceil((1 - tokens) * 60000 / perMinute)
  end
  redis.call('HSET', key, 'tokens', string.format('%.6f', tokens), 'at', string.format('%d', at))
  redis.call('PEXPIRE', key, math.ceil((burst - tokens) * 60000 / perMinute) + 1000)
  return {allowed, wait}
end
`;

// KEYS[1] the bucket; ARGV now (ms), perMinute, burst.
const takeScript = redisScript(`${takeBucketLua}
return takeBucket(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
`);

/** Creates the rate limiter. */
export function createRateLimiter({
  redis,
  keys,
  now = Date.now,
}: {
  redis: Redis;
  keys: RedisKeys;
  now?: () => number;
}): RateLimiter {
  return {
    async take(userId, { perMinute, burst }) {
      const reply = (await takeScript.run(redis, {
        keys: [keys.rateBucket(userId)],
        arguments: [String(Math.floor(now())), String(perMinute), String(burst)],
      })) as [number, number];
      return { allowed: reply[0] === 1, retryAfterMs: reply[1] };
    },
    async claimNotice(userId, windowMs) {
      const set = await redis.set(keys.throttled(userId), '1', {
        condition: 'NX',
        expiration: { type: 'PX', value: windowMs },
      });
      return set === 'OK';
    },
  };
}
