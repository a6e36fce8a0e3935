/** @module The learning path as text, shared by every channel: the next-lesson card and the progress report. */
import type { Language } from '../core/turn.ts';
import { progressBar, type TrackProgress } from './course.ts';
import type { Learning, NextLesson } from './learning.ts';
import { learningPhrases } from './phrases.ts';

/** The first `count` numbered steps of a lesson, for the card. */
export function keySteps(markdown: string, count = 3): string[] {
  const steps = /## (?:步骤|Steps)\n([\s\S]*?)(?:\n## |$)/.exec(markdown)?.[1] ?? '';
  return steps
    .split('\n')
    .filter((line) => /^\d+[.、]/.test(line.trim()))
    .slice(0, count)
    .map((line) => line.trim().replace(/\*\*/g, '').slice(0, 160));
}

/** The card for the next lesson: title, track, summary and its first key steps. */
export function lessonCard(next: NextLesson, language: Language): string {
  const say = learningPhrases(language);
  const { lesson, step } = next;
  return [
    say.lessonCard(lesson.title, say.tracks[step.track]),
    '',
    lesson.meta.summary,
    '',
    say.keySteps,
    ...keySteps(lesson.body),
  ].join('\n');
}

/** The progress report: a line per track and the recommended next step. */
export function progressReport(
  overview: Awaited<ReturnType<Learning['overview']>>,
  learning: Pick<Learning, 'lesson'>,
  language: Language,
): string {
  const say = learningPhrases(language);
  const line = (t: TrackProgress) =>
    say.progressLine(
      say.tracks[t.track],
      progressBar(t.lessonsDone, t.lessons),
      t.lessonsDone,
      t.lessons,
      t.tasksDone,
      t.quizAnswered ? `${t.quizCorrect}/${t.quizAnswered}` : '-',
    );
  const next = overview.next
    ? say.recommended(learning.lesson(overview.next.topic, language).title)
    : say.allDone;
  return `${say.progressTitle}\n\n${overview.tracks.map(line).join('\n')}\n\n${next}`;
}
