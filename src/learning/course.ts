/**
 * @module The course: the knowledge base's lessons as ordered tracks, and what a learner should do next.
 *
 * Progress is kept per lesson *topic* (`account-platforms`, without the language), so switching language
 * keeps it.
 */
import type { Language } from '../core/turn.ts';
import type { Lesson } from '../knowledge/parse.ts';
import { tracks } from '../knowledge/schema.ts';
import type { Profile } from './profile.ts';
import type { Progress } from './progress.ts';

/** A track's name. */
export type Track = (typeof tracks)[number];

/** The topic id of a lesson: its id without the language. */
export function topicOf(lessonId: string): string {
  return lessonId.replace(/-(zh|en)$/, '');
}

/** Lessons by track and topic. */
export interface Course {
  tracks: readonly Track[];
  /** Topic ids of a track, in teaching order. */
  topics(track: Track): string[];
  lesson(topic: string, language: Language): Lesson | undefined;
  trackOf(topic: string): Track | undefined;
}

/** Builds the course from the knowledge base's lessons. */
export function createCourse(lessons: readonly Lesson[]): Course {
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const topicsByTrack = new Map<Track, string[]>(
    tracks.map((track) => [
      track,
      lessons
        .filter((lesson) => lesson.meta.track === track && lesson.meta.lang === 'zh')
        .sort((a, b) => a.meta.order - b.meta.order)
        .map((lesson) => topicOf(lesson.id)),
    ]),
  );
  return {
    tracks,
    topics: (track) => topicsByTrack.get(track) ?? [],
    lesson: (topic, language) => byId.get(`${topic}-${language}`) ?? byId.get(`${topic}-zh`),
    trackOf: (topic) => tracks.find((track) => topicsByTrack.get(track)?.includes(topic)),
  };
}

/** The track a learner should work on, from where they are and what they want. */
export function recommendedTrack(profile: Profile): Track {
  switch (profile.goal) {
    case 'first-live':
      return 'live';
    case 'rules':
      return 'compliance';
    case 'more-sales':
      return profile.stage === 'new' ? 'account' : 'traffic';
    case 'first-video':
    case 'more-views':
      return profile.stage === 'new' ? 'account' : 'video';
  }
  return ({ new: 'account', posting: 'video', selling: 'traffic', live: 'live' } as const)[
    profile.stage ?? 'new'
  ];
}

/** A suggested next lesson and why. */
export interface NextStep {
  topic: string;
  track: Track;
  /** `chosen`: the learner picked the track; `recommended`: from stage and goal; `continue`: next in order. */
  reason: 'chosen' | 'recommended' | 'continue';
}

/**
 * The next lesson: the first one not yet finished or skipped in `preferred` (or the track stage and goal
 * suggest), then in the other tracks in teaching order. `undefined` when everything is done.
 */
export function nextStep(
  course: Course,
  profile: Profile,
  progress: Progress,
  preferred?: Track,
): NextStep | undefined {
  const start = preferred ?? recommendedTrack(profile);
  const order = [start, ...course.tracks.filter((track) => track !== start)];
  for (const [i, track] of order.entries()) {
    const topic = course
      .topics(track)
      .find((t) => !['done', 'skipped'].includes(progress.lessons[t]?.status ?? ''));
    if (topic) return { topic, track, reason: i > 0 ? 'continue' : preferred ? 'chosen' : 'recommended' };
  }
  return undefined;
}

/** One track's progress. */
export interface TrackProgress {
  track: Track;
  lessonsDone: number;
  lessons: number;
  tasksDone: number;
  tasks: number;
  quizCorrect: number;
  quizAnswered: number;
}

/** Progress per track, for /progress. */
export function trackProgress(course: Course, progress: Progress, language: Language): TrackProgress[] {
  return course.tracks.map((track) => {
    const topics = course.topics(track);
    const states = topics.map((topic) => progress.lessons[topic]);
    const quizzes = states.flatMap((state) => Object.values(state?.quiz ?? {}));
    return {
      track,
      lessonsDone: states.filter((state) => state?.status === 'done').length,
      lessons: topics.length,
      tasksDone: states.reduce((n, state) => n + (state?.tasks.length ?? 0), 0),
      tasks: topics.reduce((n, topic) => n + (course.lesson(topic, language)?.tasks.length ?? 0), 0),
      quizCorrect: quizzes.filter(Boolean).length,
      quizAnswered: quizzes.length,
    };
  });
}

/** A text progress bar, e.g. `▓▓▓░░░░░`. */
export function progressBar(done: number, total: number, width = 8): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return '▓'.repeat(filled) + '░'.repeat(width - filled);
}
