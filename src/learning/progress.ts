/**
 * @module A learner's progress in Redis: one hash per learner (a field per lesson topic) and a capped
 * stream of progress events trainers read to see who is stuck where.
 */
import { z } from 'zod';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import { parseStoredJson } from '../redis/stored-json.ts';

/** One lesson's state; stored as JSON in the progress hash. */
export const lessonStateSchema = z.object({
  status: z.enum(['opened', 'done', 'skipped']),
  /** Indices (1-based) of ticked tasks. */
  tasks: z.array(z.number().int().positive()).default([]),
  /** Quiz question index → answered correctly. */
  quiz: z.record(z.string(), z.boolean()).default({}),
  at: z.number(),
});

/** One lesson's state. */
export type LessonState = z.infer<typeof lessonStateSchema>;

/** All of a learner's progress. */
export interface Progress {
  lessons: Record<string, LessonState>;
}

/** Kinds of progress events. */
export type ProgressEventType =
  | 'lesson-opened'
  | 'lesson-done'
  | 'lesson-skipped'
  | 'task-done'
  | 'quiz-answered';

/** A progress event as stored. */
export interface ProgressEvent {
  type: ProgressEventType;
  topic: string;
  detail: string;
  at: number;
}

const eventSchema = z.object({
  type: z.enum(['lesson-opened', 'lesson-done', 'lesson-skipped', 'task-done', 'quiz-answered']),
  topic: z.string(),
  detail: z.string().default(''),
  at: z.coerce.number(),
});

/** Reads and changes progress. */
export type ProgressStore = ReturnType<typeof createProgressStore>;

/** Creates the store. `maxEvents` caps each learner's event stream (approximately). */
export function createProgressStore({
  redis,
  keys,
  maxEvents = 2_000,
}: {
  redis: Redis;
  keys: RedisKeys;
  maxEvents?: number;
}) {
  async function read(userId: string): Promise<Progress> {
    const raw = await redis.hGetAll(keys.progress(userId));
    const lessons: Record<string, LessonState> = {};
    for (const [topic, value] of Object.entries(raw)) {
      // A value of an older or broken shape is dropped: that lesson starts fresh.
      const state = parseStoredJson(lessonStateSchema, value);
      if (state) lessons[topic] = state;
    }
    return { lessons };
  }

  /** Writes one lesson's new state and its event in one transaction. */
  async function write(
    userId: string,
    topic: string,
    state: LessonState,
    event: Omit<ProgressEvent, 'topic' | 'at'>,
  ) {
    await redis
      .multi()
      .hSet(keys.progress(userId), topic, JSON.stringify(state))
      .xAdd(
        keys.events(userId),
        '*',
        { type: event.type, topic, detail: event.detail, at: String(state.at) },
        { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: maxEvents } },
      )
      .exec();
  }

  return {
    read,

    /** Applies `change` to a lesson's state (created as `opened` if new) and records `event`. */
    async update(
      userId: string,
      topic: string,
      change: (state: LessonState) => LessonState,
      event: Omit<ProgressEvent, 'topic' | 'at'>,
      now = Date.now(),
    ): Promise<LessonState> {
      const current: LessonState = parseStoredJson(
        lessonStateSchema,
        await redis.hGet(keys.progress(userId), topic),
      ) ?? {
        status: 'opened',
        tasks: [],
        quiz: {},
        at: now,
      };
      const next = { ...change(current), at: now };
      await write(userId, topic, next, event);
      return next;
    },

    /** The learner's events, oldest first. */
    async events(userId: string): Promise<ProgressEvent[]> {
      const entries = await redis.xRange(keys.events(userId), '-', '+');
      return (entries ?? []).flatMap(({ message }) => {
        const parsed = eventSchema.safeParse(message);
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}
