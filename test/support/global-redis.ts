/**
 * Gives every test file a real Redis: `REDIS_URL` when set, otherwise a private redis-server for the run,
 * with its data under data/test-redis, stopped when the run ends.
 */
import type { TestProject } from 'vitest/node';
import { startPrivateRedis } from '../../src/redis/private-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const fromEnv = process.env.REDIS_URL?.trim();
  if (fromEnv) {
    project.provide('redisUrl', fromEnv);
    return;
  }
  const server = await startPrivateRedis('data/test-redis');
  project.provide('redisUrl', server.url);
  return () => server.stop();
}
