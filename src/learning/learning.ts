/**
 * @module The learning path, channel-agnostic: profile, next lesson, lesson actions (done, skip, tasks,
 * quizzes), progress overview, reminders, and the user's data rights (export, forget).
 */
import type { Language } from '../core/turn.ts';
import type { Lesson } from '../knowledge/parse.ts';
import type { Redis } from '../redis/connect.ts';
import type { RedisKeys } from '../redis/keys.ts';
import {
  type Course,
  type NextStep,
  nextStep,
  type Track,
  type TrackProgress,
  trackProgress,
} from './course.ts';
import { type Profile, parseProfile, profileFactsFrom } from './profile.ts';
import { type ExtractedProfile, mentionsSelf, type ProfileExtractor } from './profile-extractor.ts';
import { createProgressStore, type LessonState, type Progress } from './progress.ts';
import { nextReminderAt, staleReminderMs } from './reminders.ts';

// Claims a reminder: removes the user only while their due time is still at or before ARGV[2].
const claimDueScript = `
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if due and tonumber(due) <= tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0`;

/** What the learning path is built from. */
export interface LearningDeps {
  redis: Redis;
  keys: RedisKeys;
  course: Course;
  /** Reads profile facts with a model; without it, simple rules do. */
  extractProfile?: ProfileExtractor;
  now?: () => number;
}

/** The next lesson and its state. */
export interface NextLesson {
  step: NextStep;
  lesson: Lesson;
  state: LessonState | undefined;
}

/** A graded quiz answer. */
export interface QuizResult {
  correct: boolean;
  answer: string;
  explanation: string;
  /** The next question's index, if there is one. */
  next: number | undefined;
}

/** The learning path. */
export type Learning = ReturnType<typeof createLearning>;

