/** Redis for tests: the run's server and unique key prefixes that the global teardown deletes. */
import { randomUUID } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { createRedisClient, type Redis } from '../../src/redis/connect.ts';

/** The Redis URL the global setup chose. */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** A fresh, unique key prefix, e.g. `cunbo-test-1a2b3c4d-3f2a9e01:`. */
export function testPrefix(): string {
  return `cunbo-test-${inject('testRunId')}-${randomUUID().slice(0, 8)}:`;
}

/** All keys under `prefix`. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
  return keys;
}

/** A connected client (closed after the file's tests) and a unique prefix. */
export async function useTestRedis(): Promise<{ redis: Redis; prefix: string; url: string }> {
  const url = testRedisUrl();
  const redis = createRedisClient(url);
  redis.on('error', () => {});
  await redis.connect();
  afterAll(() => redis.close());
  return { redis, prefix: testPrefix(), url };
}
