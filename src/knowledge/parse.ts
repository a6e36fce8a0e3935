/**
 * @module Parsing every file of a knowledge base: lessons by their path, the glossary and tips by language.
 * Files in the wrong place become problems; nothing here throws.
 */
import type { KnowledgeFile, KnowledgeFiles } from './files.ts';
import { lessonLocation } from './lesson-path.ts';
import { type ParsedAnswer, parseAnswer } from './parse-answer.ts';
import { type ParsedGlossary, parseGlossary } from './parse-glossary.ts';
import { type ParsedLesson, parseLesson } from './parse-lesson.ts';
import { type ParsedTips, parseTips } from './parse-tips.ts';
import type { Problem } from './problem.ts';
import { type Language, languages } from './schema.ts';

export type { Glossary, GlossaryEntry, ParsedGlossary } from './parse-glossary.ts';
export { parseGlossary } from './parse-glossary.ts';
export type {
  Lesson,
  LessonContent,
  LessonLink,
  LessonSection,
  LessonTask,
  ParsedLesson,
} from './parse-lesson.ts';
export { parseLesson, parseLessonContent } from './parse-lesson.ts';
export type { ParsedTips, Tip, TipSituation, Tips } from './parse-tips.ts';
export { parseTips } from './parse-tips.ts';
export type { QuizOption, QuizQuestion } from './quiz.ts';

/** Every file of a knowledge base, parsed but not yet checked across files. */
export interface ParsedKnowledgeBase {
  dir: string;
  sources: readonly KnowledgeFile[];
  paths: ReadonlySet<string>;
  /** Lesson files at a valid lesson path, sorted by path. */
  lessons: ParsedLesson[];
  glossaries: Partial<Record<Language, ParsedGlossary>>;
  tips: Partial<Record<Language, ParsedTips>>;
  /** Trainer-approved answers exported by `cunbo kb export-approved` (`answers/`), sorted by path. */
  answers: ParsedAnswer[];
  /** What parsing found wrong, file by file. */
  problems: Problem[];
}

/** Parses the files of a knowledge base. */
export function parseKnowledgeFiles(files: KnowledgeFiles): ParsedKnowledgeBase {
  const parsed: ParsedKnowledgeBase = {
    dir: files.dir,
    sources: files.sources,
    paths: files.paths,
    lessons: [],
    glossaries: {},
    tips: {},
    answers: [],
    problems: [],
  };
  for (const { path, text } of files.sources) {
    if (path.startsWith('lessons/')) {
      const found = lessonLocation(path);
      if ('problem' in found) {
        parsed.problems.push({ file: path, line: 1, message: found.problem });
        continue;
      }
      const lesson = parseLesson(found.location, text);
      parsed.lessons.push(lesson);
      parsed.problems.push(...lesson.problems);
      continue;
    }
    if (path.startsWith('answers/')) {
      const answer = parseAnswer(path, text);
      parsed.answers.push(answer);
      parsed.problems.push(...answer.problems);
      continue;
    }
    const [, kind, lang = ''] = /^(glossary|tips)\.(.*)\.md$/.exec(path) ?? [];
    if (!(languages as readonly string[]).includes(lang)) {
      parsed.problems.push({
        file: path,
        line: 1,
        message: `unknown language "${lang}" (expected ${kind}.zh.md or ${kind}.en.md)`,
      });
      continue;
    }
    const language = lang as Language;
    if (kind === 'glossary') {
      const glossary = parseGlossary(path, language, text);
      parsed.glossaries[language] = glossary;
      parsed.problems.push(...glossary.problems);
    } else {
      const tips = parseTips(path, language, text);
      parsed.tips[language] = tips;
      parsed.problems.push(...tips.problems);
    }
  }
  return parsed;
}
