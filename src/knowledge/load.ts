/**
 * @module Loading the knowledge base the app teaches from. A knowledge base with problems does not load: the
 * bot fails at start-up naming file and line rather than teaching from a broken lesson.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { checkParsedKnowledgeBase } from './check.ts';
import { type KnowledgeFile, readKnowledgeFiles } from './files.ts';
import { type ParsedKnowledgeBase, parseKnowledgeFiles } from './parse.ts';
import type { Glossary } from './parse-glossary.ts';
import type { Lesson } from './parse-lesson.ts';
import type { Tips } from './parse-tips.ts';
import { formatProblem, type Problem } from './problem.ts';
import { type Language, tracks } from './schema.ts';

/** The parsed knowledge base. */
export interface KnowledgeBase {
  /** The knowledge directory (absolute). */
  dir: string;
  /** Every lesson, in teaching order: by track, then order, zh before en. */
  lessons: Lesson[];
  lessonsById: ReadonlyMap<string, Lesson>;
  glossaries: Partial<Record<Language, Glossary>>;
  tips: Partial<Record<Language, Tips>>;
  /** sha256 over every lesson, glossary and tips file's path and content, sorted by path. */
  contentHash: string;
}

/** Thrown by {@link loadKnowledgeBase} when the knowledge base has problems; `problems` lists them all. */
export class KnowledgeBaseError extends Error {
  override name = 'KnowledgeBaseError';
  readonly problems: readonly Problem[];

  constructor(dir: string, problems: readonly Problem[], shown = 20) {
    const lines = problems.slice(0, shown).map((problem) => `  ${formatProblem(problem, dir)}`);
    const more = problems.length > shown ? `\n  … and ${problems.length - shown} more` : '';
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super(
      `the knowledge base in ${dir} has ${count} (run: npx cunbo kb check ${dir}):\n${lines.join('\n')}${more}`,
    );
    this.problems = problems;
  }
}

/** A knowledge base and its problems, for tools that work on one being written (`cunbo kb stats`). */
export interface KnowledgeBaseInspection {
  kb: KnowledgeBase;
  problems: Problem[];
}

/** sha256 over the files' paths and contents, in path order. */
export function contentHashOf(files: readonly KnowledgeFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(file.path).update('\0').update(file.text).update('\0');
  }
  return hash.digest('hex');
}

function teachingOrder(a: Lesson, b: Lesson): number {
  return (
    tracks.indexOf(a.meta.track) - tracks.indexOf(b.meta.track) ||
    a.meta.order - b.meta.order ||
    (a.meta.lang === b.meta.lang ? 0 : a.meta.lang === 'zh' ? -1 : 1) ||
    (a.path < b.path ? -1 : 1)
  );
}

/** The knowledge base in a parsed directory: every file whose front matter is valid. */
export function assembleKnowledgeBase(parsed: ParsedKnowledgeBase): KnowledgeBase {
  const lessons = parsed.lessons.flatMap((p) => (p.lesson ? [p.lesson] : [])).sort(teachingOrder);
  const lessonsById = new Map<string, Lesson>();
  for (const lesson of lessons) if (!lessonsById.has(lesson.id)) lessonsById.set(lesson.id, lesson);
  const glossaries: KnowledgeBase['glossaries'] = {};
  const tips: KnowledgeBase['tips'] = {};
  for (const lang of ['zh', 'en'] as const) {
    const glossary = parsed.glossaries[lang]?.glossary;
    if (glossary) glossaries[lang] = glossary;
    const tipsFile = parsed.tips[lang]?.tips;
    if (tipsFile) tips[lang] = tipsFile;
  }
  return {
    dir: resolve(parsed.dir),
    lessons,
    lessonsById,
    glossaries,
    tips,
    contentHash: contentHashOf(parsed.sources),
  };
}

/** Reads, parses and checks the knowledge base in `dir`, returning it with its problems (never throws on content). */
export async function inspectKnowledgeBase(dir: string): Promise<KnowledgeBaseInspection> {
  const parsed = parseKnowledgeFiles(await readKnowledgeFiles(dir));
  return { kb: assembleKnowledgeBase(parsed), problems: checkParsedKnowledgeBase(parsed) };
}

/** Loads the knowledge base in `dir`; throws {@link KnowledgeBaseError} if `cunbo kb check` would report anything. */
export async function loadKnowledgeBase(dir: string): Promise<KnowledgeBase> {
  const { kb, problems } = await inspectKnowledgeBase(dir);
  if (problems.length > 0) throw new KnowledgeBaseError(dir, problems);
  return kb;
}
