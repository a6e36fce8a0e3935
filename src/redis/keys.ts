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
 * | `<prefix>v1:profile:<userId>`       | string | the learner profile (JSON, zod `profileSchema`)    |
 * | `<prefix>v1:progress:<userId>`      | hash   | lesson topic → lesson state (JSON)                 |
 * | `<prefix>v1:events:<userId>`        | stream | progress events (opened, done, task, quiz …)       |
 * | `<prefix>v1:reminders`              | zset   | user ids by next reminder due time (ms)            |
 * | `<prefix>v1:script:<userId>`        | string | the last live-script request (JSON), 30-day TTL    |
 * | `<prefix>v1:feedback:<userId>`      | hash   | turn id → 👍/👎 and note (JSON)                     |
 * | `<prefix>v1:feedback`               | stream | every 👍/👎 with user and turn id, for trainers     |
 * | `<prefix>v1:cohorts`                | hash   | cohort code → cohort (JSON: name, trainer, created) |
 * | `<prefix>v1:cohort:<code>`          | set    | user ids who joined the cohort                      |
 * | `<prefix>v1:trainers`               | hash   | trainer id added by an admin → who and when (JSON)  |
 *
 * One learner's state is these seven per-user keys plus their members of the two zsets; `/forget` removes
 * all of it and anonymises their entries in the turn and gap logs.
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
    profile: (userId: string) => `${v1}profile:${userId}`,
    progress: (userId: string) => `${v1}progress:${userId}`,
    events: (userId: string) => `${v1}events:${userId}`,
    reminders: `${v1}reminders`,
    script: (userId: string) => `${v1}script:${userId}`,
    feedback: (userId: string) => `${v1}feedback:${userId}`,
    feedbackLog: `${v1}feedback`,
    cohorts: `${v1}cohorts`,
    cohortMembers: (code: string) => `${v1}cohort:${code}`,
    trainers: `${v1}trainers`,
    /** Every per-user key, for export and deletion. */
    perUser: (userId: string) => [
      `${v1}user:${userId}`,
      `${v1}history:${userId}`,
      `${v1}profile:${userId}`,
      `${v1}progress:${userId}`,
      `${v1}events:${userId}`,
      `${v1}script:${userId}`,
      `${v1}feedback:${userId}`,
    ],
  };
}

/** The key builder's type. */
export type RedisKeys = ReturnType<typeof redisKeys>;
