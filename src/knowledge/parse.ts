/**
 * @module Parsing knowledge-base Markdown into typed structures with 1-based line numbers. Parsing never
 * throws: what does not fit the format becomes a problem for `cunbo kb check` to print.
 */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type LessonMeta, lessonMetaSchema, type ReferenceMeta, referenceMetaSchema } from './schema.ts';

/** Something wrong in a file, where it is. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** A `##`…`######` section. */
export interface Section {
  heading: string;
  level: number;
  text: string;
  line: number;
}

/** A checklist task. */
export interface Task {
  index: number;
  text: string;
  line: number;
}

/** A quiz question. */
export interface QuizQuestion {
  index: number;
  question: string;
  options: Array<{ letter: string; text: string }>;
  answer: string;
  explanation: string;
  line: number;
}

/** A Markdown link in the body. */
export interface Link {
  text: string;
  target: string;
  line: number;
}

/** A parsed lesson. */
export interface Lesson {
  id: string;
  /** Relative to the knowledge directory, with forward slashes. */
  path: string;
  meta: LessonMeta;
  title: string;
  /** The Markdown after the front matter. */
  body: string;
  intro: string;
  sections: Section[];
  tasks: Task[];
  quiz: QuizQuestion[];
  links: Link[];
  /** Line of the body's first line in the file. */
  bodyLine: number;
}

/** A glossary entry. */
export interface GlossaryEntry {
  key: string;
  term: string;
  aliases: string[];
  text: string;
  line: number;
}

/** A parsed glossary file. */
export interface Glossary {
  path: string;
  meta: ReferenceMeta;
  lang: 'zh' | 'en';
  entries: GlossaryEntry[];
}

/** One tip. */
export interface Tip {
  id: string;
  text: string;
  line: number;
}

/** Tips for one situation. */
export interface TipSituation {
  key: string;
  title: string;
  line: number;
  tips: Tip[];
}

/** A parsed tips file. */
export interface Tips {
  path: string;
  meta: ReferenceMeta;
  lang: 'zh' | 'en';
  situations: TipSituation[];
}

/** The result of parsing one file. */
export interface Parsed<T> {
  value: T | undefined;
  problems: Problem[];
}

interface FrontMatter {
  data: unknown;
  body: string;
  bodyLine: number;
  problems: Problem[];
}

function splitFrontMatter(file: string, text: string): FrontMatter {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) {
    return {
      data: undefined,
      body: text,
      bodyLine: 1,
      problems: [{ file, line: 1, message: 'front matter missing (--- … --- at the top)' }],
    };
  }
  const bodyLine = match[0].split('\n').length;
  try {
    return { data: parseYaml(match[1]!), body: text.slice(match[0].length), bodyLine, problems: [] };
  } catch (error) {
    return {
      data: undefined,
      body: text.slice(match[0].length),
      bodyLine,
      problems: [
        {
          file,
          line: 2,
          message: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
        },
      ],
    };
  }
}

function frontMatterLine(text: string, field: string): number {
  const index = text.split('\n').findIndex((line) => line.startsWith(`${field}:`));
  return index === -1 ? 1 : index + 1;
}

function schemaProblems(file: string, text: string, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const received = field
      ? ` (got ${JSON.stringify((issue as { input?: unknown }).input ?? undefined) ?? 'nothing'})`
      : '';
    return {
      file,
      line: field ? frontMatterLine(text, field) : 1,
      message: `front matter: ${field || 'document'}: ${issue.message}${issue.code === 'invalid_type' && !field ? '' : received}`,
    };
  });
}

/** `##` sections of a Markdown body, with the intro before the first one. */
export function sectionsOf(body: string, bodyLine: number): { intro: string; sections: Section[] } {
  const lines = body.split('\n');
  const sections: Section[] = [];
  const intro: string[] = [];
  let current: Section | undefined;
  for (const [i, line] of lines.entries()) {
    const heading = /^(#{2,6})\s+(.+?)\s*$/.exec(line);
    if (heading) {
      current = { heading: heading[2]!, level: heading[1]!.length, text: '', line: bodyLine + i };
      sections.push(current);
    } else if (current) {
      current.text += `${line}\n`;
    } else {
      intro.push(line);
    }
  }
  for (const section of sections) section.text = section.text.trim();
  return { intro: intro.join('\n').trim(), sections };
}

const taskHeadings = new Set(['任务', 'Tasks']);

function tasksOf(sections: Section[]): Task[] {
  const section = sections.find((s) => s.level === 2 && taskHeadings.has(s.heading));
  if (!section) return [];
  return section.text
    .split('\n')
    .map((line, i) => ({ line, at: section.line + 1 + i }))
    .filter(({ line }) => /^\s*- \[[ xX]\]\s+\S/.test(line))
    .map(({ line, at }, index) => ({
      index: index + 1,
      text: line.replace(/^\s*- \[[ xX]\]\s+/, '').trim(),
      line: at,
    }));
}

function quizOf(lines: string[], bodyLine: number): QuizQuestion[] {
  const start = lines.findIndex((line) => /^##\s+(小测验|Quiz)\s*$/.test(line));
  if (start === -1) return [];
  const questions: QuizQuestion[] = [];
  let current: QuizQuestion | undefined;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^##\s/.test(line)) break;
    const question = /^###\s+(?:\d+[.、)]\s*)?(.+?)\s*$/.exec(line);
    if (question) {
      current = {
        index: questions.length + 1,
        question: question[1]!,
        options: [],
        answer: '',
        explanation: '',
        line: bodyLine + i,
      };
      questions.push(current);
      continue;
    }
    if (!current) continue;
    const option = /^\s*-\s+([A-Z])[.、)．]\s*(.+)$/.exec(line);
    const answer = /^(?:答案|Answer)\s*[:：]\s*([A-Z])\b/.exec(line);
    const explanation = /^(?:解析|Explanation)\s*[:：]\s*(.+)$/.exec(line);
    if (option) current.options.push({ letter: option[1]!, text: option[2]!.trim() });
    else if (answer) current.answer = answer[1]!;
    else if (explanation) current.explanation = explanation[1]!.trim();
    else if (current.explanation && line.trim()) current.explanation += ` ${line.trim()}`;
  }
  return questions;
}

