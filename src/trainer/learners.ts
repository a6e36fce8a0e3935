/**
 * @module Who a trainer may see, and a learner's one-line summary. Telegram's /learners and the web
 * dashboard read the same rows and apply the same scope: a trainer sees the learners of the cohorts they
 * own, an admin sees everyone.
 */
import type { Learning } from '../learning/learning.ts';
import type { ConversationMemory } from '../memory/conversation-memory.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import type { Cohort, Cohorts } from './cohorts.ts';
import type { Roles } from './roles.ts';

/** A learner's summary row. */
export interface LearnerRow {
  userId: string;
  name: string;
  /** The profile's stage, or `-`. */
  stage: string;
  lessonsDone: number;
  /** Lessons in the whole course (each topic once, whatever the language). */
  lessonsTotal: number;
  lastSeen: number | undefined;
}

/** What one trainer may see. */
export interface TrainerScope {
  trainerId: number;
  isAdmin: boolean;
  /** The cohorts they own (all, for admins). */
  cohorts: Cohort[];
  /** Cohort codes per learner, for learners in those cohorts. */
  cohortsOf: Map<string, string[]>;
  /** Whether the learner is theirs to see. */
  includes(userId: string): boolean;
}

/** Learner rows and trainer scopes. */
export interface LearnerDirectory {
  row(userId: string): Promise<LearnerRow>;
  /** The scope of a trainer or admin; `undefined` for anyone else (a trainer since removed, say). */
  scope(trainerId: number): Promise<TrainerScope | undefined>;
  /** Learner ids in a scope, most recently active first (admins: everyone who wrote to the bot, too). */
  learnerIds(scope: TrainerScope, limit?: number): Promise<string[]>;
}

/** Creates the directory. */
export function createLearnerDirectory({
  redis,
  keys,
  memory,
  learning,
  cohorts,
  roles,
}: {
  redis: Redis;
  keys: RedisKeys;
  memory: Pick<ConversationMemory, 'user'>;
  learning: Pick<Learning, 'profile' | 'progress' | 'course'>;
  cohorts: Cohorts;
  roles: Pick<Roles, 'isAdmin' | 'isTrainer'>;
}): LearnerDirectory {
  const lessonsTotal = () =>
    learning.course.tracks.reduce((n, track) => n + learning.course.topics(track).length, 0);
  return {
    async row(userId) {
      const [user, profile, progress] = await Promise.all([
        memory.user(userId),
        learning.profile(userId),
        learning.progress(userId),
      ]);
      return {
        userId,
        name: user?.displayName ?? userId,
        stage: profile.stage ?? '-',
        lessonsDone: Object.values(progress.lessons).filter((l) => l.status === 'done').length,
        lessonsTotal: lessonsTotal(),
        lastSeen: user?.lastSeen,
      };
    },
    async scope(trainerId) {
      if (!(await roles.isTrainer(trainerId))) return undefined;
      const isAdmin = roles.isAdmin(trainerId);
      const visible = await cohorts.visibleTo(trainerId, isAdmin);
      const cohortsOf = new Map<string, string[]>();
      for (const cohort of visible) {
        for (const userId of await cohorts.members(cohort.code)) {
          cohortsOf.set(userId, [...(cohortsOf.get(userId) ?? []), cohort.code]);
        }
      }
      return {
        trainerId,
        isAdmin,
        cohorts: visible.sort((a, b) => a.createdAt - b.createdAt),
        cohortsOf,
        includes: (userId) => isAdmin || cohortsOf.has(userId),
      };
    },
    async learnerIds(scope, limit = 2_000) {
      const active = await redis.zRange(keys.usersByActivity, '+inf', '-inf', {
        BY: 'SCORE',
        REV: true,
        LIMIT: { offset: 0, count: limit },
      });
      const members = [...scope.cohortsOf.keys()];
      // Members who never wrote (only pressed /start) are not in the activity index: append them.
      const ordered = [...new Set([...active.filter((id) => scope.includes(id)), ...members])];
      return ordered.slice(0, limit);
    },
  };
}
