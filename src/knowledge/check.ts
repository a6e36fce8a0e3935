/**
 * @module The knowledge-base checker behind `cunbo kb check`: everything knowledge/README.md requires, as
 * problems sorted by file and line.
 */
import { checkGlossaries } from './check-glossary.ts';
import { checkLesson } from './check-lesson.ts';
import { checkLessonSet } from './check-lesson-set.ts';
import { checkTips } from './check-tips.ts';
import { readKnowledgeFiles } from './files.ts';
import { type ParsedKnowledgeBase, parseKnowledgeFiles } from './parse.ts';
import { checkAnswerLessons } from './parse-answer.ts';
import { type Problem, sortProblems } from './problem.ts';

/** Every problem of a parsed knowledge base: parse problems plus the checks, sorted by file then line. */
export function checkParsedKnowledgeBase(parsed: ParsedKnowledgeBase): Problem[] {
  const problems = [...parsed.problems];
  if (!parsed.sources.some((source) => source.path.startsWith('lessons/'))) {
    problems.push({
      file: 'lessons',
      line: 1,
      message: 'no lessons (expected lessons/<track>/<NN>-<slug>.<lang>.md)',
    });
  }
  for (const lesson of parsed.lessons) problems.push(...checkLesson(lesson, parsed.paths));
  problems.push(
    ...checkLessonSet(parsed.lessons),
    ...checkGlossaries(parsed.glossaries, parsed.paths),
    ...checkTips(parsed.tips, parsed.paths),
    ...checkAnswerLessons(
      parsed.answers,
      new Set(parsed.lessons.flatMap((l) => (l.lesson ? [l.lesson.id] : []))),
    ),
  );
  return sortProblems(problems);
}

/** Reads and checks the knowledge base in `dir`; an empty list means it is fine. */
export async function checkKnowledgeBase(dir: string): Promise<Problem[]> {
  return checkParsedKnowledgeBase(parseKnowledgeFiles(await readKnowledgeFiles(dir)));
}