function linksOf(lines: string[], bodyLine: number): Link[] {
  const links: Link[] = [];
  for (const [i, line] of lines.entries()) {
    for (const match of line.matchAll(/\[([^\]]+)\]\(([^)\s]+)\)/g)) {
      links.push({ text: match[1]!, target: match[2]!, line: bodyLine + i });
    }
  }
  return links;
}

/** Parses a lesson file. `path` is relative to the knowledge directory. */
export function parseLesson(path: string, text: string): Parsed<Lesson> {
  const front = splitFrontMatter(path, text);
  if (front.data === undefined) return { value: undefined, problems: front.problems };
  const meta = lessonMetaSchema.safeParse(front.data, { reportInput: true });
  if (!meta.success) return { value: undefined, problems: schemaProblems(path, text, meta.error) };
  const lines = front.body.split('\n');
  const { intro, sections } = sectionsOf(front.body, front.bodyLine);
  return {
    value: {
      id: meta.data.id,
      path,
      meta: meta.data,
      title: meta.data.title,
      body: front.body.trim(),
      intro,
      sections,
      tasks: tasksOf(sections),
      quiz: quizOf(lines, front.bodyLine),
      links: linksOf(lines, front.bodyLine),
      bodyLine: front.bodyLine,
    },
    problems: [],
  };
}

function referenceMeta(
  path: string,
  text: string,
): { meta?: ReferenceMeta; front: FrontMatter; problems: Problem[] } {
  const front = splitFrontMatter(path, text);
  if (front.data === undefined) return { front, problems: front.problems };
  const meta = referenceMetaSchema.safeParse(front.data, { reportInput: true });
  if (!meta.success) return { front, problems: schemaProblems(path, text, meta.error) };
  return { meta: meta.data, front, problems: [] };
}

/** Parses a glossary file: `## term (key)`, an optional aliases line, then the explanation. */
export function parseGlossary(path: string, text: string): Parsed<Glossary> {
  const { meta, front, problems } = referenceMeta(path, text);
  if (!meta) return { value: undefined, problems };
  const { sections } = sectionsOf(front.body, front.bodyLine);
  const entries: GlossaryEntry[] = [];
  for (const section of sections) {
    const heading = /^(.+?)\s*\(([a-z0-9-]+)\)$/.exec(section.heading);
    if (!heading) {
      problems.push({
        file: path,
        line: section.line,
        message: `glossary heading needs a key in brackets: "## term (key)"`,
      });
      continue;
    }
    const lines = section.text.split('\n');
    const alias = /^(?:别名|Aliases)\s*[:：]\s*(.*)$/.exec(lines[0] ?? '');
    const explanation = (alias ? lines.slice(1) : lines).join('\n').trim();
    if (!explanation)
      problems.push({
        file: path,
        line: section.line,
        message: `glossary entry "${heading[1]}" has no explanation`,
      });
    entries.push({
      key: heading[2]!,
      term: heading[1]!.trim(),
      aliases: alias
        ? alias[1]!
            .split(/[,，、]/)
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
      text: explanation,
      line: section.line,
    });
  }
  return { value: { path, meta, lang: meta.lang, entries }, problems };
}

/** Parses a tips file: `## title (situation-key)` then one `- tip` per line. */
export function parseTips(path: string, text: string): Parsed<Tips> {
  const { meta, front, problems } = referenceMeta(path, text);
  if (!meta) return { value: undefined, problems };
  const { sections } = sectionsOf(front.body, front.bodyLine);
  const situations: TipSituation[] = [];
  for (const section of sections) {
    const heading = /^(.+?)\s*\(([a-z0-9-]+)\)$/.exec(section.heading);
    if (!heading) {
      problems.push({
        file: path,
        line: section.line,
        message: `tips heading needs a situation key in brackets: "## title (key)"`,
      });
      continue;
    }
    const key = heading[2]!;
    const tips = section.text
      .split('\n')
      .map((line, i) => ({ line, at: section.line + 1 + i }))
      .filter(({ line }) => /^\s*-\s+\S/.test(line))
      .map(({ line, at }, n) => ({
        id: `${key}-${n + 1}`,
        text: line.replace(/^\s*-\s+/, '').trim(),
        line: at,
      }));
    situations.push({ key, title: heading[1]!.trim(), line: section.line, tips });
  }
  return { value: { path, meta, lang: meta.lang, situations }, problems };
}
