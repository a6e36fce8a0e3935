/** @module Counts that show whether the knowledge base meets its targets (`cunbo kb stats`). */
import { hanCount, wordCount } from './check.ts';
import type { ParsedKnowledgeBase } from './read.ts';

/** What `cunbo kb stats` reports. */
export interface KnowledgeBaseStats {
  lessons: number;
  byTrack: Record<string, { zh: number; en: number }>;
  byLevel: Record<string, number>;
  /** Characters (zh) or words (en) per lesson: min, median, max. */
  length: { zh: [number, number, number]; en: [number, number, number] };
  withoutTasks: string[];
  withoutQuiz: string[];
  glossaryTerms: { zh: number; en: number };
  tips: { zh: number; en: number };
}

function spread(values: number[]): [number, number, number] {
  if (values.length === 0) return [0, 0, 0];
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0]!, sorted[Math.floor(sorted.length / 2)]!, sorted.at(-1)!];
}

/** Counts per track, language and level; lengths; lessons lacking tasks or quizzes; glossary and tips. */
export function knowledgeBaseStats(parsed: ParsedKnowledgeBase): KnowledgeBaseStats {
  const lessons = parsed.lessons.flatMap((p) => (p.value ? [p.value] : []));
  const byTrack: KnowledgeBaseStats['byTrack'] = {};
  const byLevel: Record<string, number> = {};
  for (const lesson of lessons) {
    const track = byTrack[lesson.meta.track] ?? { zh: 0, en: 0 };
    track[lesson.meta.lang] += 1;
    byTrack[lesson.meta.track] = track;
    byLevel[lesson.meta.level] = (byLevel[lesson.meta.level] ?? 0) + 1;
  }
  const count = <T extends { lang: 'zh' | 'en' }>(
    items: Array<{ value?: T }>,
    size: (item: T) => number,
  ) => ({
    zh: items.reduce((n, p) => n + (p.value?.lang === 'zh' ? size(p.value) : 0), 0),
    en: items.reduce((n, p) => n + (p.value?.lang === 'en' ? size(p.value) : 0), 0),
  });
  return {
    lessons: lessons.length,
    byTrack,
    byLevel,
    length: {
      zh: spread(lessons.filter((l) => l.meta.lang === 'zh').map((l) => hanCount(l.body))),
      en: spread(lessons.filter((l) => l.meta.lang === 'en').map((l) => wordCount(l.body))),
    },
    withoutTasks: lessons.filter((l) => l.tasks.length === 0).map((l) => l.id),
    withoutQuiz: lessons.filter((l) => l.quiz.length === 0).map((l) => l.id),
    glossaryTerms: count(parsed.glossaries, (g) => g.entries.length),
    tips: count(parsed.tips, (t) => t.situations.reduce((n, s) => n + s.tips.length, 0)),
  };
}
