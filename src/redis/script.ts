/**
 * @module Running a Lua script by its SHA1 (EVALSHA), sending the body only when Redis does not know it
 * yet (after a restart or SCRIPT FLUSH). Scripts on the per-question path are a few hundred bytes; EVAL
 * would send and hash them on every call.
 */
import { createHash } from 'node:crypto';
import type { Redis } from './connect.ts';

/** A Lua script, ready to run. */
export interface RedisScript {
  /** Runs the script: EVALSHA, or EVAL when Redis answers NOSCRIPT. */
  run(redis: Redis, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Wraps the Lua source `source`. */
export function redisScript(source: string): RedisScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, options) {
      try {
        return await redis.evalSha(sha, options);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return redis.eval(source, options);
      }
    },
  };
}
