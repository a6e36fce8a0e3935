/**
 * @module One learner as a trainer sees them: profile, progress per track, the lesson they are on, and
 * their last questions with whether the knowledge base covered them and their 👍/👎. Plain data, so
 * Telegram's /learner and the web dashboard format the same facts; the trainer's scope is applied here.
 */
import type { Language } from '../core/turn.ts';
import { type Course, nextStep, type TrackProgress, topicOf, trackProgress } from '../learning/course.ts';
import type { Learning } from '../learning/learning.ts';
import type { Profile } from '../learning/profile.ts';
import type { ConversationMemory } from '../memory/conversation-memory.ts';
import type { LearnerDirectory, TrainerScope } from './learners.ts';
import { chinaDay } from './reports.ts';
import type { TurnQuery } from './turn-query.ts';
import type { Usernames } from './usernames.ts';

/** A recent question. */
export interface RecentQuestion {
  at: number;
  question: string;
  /** False when the knowledge base did not cover it (the coach said so). */
  answered: boolean;
  vote: 'up' | 'down' | undefined;
  /** The learner's "what was wrong?" on a 👎. */
  note: string | undefined;
}

/** Everything /learner shows. */
export interface LearnerSummary {
  userId: string;
  name: string;
  language: Language | undefined;
  firstSeen: number | undefined;
  lastSeen: number | undefined;
  /** Questions asked, ever. */
  questions: number;
  /** Codes of the trainer's cohorts the learner is in (all their cohorts, for admins). */
  cohorts: string[];
  profile: Pick<Profile, 'role' | 'products' | 'platforms' | 'stage' | 'goal' | 'remindHour'>;
  tracks: TrackProgress[];
  /** The lesson opened last and not finished, else the one recommended next. */
  current: { topic: string; title: string; status: 'opened' | 'next' } | undefined;
  recent: RecentQuestion[];
}

/** What the summary reads. */
export interface LearnerSummaryDeps {
  memory: Pick<ConversationMemory, 'user'>;
  learning: Pick<Learning, 'profile' | 'progress'> & { course: Course };
  turns: Pick<TurnQuery, 'search'>;
}

/** How far back recent questions are looked for. */
const recentDays = 90;

/**
 * The learner `userId` as `scope`'s trainer may see them; `'out-of-scope'` when they are not in the
 * trainer's cohorts, `undefined` when Cunbo knows nothing about them.
 */
export async function learnerSummary(
  { memory, learning, turns }: LearnerSummaryDeps,
  {
    scope,
    userId,
    now = Date.now(),
    recent = 5,
  }: { scope: TrainerScope; userId: string; now?: number; recent?: number },
): Promise<LearnerSummary | 'out-of-scope' | undefined> {
  if (!scope.includes(userId)) return 'out-of-scope';
  const [user, profile, progress, rows] = await Promise.all([
    memory.user(userId),
    learning.profile(userId),
    learning.progress(userId),
    turns.search(scope, { userId, from: chinaDay(now - recentDays * 86_400_000) }, { now, limit: recent }),
  ]);
  const cohorts = scope.cohortsOf.get(userId) ?? (profile.cohort ? [profile.cohort] : []);
  if (!user && profile.updatedAt === 0 && Object.keys(progress.lessons).length === 0 && cohorts.length === 0)
    return undefined;
  const language = profile.language ?? user?.language;
  const course = learning.course;
  const opened = Object.entries(progress.lessons)
    .filter(([, state]) => state.status === 'opened')
    .sort((a, b) => b[1].at - a[1].at)[0];
  const step = opened ? { topic: opened[0], status: 'opened' as const } : nextOf(course, profile, progress);
  const lesson = step && course.lesson(topicOf(step.topic), language ?? 'zh');
  return {
    userId,
    name: user?.displayName ?? userId,
    language,
    firstSeen: user?.firstSeen,
    lastSeen: user?.lastSeen,
    questions: user?.turns ?? 0,
    cohorts,
    profile: {
      role: profile.role,
      products: profile.products,
      platforms: profile.platforms,
      stage: profile.stage,
      goal: profile.goal,
      remindHour: profile.remindHour,
    },
    tracks: trackProgress(course, progress, language ?? 'zh'),
    current:
      step && lesson ? { topic: step.topic, title: lesson.meta.title, status: step.status } : undefined,
    recent: rows.map((row) => ({
      at: row.at,
      question: row.question,
      answered: !row.abstained,
      vote: row.vote,
      note: row.note,
    })),
  };
}

function nextOf(
  course: Course,
  profile: Profile,
  progress: Awaited<ReturnType<Learning['progress']>>,
): { topic: string; status: 'next' } | undefined {
  const next = nextStep(course, profile, progress);
  return next && { topic: next.topic, status: 'next' };
}

/**
 * Finds a learner by `@username` (the handle index), by exact user id, or by display name (case-insensitive,
 * whole name first, then a unique partial match) among the learners `scope` covers. Ids that are not found
 * stay unresolved (`undefined`); several partial matches give the candidates.
 */
export async function findLearner(
  {
    usernames,
    directory,
    memory,
  }: {
    usernames: Pick<Usernames, 'lookup'>;
    directory: Pick<LearnerDirectory, 'learnerIds'>;
    memory: Pick<ConversationMemory, 'user'>;
  },
  scope: TrainerScope,
  query: string,
): Promise<{ userId: string } | { candidates: Array<{ userId: string; name: string }> } | undefined> {
  const wanted = query.trim();
  if (!wanted) return undefined;
  if (wanted.startsWith('@')) {
    const userId = await usernames.lookup(wanted);
    return userId ? { userId } : undefined;
  }
  const ids = await directory.learnerIds(scope);
  if (ids.includes(wanted)) return { userId: wanted };
  const named = (
    await Promise.all(ids.map(async (userId) => ({ userId, name: (await memory.user(userId))?.displayName })))
  ).filter((row): row is { userId: string; name: string } => Boolean(row.name));
  const lower = wanted.toLowerCase();
  const exact = named.filter((row) => row.name.toLowerCase() === lower);
  if (exact.length === 1) return { userId: exact[0]!.userId };
  const partial = exact.length > 1 ? exact : named.filter((row) => row.name.toLowerCase().includes(lower));
  if (partial.length === 1) return { userId: partial[0]!.userId };
  if (partial.length > 1) return { candidates: partial.slice(0, 10) };
  // A bare handle without the @ is common too.
  const userId = /^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(wanted) ? await usernames.lookup(wanted) : undefined;
  return userId ? { userId } : undefined;
}
