/**
 * @module Loading the knowledge base: every lesson, the glossaries and the tips, validated.
 *
 * A knowledge base with problems does not load: the bot fails at start-up naming file and line, rather than
 * teaching from a broken lesson.
 */
import { checkParsed } from './check.ts';
import type { Glossary, Lesson, Parsed, Problem, Tips } from './parse.ts';
import { parseKnowledgeBase } from './read.ts';

/** The whole knowledge base, parsed. */
export interface KnowledgeBase {
  dir: string;
  lessons: Lesson[];
  lessonsById: Map<string, Lesson>;
  glossaries: { zh?: Glossary; en?: Glossary };
  tips: { zh?: Tips; en?: Tips };
  /** sha256 over every file's path and content: changes whenever the knowledge base does. */
  contentHash: string;
}

/** The knowledge base has problems; `problems` lists them. */
export class KnowledgeBaseError extends Error {
  override name = 'KnowledgeBaseError';
  readonly problems: Problem[];
  constructor(dir: string, problems: Problem[]) {
    const shown = problems.slice(0, 10).map((p) => `  ${p.file}:${p.line}: ${p.message}`);
    const more =
      problems.length > 10 ? `\n  … and ${problems.length - 10} more (run: npx cunbo kb check)` : '';
    super(`the knowledge base in ${dir} has ${problems.length} problem(s):\n${shown.join('\n')}${more}`);
    this.problems = problems;
  }
}

/** Loads the knowledge base, or throws {@link KnowledgeBaseError} listing every problem. */
export async function loadKnowledgeBase(dir: string): Promise<KnowledgeBase> {
  const parsed = await parseKnowledgeBase(dir);
  const problems = checkParsed(parsed).filter((problem) => problem.kind === 'structural');
  if (problems.length > 0) throw new KnowledgeBaseError(dir, problems);
  const lessons = parsed.lessons.map((p) => p.value!).sort((a, b) => a.path.localeCompare(b.path));
  const byLang = <T extends { lang: 'zh' | 'en' }>(items: Parsed<T>[]) => ({
    zh: items.find((i) => i.value?.lang === 'zh')?.value,
    en: items.find((i) => i.value?.lang === 'en')?.value,
  });
  return {
    dir,
    lessons,
    lessonsById: new Map(lessons.map((lesson) => [lesson.id, lesson])),
    glossaries: byLang(parsed.glossaries),
    tips: byLang(parsed.tips),
    contentHash: parsed.contentHash,
  };
}
