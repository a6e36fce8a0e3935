/**
 * @module Redis key layout. Every key Cunbo writes is built here, so the layout reads in one place.
 *
 * `<prefix>` is REDIS_PREFIX (default `cunbo:`). Values whose shape may change carry a version segment;
 * a reader that finds an unknown or invalid shape resets that value rather than crashing.
 *
 * | key                                 | type   | holds                                              |
 * |-------------------------------------|--------|----------------------------------------------------|
 * | `<prefix>v1:user:<userId>`          | string | the user record (JSON, zod `userRecordSchema`)     |
 * | `<prefix>v1:history:<userId>`       | list   | recent conversation turns (JSON), newest last      |
 * | `<prefix>v1:turns`                  | stream | the turn log trainers read (one entry per turn)    |
 * | `<prefix>v1:gaps`                   | stream | questions the knowledge base could not answer      |
 * | `<prefix>v1:users`                  | zset   | user ids by last activity (ms), for trainer views  |
 */

/** Builds the keys for one prefix. */
export function redisKeys(prefix: string) {
  const v1 = `${prefix}v1:`;
  return {
    prefix,
    user: (userId: string) => `${v1}user:${userId}`,
    history: (userId: string) => `${v1}history:${userId}`,
    turnLog: `${v1}turns`,
    gapLog: `${v1}gaps`,
    usersByActivity: `${v1}users`,
  };
}

/** The key builder's type. */
export type RedisKeys = ReturnType<typeof redisKeys>;
