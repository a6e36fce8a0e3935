/**
 * @module A trainer-approved answer as a knowledge-base file (`answers/<name>.<lang>.md`), written by
 * `cunbo kb export-approved`: front matter naming the question, the trainer and the date, then the answer.
 * Never throws: what does not fit comes back as problems.
 */
import { z } from 'zod';
import { readFrontMatter, validateFrontMatter } from './front-matter.ts';
import { normaliseText } from './markdown.ts';
import type { Problem } from './problem.ts';
import { dateSchema, type FieldIssue, type Language, languages } from './schema.ts';

const lessonIdPattern = /^[a-z]+-[a-z0-9]+(?:-[a-z0-9]+)*-(?:zh|en)$/;
const text = z.string('expected text').trim().min(1, 'expected text');

/** The front matter of an approved-answer file. */
export const answerMetaFields = z.strictObject({
  id: z.string('expected text').regex(/^answer-[a-z0-9-]+-(?:zh|en)$/, 'expected answer-<name>-<lang>'),
  /** The question, as the learner asked it. */
  title: text,
  lang: z.enum(languages),
  /** Who approved it (the source the answer is cited to). */
  trainer: text,
  approved: dateSchema,
  source: z.enum(['gap', 'feedback', 'manual']),
  /** The lesson that covers the topic, when the trainer named one. */
  lesson: z
    .string('expected text')
    .regex(lessonIdPattern, 'expected a lesson id <track>-<slug>-<lang>')
    .optional(),
});

/** An approved-answer file's front matter. */
export type AnswerMeta = z.infer<typeof answerMetaFields>;

/** An approved-answer file as parsed. */
export interface ParsedAnswer {
  path: string;
  /** Present when the front matter is valid. */
  meta: AnswerMeta | undefined;
  /** The answer (the body, trimmed). */
  answer: string;
  problems: Problem[];
}

const answerPath = /^answers\/([a-z0-9-]+)\.([a-z]+)\.md$/;

/** Parses the approved-answer file at `path` (relative to the knowledge directory). */
export function parseAnswer(path: string, source: string): ParsedAnswer {
  const [, name, lang] = answerPath.exec(path) ?? [];
  if (!name || !(languages as readonly string[]).includes(lang ?? '')) {
    return {
      path,
      meta: undefined,
      answer: '',
      problems: [
        {
          file: path,
          line: 1,
          message: 'expected answers/<name>.<lang>.md (name: a-z, 0-9, -; lang: zh or en)',
        },
      ],
    };
  }
  const front = readFrontMatter(path, normaliseText(source));
  const issues = (meta: AnswerMeta): FieldIssue[] => [
    ...(meta.lang === lang ? [] : [{ field: 'lang', message: `expected "${lang}" (from the file name)` }]),
    ...(meta.id === `answer-${name}-${lang}`
      ? []
      : [{ field: 'id', message: `expected "answer-${name}-${lang}" (from the file name)` }]),
    ...(meta.lesson && !meta.lesson.endsWith(`-${lang as Language}`)
      ? [{ field: 'lesson', message: `expected a lesson in the same language (ending -${lang})` }]
      : []),
  ];
  const meta = validateFrontMatter(path, front, answerMetaFields, issues);
  const answer = front.closed ? front.body.trim() : '';
  const problems = [...front.problems, ...meta.problems];
  if (front.closed && !answer)
    problems.push({ file: path, line: front.bodyLine, message: 'the answer is empty' });
  return { path, meta: meta.value, answer, problems };
}

/** Approved answers that name a lesson the knowledge base does not have. */
export function checkAnswerLessons(
  answers: readonly ParsedAnswer[],
  lessonIds: ReadonlySet<string>,
): Problem[] {
  return answers.flatMap((parsed) =>
    parsed.meta?.lesson && !lessonIds.has(parsed.meta.lesson)
      ? [{ file: parsed.path, line: 1, message: `lesson "${parsed.meta.lesson}" does not exist` }]
      : [],
  );
}
