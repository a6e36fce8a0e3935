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
 * | `<prefix>v1:signin:<sha256>`        | string | a dashboard sign-in link (JSON: trainer), 10-min TTL |
 * | `<prefix>v1:session:<sha256>`       | string | a dashboard session (JSON: trainer, CSRF), 12-h TTL |
 * | `<prefix>v1:rate:<userId>`          | hash   | the user's token bucket (tokens, at ms), TTL ≤ refill |
 * | `<prefix>v1:throttled:<userId>`     | string | a throttle notice was sent; 60-s TTL (one per window) |
 * | `<prefix>v1:usage:<yyyy-mm-dd>`     | hash   | `<userId>:q\|in\|out\|notified` day counters (China day), 35-day TTL |
 * | `<prefix>v1:limits`                 | hash   | admin overrides: `<field>` global, `<userId>:<field>` per user |
 * | `<prefix>v1:usernames`              | hash   | lower-case Telegram @username → user id, for /learner @name |
 * | `<prefix>v1:announce:<id>`          | hash   | an announcement: draft (JSON), claim (send/cancel, set once), report; 30-day TTL |
 * | `<prefix>v1:announcing:<trainerId>` | string | cohort code awaiting the announcement text; 10-min TTL |
 * | `<prefix>v1:update:<updateId>`      | string | a webhook update was accepted (dedupe), 24-h TTL    |
 * | `<prefix>v1:chatq:<chatKey>`        | list   | one chat's webhook updates (JSON) not yet handled, oldest first |
 * | `<prefix>v1:chatq-busy:<chatKey>`   | list   | the update one worker is handling for that chat (0 or 1) |
 * | `<prefix>v1:chatq-lock:<chatKey>`   | string | the worker token holding that chat; 30-s TTL, renewed |
 * | `<prefix>v1:chatq-backlog`          | string | webhook updates accepted and not yet handled (counter) |
 * | `<prefix>v1:chatq-chats`            | set    | chat keys with queued or in-flight updates (crash sweep) |
 * | `<prefix>v1:approved`               | hash   | approved answer id → trainer-approved answer (JSON) |
 * | `<prefix>v1:approved-version`       | string | counter moved on every approval change (index reload) |
 * | `<prefix>v1:gap-status`             | hash   | gap group key → open/handled/answered (JSON)        |
 * | `<prefix>v1:tlist:<trainerId>:<kind>` | string | the numbered /gaps or /downvotes list a trainer saw last (JSON), 1-day TTL |
 * | `<prefix>v1:tdraft:<trainerId>:<id>` | string | an answer a trainer approved that the checker flagged, awaiting their confirmation (JSON), 1-day TTL |
 * | `<prefix>bull:updates:*`            | (BullMQ) | the job queue waking workers for a chat (docs/scaling.md) |
 *
 * One learner's state is these seven per-user keys plus their members of the two zsets; `/forget` removes
 * all of it and anonymises their entries in the turn and gap logs. It also removes the short-lived rate and
 * throttle keys, but keeps the user's counters in `usage:<day>` (numbers, gone within 35 days), so forgetting
 * does not hand out a fresh daily budget.
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
    /** A one-time dashboard sign-in link, by the SHA-256 of its token. */
    signInToken: (tokenHash: string) => `${v1}signin:${tokenHash}`,
    /** A dashboard session, by the SHA-256 of its id. */
    session: (idHash: string) => `${v1}session:${idHash}`,
    /** A user's rate-limit token bucket. */
    rateBucket: (userId: string) => `${v1}rate:${userId}`,
    /** Set while a user's throttle notice is fresh, so a flooder gets one notice per window. */
    throttled: (userId: string) => `${v1}throttled:${userId}`,
    /** Every user's question and token counters for one China day (`yyyy-mm-dd`). */
    usageDay: (day: string) => `${v1}usage:${day}`,
    /** Limits admins set at run time (global and per user). */
    limitOverrides: `${v1}limits`,
    /** Telegram @usernames (lower case) → user id; /forget removes the user's entry. */
    usernames: `${v1}usernames`,
    /** One announcement to a cohort; its `claim` field is set once, so a double-pressed button sends once. */
    announcement: (id: string) => `${v1}announce:${id}`,
    /** The cohort a trainer's next message announces to. */
    announcing: (trainerId: string) => `${v1}announcing:${trainerId}`,
    /** Set when a webhook update is accepted, so a redelivered `update_id` is handled once. */
    updateSeen: (updateId: number) => `${v1}update:${updateId}`,
    /** One chat's webhook updates waiting to be handled, in arrival order. */
    chatQueue: (chatKey: string) => `${v1}chatq:${chatKey}`,
    /** The update a worker took from that chat's queue and has not finished (crash recovery). */
    chatInFlight: (chatKey: string) => `${v1}chatq-busy:${chatKey}`,
    /** Which worker handles that chat now (one at a time, so its updates stay in order). */
    chatLock: (chatKey: string) => `${v1}chatq-lock:${chatKey}`,
    /** How many webhook updates are accepted and not yet handled (queue depth for /metrics). */
    updateBacklog: `${v1}chatq-backlog`,
    /** Chats with queued or in-flight webhook updates, so a sweep can wake one whose worker died. */
    activeChats: `${v1}chatq-chats`,
    /** Trainer-approved answers by id (docs/knowledge-loop.md). */
    approvedAnswers: `${v1}approved`,
    /** Moves on every approval or withdrawal, so each process knows to reload its match index. */
    approvedVersion: `${v1}approved-version`,
    /** What trainers did about each gap group (handled, answered), by the group's key. */
    gapStatus: `${v1}gap-status`,
    /** The numbered list (`gaps`, `downvotes`) a trainer saw last, so `/answer 2 …` means what they saw. */
    trainerList: (trainerId: string, kind: string) => `${v1}tlist:${trainerId}:${kind}`,
    /** An approval the checker flagged, kept until the trainer confirms it as written (or a day passes). */
    approvalDraft: (trainerId: string, id: string) => `${v1}tdraft:${trainerId}:${id}`,
    /** BullMQ's key prefix (its queue `updates` lives under `<prefix>bull:updates:`). */
    bullPrefix: `${prefix}bull`,
    /** Every per-user key, for export and deletion. */
    perUser: (userId: string) => [
      `${v1}user:${userId}`,
      `${v1}history:${userId}`,
      `${v1}profile:${userId}`,
      `${v1}progress:${userId}`,
      `${v1}events:${userId}`,
      `${v1}script:${userId}`,
      `${v1}feedback:${userId}`,
      `${v1}rate:${userId}`,
      `${v1}throttled:${userId}`,
    ],
  };
}

/** The key builder's type. */
export type RedisKeys = ReturnType<typeof redisKeys>;
