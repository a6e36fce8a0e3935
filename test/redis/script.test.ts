/** Scripts run by SHA1, with the body sent only when Redis does not know it yet. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redisScript } from '../../src/redis/script.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis, prefix } = await useTestRedis();

describe('redisScript', () => {
  it('loads an unknown script on first use, then runs it by SHA1 with the same result', async () => {
    // A body Redis has never seen (a fresh comment), so the first call must fall back to EVAL.
    const source = `-- ${prefix}${Math.random()}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`;
    const script = redisScript(source);
    const key = `${prefix}script:counter`;
    const sha = createHash('sha1').update(source).digest('hex');
    expect((await redis.scriptExists([sha]))[0]).toBeFalsy();
    expect(await script.run(redis, { keys: [key], arguments: ['2'] })).toBe(2);
    expect((await redis.scriptExists([sha]))[0]).toBeTruthy();
    expect(await script.run(redis, { keys: [key], arguments: ['3'] })).toBe(5);
  });

  it('passes on errors other than an unknown script', async () => {
    const script = redisScript(`return redis.error_reply('BROKEN ${prefix}')`);
    await expect(script.run(redis, { keys: [], arguments: [] })).rejects.toThrow(/BROKEN/);
  });
});
