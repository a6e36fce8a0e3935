/** A Redis client for one test file, under a key prefix of its own that is deleted afterwards. */
import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { createRedisClient, type Redis } from '../../src/redis/connect.ts';

/** The Redis URL the global setup chose. */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A fresh, unique key prefix, e.g. `t-3f2a…:`. */
export function testPrefix(): string {
  return `t-${randomUUID().slice(0, 8)}:`;
}

/** All keys under `prefix`. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
  return keys;
}

/**
 * A connected client and a unique prefix; after the file's tests, the prefix's keys are deleted and the
 * client closed.
 */
export async function useTestRedis(): Promise<{ redis: Redis; prefix: string; url: string }> {
  const url = testRedisUrl();
  const redis = createRedisClient(url);
  redis.on('error', () => {});
  await redis.connect();
  const prefix = testPrefix();
  afterAll(async () => {
    const keys = await keysUnder(redis, prefix);
    if (keys.length > 0) await redis.del(keys);
    await redis.close();
  });
  return { redis, prefix, url };
}