/** Creates the learning path over Redis. */
export function createLearning({ redis, keys, course, extractProfile, now = Date.now }: LearningDeps) {
  const progressStore = createProgressStore({ redis, keys });

  async function profile(userId: string): Promise<Profile> {
    return parseProfile(await redis.get(keys.profile(userId)));
  }

  async function saveProfile(userId: string, next: Profile): Promise<Profile> {
    const stamped = { ...next, updatedAt: now() };
    const transaction = redis.multi().set(keys.profile(userId), JSON.stringify(stamped));
    if (stamped.remindHour === undefined) transaction.zRem(keys.reminders, userId);
    else
      transaction.zAdd(keys.reminders, { score: nextReminderAt(stamped.remindHour, now()), value: userId });
    await transaction.exec();
    return stamped;
  }

  function lessonOf(topic: string, language: Language): Lesson {
    const lesson = course.lesson(topic, language);
    if (!lesson) throw new Error(`no lesson "${topic}"`);
    return lesson;
  }

  return {
    course,
    profile,
    saveProfile,

    /** Applies `change` to the profile and saves it. */
    async updateProfile(userId: string, change: (profile: Profile) => Profile): Promise<Profile> {
      return saveProfile(userId, change(await profile(userId)));
    },

    /**
     * Notes profile facts the user mentioned in passing ("我在快手卖鹿血片"); returns the updated profile
     * when something changed.
     */
    async learnFromMessage(userId: string, text: string, current: Profile): Promise<Profile | undefined> {
      const facts: ExtractedProfile =
        extractProfile && mentionsSelf(text) ? await extractProfile(text) : profileFactsFrom(text);
      const platforms = [...new Set([...current.platforms, ...(facts.platforms ?? [])])];
      const role = current.role ?? facts.role;
      const changed =
        (facts.products && facts.products !== current.products) ||
        platforms.length !== current.platforms.length ||
        role !== current.role;
      if (!changed) return undefined;
      return saveProfile(userId, {
        ...current,
        products: facts.products ?? current.products,
        platforms,
        role,
      });
    },

    progress: (userId: string): Promise<Progress> => progressStore.read(userId),
    events: (userId: string) => progressStore.events(userId),

    /** The lesson to do next (in `track` if given). */
    async next(userId: string, language: Language, track?: Track): Promise<NextLesson | undefined> {
      const [learner, progress] = await Promise.all([profile(userId), progressStore.read(userId)]);
      const step = nextStep(course, learner, progress, track);
      if (!step) return undefined;
      return { step, lesson: lessonOf(step.topic, language), state: progress.lessons[step.topic] };
    },

    lesson: lessonOf,

    async open(userId: string, topic: string) {
      return progressStore.update(userId, topic, (s) => s, { type: 'lesson-opened', detail: '' }, now());
    },
    async finish(userId: string, topic: string) {
      return progressStore.update(
        userId,
        topic,
        (s) => ({ ...s, status: 'done' }),
        { type: 'lesson-done', detail: '' },
        now(),
      );
    },
    async skip(userId: string, topic: string) {
      return progressStore.update(
        userId,
        topic,
        (s) => ({ ...s, status: 'skipped' }),
        { type: 'lesson-skipped', detail: '' },
        now(),
      );
    },
    async tickTask(userId: string, topic: string, index: number) {
      return progressStore.update(
        userId,
        topic,
        (s) => ({ ...s, tasks: [...new Set([...s.tasks, index])].sort((a, b) => a - b) }),
        { type: 'task-done', detail: String(index) },
        now(),
      );
    },

    /** Grades a quiz answer with the knowledge base's explanation and records it. */
    async answerQuiz(
      userId: string,
      topic: string,
      question: number,
      letter: string,
      language: Language,
    ): Promise<QuizResult> {
      const quiz = lessonOf(topic, language).quiz;
      const item = quiz[question - 1];
      if (!item) throw new Error(`lesson "${topic}" has no quiz question ${question}`);
      const correct = item.answer === letter;
      await progressStore.update(
        userId,
        topic,
        (s) => ({ ...s, quiz: { ...s.quiz, [String(question)]: correct } }),
        { type: 'quiz-answered', detail: `${question}:${letter}:${correct ? 'right' : 'wrong'}` },
        now(),
      );
      return {
        correct,
        answer: item.answer,
        explanation: item.explanation,
        next: question < quiz.length ? question + 1 : undefined,
      };
    },

    /** Progress per track and the recommended next step, for /progress. */
    async overview(
      userId: string,
      language: Language,
    ): Promise<{ tracks: TrackProgress[]; next: NextStep | undefined; profile: Profile }> {
      const [learner, progress] = await Promise.all([profile(userId), progressStore.read(userId)]);
      return {
        tracks: trackProgress(course, progress, language),
        next: nextStep(course, learner, progress),
        profile: learner,
      };
    },

    /**
     * Takes the reminders due at `at`, each for exactly one caller: the claim (remove the user if still due)
     * is atomic and succeeds in one process only, so two bots on one Redis never nudge twice. Claimed users are rescheduled for their
     * next day; ones overdue by more than `staleReminderMs` are rescheduled without being returned.
     */
    async claimDueReminders(at = now(), limit = 50): Promise<string[]> {
      const due = await redis.zRangeByScoreWithScores(keys.reminders, 0, at, {
        LIMIT: { offset: 0, count: limit },
      });
      const claimed: string[] = [];
      for (const { value: userId, score } of due) {
        // Removed only while still due: a plain ZREM would also succeed after another process had claimed
        // it and re-added it for tomorrow, and both would send.
        const removed = await redis.eval(claimDueScript, {
          keys: [keys.reminders],
          arguments: [userId, String(at)],
        });
        if (removed !== 1) continue;
        const learner = await profile(userId);
        if (learner.remindHour !== undefined) {
          await redis.zAdd(keys.reminders, { score: nextReminderAt(learner.remindHour, at), value: userId });
        }
        if (at - score <= staleReminderMs) claimed.push(userId);
      }
      return claimed;
    },

    /** Turns reminders off (e.g. the user blocked the bot). */
    async stopReminders(userId: string): Promise<void> {
      const learner = await profile(userId);
      if (learner.remindHour !== undefined) await saveProfile(userId, { ...learner, remindHour: undefined });
      else await redis.zRem(keys.reminders, userId);
    },
  };
}
