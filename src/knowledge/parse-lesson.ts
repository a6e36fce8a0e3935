/**
 * @module One lesson file parsed into a typed lesson: front matter, intro, sections, tasks, quiz and links,
 * each with its 1-based line. Never throws: what does not fit the format comes back as problems.
 */
import { sectionHeadings } from './format.ts';
import { readFrontMatter, validateFrontMatter } from './front-matter.ts';
import type { LessonLocation } from './lesson-path.ts';
import {
  type Block,
  bulletItem,
  isIndented,
  isListItem,
  linksIn,
  type MarkdownLink,
  normaliseText,
  sourceLines,
  splitAtHeadings,
  textOf,
} from './markdown.ts';
import type { Problem } from './problem.ts';
import { parseQuiz, type QuizQuestion } from './quiz.ts';
import { type Language, type LessonMeta, lessonMetaFields, lessonMetaIssues } from './schema.ts';

/** A heading and its text up to the next heading of any level (`###` subsections are sections too). */
export interface LessonSection {
  heading: string;
  level: number;
  text: string;
  line: number;
}

/** A checklist item of `## 任务` / `## Tasks`. */
export interface LessonTask {
  index: number;
  text: string;
  line: number;
}

/** A Markdown link in a lesson body. */
export type LessonLink = MarkdownLink;

/** What a lesson body holds. */
export interface LessonContent {
  /** The Markdown without the front matter. */
  body: string;
  /** The text before the first heading. */
  intro: string;
  sections: LessonSection[];
  tasks: LessonTask[];
  quiz: QuizQuestion[];
  links: LessonLink[];
}

/** A lesson with valid front matter. */
export interface Lesson extends LessonContent {
  id: string;
  /** Relative to the knowledge directory, e.g. `lessons/account/01-platforms.zh.md`. */
  path: string;
  meta: LessonMeta;
  title: string;
}

/** A lesson file as parsed, valid or not. */
export interface ParsedLesson {
  location: LessonLocation;
  /** Undefined when the front matter is missing or invalid. */
  meta: LessonMeta | undefined;
  /** The `id` the front matter declares, valid or not (to name the lesson a copied id belongs to). */
  declaredId: string | undefined;
  /** The file line of each front matter key. */
  keyLines: ReadonlyMap<string, number>;
  /** Undefined when the front matter never closes. */
  content: LessonContent | undefined;
  /** The file line the body starts on. */
  bodyLine: number;
  /** Present when the front matter is valid. */
  lesson: Lesson | undefined;
  problems: Problem[];
}

function parseTasks(file: string, block: Block | undefined): { tasks: LessonTask[]; problems: Problem[] } {
  const tasks: LessonTask[] = [];
  const problems: Problem[] = [];
  for (const line of block?.lines ?? []) {
    if (line.fenced || !line.text.trim()) continue;
    const item = bulletItem(line.text);
    const checkbox = item === undefined ? undefined : /^\[[ xX]\](?:[ \t]+(.*))?$/.exec(item);
    if (checkbox) {
      tasks.push({ index: tasks.length + 1, text: (checkbox[1] ?? '').trim(), line: line.line });
    } else if (isListItem(line.text)) {
      problems.push({
        file,
        line: line.line,
        message: 'tasks: list items here must be checklist items "- [ ] …"',
      });
    } else if (isIndented(line.text) && tasks.length > 0) {
      const last = tasks.at(-1)!;
      last.text = `${last.text} ${line.text.trim()}`;
    }
  }
  return { tasks, problems };
}

/** Parses a lesson body whose first line is file line `bodyLine`. */
export function parseLessonContent(
  file: string,
  lang: Language,
  body: string,
  bodyLine: number,
): { content: LessonContent; problems: Problem[] } {
  const lines = sourceLines(body, bodyLine);
  const { before, blocks } = splitAtHeadings(lines);
  const headings = sectionHeadings[lang];
  const tasksBlock = blocks.find((block) => block.level === 2 && block.heading === headings.tasks);
  const quizStart = blocks.findIndex((block) => block.level === 2 && block.heading === headings.quiz);
  const questionBlocks: Block[] = [];
  for (const block of quizStart === -1 ? [] : blocks.slice(quizStart + 1)) {
    if (block.level <= 2) break;
    questionBlocks.push(block);
  }
  const tasks = parseTasks(file, tasksBlock);
  const quiz = parseQuiz(file, lang, questionBlocks);
  return {
    content: {
      body: body.trim(),
      intro: textOf(before),
      sections: blocks.map((block) => ({
        heading: block.heading,
        level: block.level,
        text: textOf(block.lines),
        line: block.line,
      })),
      tasks: tasks.tasks,
      quiz: quiz.quiz,
      links: linksIn(lines),
    },
    problems: [...tasks.problems, ...quiz.problems],
  };
}

/** Parses the lesson file at `location` with content `text`. */
export function parseLesson(location: LessonLocation, text: string): ParsedLesson {
  const file = location.path;
  const front = readFrontMatter(file, normaliseText(text));
  const meta = validateFrontMatter(file, front, lessonMetaFields, (value) =>
    lessonMetaIssues(value, location),
  );
  const parsed = front.closed
    ? parseLessonContent(file, location.lang, front.body, front.bodyLine)
    : undefined;
  const content = parsed?.content;
  return {
    location,
    meta: meta.value,
    declaredId: typeof front.data?.id === 'string' ? front.data.id : undefined,
    keyLines: front.keyLines,
    content,
    bodyLine: front.bodyLine,
    lesson:
      meta.value && content
        ? { id: meta.value.id, path: file, meta: meta.value, title: meta.value.title, ...content }
        : undefined,
    problems: [...front.problems, ...meta.problems, ...(parsed?.problems ?? [])],
  };
}
