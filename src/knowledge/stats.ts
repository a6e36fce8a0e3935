/** @module Counts that show how complete the knowledge base is (`cunbo kb stats`). */
import type { KnowledgeBase } from './load.ts';
import { type Language, type Level, levels, type Track, tracks } from './schema.ts';
import { lengthUnit, lessonLength } from './text-length.ts';

/** Lesson lengths in one language (zh: Han characters, en: words). */
export interface LengthSummary {
  unit: (typeof lengthUnit)[Language];
  lessons: number;
  min: number;
  median: number;
  max: number;
  /** Ids of the shortest and longest lessons (undefined with no lessons). */
  shortest: string | undefined;
  longest: string | undefined;
}

/** What `cunbo kb stats` reports. */
export interface KnowledgeBaseStats {
  lessons: {
    total: number;
    byTrack: Record<Track, Record<Language, number>>;
    byLevel: Record<Level, Record<Language, number>>;
  };
  length: Record<Language, LengthSummary>;
  /** Every lesson's length, by id. */
  lengthById: Record<string, number>;
  /** Ids of lessons with no tasks, and with no quiz questions. */
  lacking: { tasks: string[]; quiz: string[] };
  glossaryEntries: Record<Language, number>;
  tips: Record<Language, number>;
}

function perLanguage<T>(make: (lang: Language) => T): Record<Language, T> {
  return { zh: make('zh'), en: make('en') };
}

function summarise(lang: Language, lengths: ReadonlyArray<{ id: string; length: number }>): LengthSummary {
  const sorted = [...lengths].sort((a, b) => a.length - b.length);
  const middle = sorted.length / 2;
  const median =
    sorted.length === 0
      ? 0
      : sorted.length % 2
        ? sorted[Math.floor(middle)]!.length
        : Math.round((sorted[middle - 1]!.length + sorted[middle]!.length) / 2);
  return {
    unit: lengthUnit[lang],
    lessons: sorted.length,
    min: sorted[0]?.length ?? 0,
    median,
    max: sorted.at(-1)?.length ?? 0,
    shortest: sorted[0]?.id,
    longest: sorted.at(-1)?.id,
  };
}

/** Counts per track × language and level, lesson lengths, lessons lacking tasks or quizzes, glossary and tips. */
export function knowledgeBaseStats(kb: KnowledgeBase): KnowledgeBaseStats {
  const byTrack = Object.fromEntries(tracks.map((t) => [t, perLanguage(() => 0)])) as Record<
    Track,
    Record<Language, number>
  >;
  const byLevel = Object.fromEntries(levels.map((l) => [l, perLanguage(() => 0)])) as Record<
    Level,
    Record<Language, number>
  >;
  const lengths = kb.lessons.map((lesson) => ({
    id: lesson.id,
    lang: lesson.meta.lang,
    length: lessonLength(lesson.meta.lang, lesson.body),
  }));
  for (const { meta } of kb.lessons) {
    byTrack[meta.track][meta.lang] += 1;
    byLevel[meta.level][meta.lang] += 1;
  }
  return {
    lessons: { total: kb.lessons.length, byTrack, byLevel },
    length: perLanguage((lang) =>
      summarise(
        lang,
        lengths.filter((l) => l.lang === lang),
      ),
    ),
    lengthById: Object.fromEntries(lengths.map((l) => [l.id, l.length])),
    lacking: {
      tasks: kb.lessons.filter((l) => l.tasks.length === 0).map((l) => l.id),
      quiz: kb.lessons.filter((l) => l.quiz.length === 0).map((l) => l.id),
    },
    glossaryEntries: perLanguage((lang) => kb.glossaries[lang]?.entries.length ?? 0),
    tips: perLanguage((lang) => kb.tips[lang]?.situations.reduce((n, s) => n + s.tips.length, 0) ?? 0),
  };
}
