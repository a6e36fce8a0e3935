/**
 * Gives every test file a real Redis: `REDIS_URL` when set, otherwise a private redis-server for the run,
 * with its data under data/test-redis, stopped when the run ends. Tests write under `cunbo-test-<run>-…:`
 * prefixes, and the run's keys are deleted at the end, so a shared Redis is left as it was found.
 */
import { randomUUID } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { createRedisClient } from '../../src/redis/connect.ts';
import { startPrivateRedis } from '../../src/redis/private-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    testRunId: string;
  }
}

async function deleteRunKeys(url: string, runId: string): Promise<void> {
  const client = createRedisClient(url);
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `cunbo-test-${runId}-*`, COUNT: 1000 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}

export default async function setup(project: TestProject) {
  const runId = randomUUID().slice(0, 8);
  project.provide('testRunId', runId);
  const fromEnv = process.env.REDIS_URL?.trim();
  const server = fromEnv ? undefined : await startPrivateRedis('data/test-redis');
  const url = fromEnv ?? server!.url;
  project.provide('redisUrl', url);
  return async () => {
    await deleteRunKeys(url, runId);
    await server?.stop();
  };
}
