/**
 * @module The knowledge-base checker: everything `cunbo kb check` reports.
 *
 * Structural problems (front matter, ids, required sections, quizzes) stop the bot from loading the
 * knowledge base; editorial ones (lengths, counts, links, a translation still being written) fail the check
 * and CI but not start-up, so a trainer's work in progress never takes the bot down.
 */
import { dirname, posix } from 'node:path';
import type { Lesson, Problem } from './parse.ts';
import { type ParsedKnowledgeBase, parseKnowledgeBase } from './read.ts';

/** A problem, and whether it stops loading. */
export interface CheckedProblem extends Problem {
  /** `editorial` problems fail `kb check` but not start-up. */
  kind: 'structural' | 'editorial';
}

/** The `##` sections every lesson has, in this order. */
export const requiredSections = {
  zh: ['步骤', '示例：鹿产品', '示例：其他农产品', '常见错误', '任务', '小测验'],
  en: ['Steps', 'Example: deer products', 'Example: other farm products', 'Common mistakes', 'Tasks', 'Quiz'],
} as const;

/** Situation keys the tips must cover, in both languages. */
export const tipSituations = [
  'opening',
  'viewers-leaving',
  'nobody-talking',
  'quiet-room',
  'price-objection',
  'authenticity',
  'health-question',
  'shipping',
  'closing-sale',
  'negative-comment',
  'technical-trouble',
  'compliance-save',
] as const;

/** Limits from the knowledge-base README. */
export const limits = {
  zhChars: [400, 1500],
  enWords: [250, 900],
  tasks: [2, 5],
  quiz: [2, 3],
  tipsPerLanguage: 80,
  tipZhChars: 200,
  tipEnWords: 60,
} as const;

/** Han characters in `text` (what a Chinese reader counts as length). */
export function hanCount(text: string): number {
  return text.match(/\p{Script=Han}/gu)?.length ?? 0;
}

/** English words in `text`, Chinese characters not counted. */
export function wordCount(text: string): number {
  return text.replace(/\p{Script=Han}+/gu, ' ').match(/[A-Za-z0-9][\w'’-]*/g)?.length ?? 0;
}

function lessonProblems(lesson: Lesson, files: ReadonlySet<string>): CheckedProblem[] {
  const problems: CheckedProblem[] = [];
  const at = (line: number, message: string, kind: CheckedProblem['kind'] = 'structural') =>
    problems.push({ file: lesson.path, line, message, kind });
  const { meta } = lesson;
  const expectedId = expectedLessonId(lesson.path);
  if (expectedId && expectedId !== meta.id)
    at(2, `front matter: id: expected "${expectedId}" (from the file name), got "${meta.id}"`);
  if (lesson.path.split('/')[1] !== meta.track)
    at(4, `front matter: track: "${meta.track}" but the file is in lessons/${lesson.path.split('/')[1]}/`);
  const other = meta.lang === 'zh' ? 'en' : 'zh';
  if (meta.translation !== `${meta.id.replace(/-(zh|en)$/, '')}-${other}`) {
    at(
      1,
      `front matter: translation: expected "${meta.id.replace(/-(zh|en)$/, '')}-${other}", got "${meta.translation}"`,
    );
  }

  const headings = lesson.sections.filter((s) => s.level === 2);
  const required = requiredSections[meta.lang];
  let cursor = 0;
  for (const name of required) {
    const index = headings.findIndex((s, i) => i >= cursor && s.heading === name);
    if (index === -1) {
      const elsewhere = headings.find((s) => s.heading === name);
      at(
        elsewhere?.line ?? lesson.bodyLine,
        elsewhere ? `section "## ${name}" is out of order` : `missing section "## ${name}"`,
      );
    } else {
      cursor = index + 1;
    }
  }

  const taskCount = lesson.tasks.length;
  if (taskCount < limits.tasks[0] || taskCount > limits.tasks[1]) {
    const line = lesson.sections.find((s) => s.heading === required[4])?.line ?? lesson.bodyLine;
    at(line, `expected ${limits.tasks[0]}-${limits.tasks[1]} tasks ("- [ ] …"), found ${taskCount}`);
  }
  const quizLine = lesson.sections.find((s) => s.heading === required[5])?.line ?? lesson.bodyLine;
  if (lesson.quiz.length < limits.quiz[0] || lesson.quiz.length > limits.quiz[1]) {
    at(
      quizLine,
      `expected ${limits.quiz[0]}-${limits.quiz[1]} quiz questions ("### 1. …"), found ${lesson.quiz.length}`,
    );
  }
  for (const question of lesson.quiz) {
    if (question.options.length < 2)
      at(question.line, `quiz question ${question.index}: needs at least 2 options ("- A. …")`);
    if (!question.answer)
      at(
        question.line,
        `quiz question ${question.index}: no answer line (${meta.lang === 'zh' ? '答案：X' : 'Answer: X'})`,
      );
    else if (!question.options.some((o) => o.letter === question.answer)) {
      at(
        question.line,
        `quiz question ${question.index}: answer "${question.answer}" is not one of its options`,
      );
    }
    if (!question.explanation)
      at(
        question.line,
        `quiz question ${question.index}: no explanation (${meta.lang === 'zh' ? '解析：' : 'Explanation:'})`,
      );
  }

  if (meta.lang === 'zh') {
    const chars = hanCount(lesson.body);
    if (chars < limits.zhChars[0] || chars > limits.zhChars[1]) {
      at(
        lesson.bodyLine,
        `body has ${chars} Chinese characters; expected ${limits.zhChars[0]}-${limits.zhChars[1]}`,
        'editorial',
      );
    }
  } else {
    const words = wordCount(lesson.body);
    if (words < limits.enWords[0] || words > limits.enWords[1]) {
      at(
        lesson.bodyLine,
        `body has ${words} words; expected ${limits.enWords[0]}-${limits.enWords[1]}`,
        'editorial',
      );
    }
  }
  if (meta.rules_checked) {
    const mentions =
      meta.lang === 'zh' ? /规则中心/.test(lesson.body) : /rules cent(re|er)/i.test(lesson.body);
    if (!mentions) {
      at(
        lesson.bodyLine,
        `has rules_checked but never tells the reader to confirm in the ${meta.lang === 'zh' ? '规则中心' : 'rules centre'}`,
      );
    }
  }
  for (const link of lesson.links) {
    if (/^[a-z]+:/i.test(link.target) || link.target.startsWith('#')) continue;
    const target = posix.normalize(posix.join(dirname(lesson.path), link.target.split('#')[0]!));
    if (!files.has(target))
      at(link.line, `link to "${link.target}" does not resolve to a file in the knowledge base`, 'editorial');
  }
  return problems;
}

/** The id a lesson file must have: `lessons/live/04-lines.zh.md` → `live-lines-zh`. */
export function expectedLessonId(path: string): string | undefined {
  const match = /^lessons\/([a-z]+)\/\d+-([a-z0-9-]+)\.(zh|en)\.md$/.exec(path);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}

/** Every problem of an already parsed knowledge base. */
export function checkParsed(parsed: ParsedKnowledgeBase): CheckedProblem[] {
  const problems: CheckedProblem[] = [];
  const structural = (file: string, line: number, message: string) =>
    problems.push({ file, line, message, kind: 'structural' });
  for (const item of [...parsed.lessons, ...parsed.glossaries, ...parsed.tips]) {
    for (const problem of item.problems) problems.push({ ...problem, kind: 'structural' });
  }
  const lessons = parsed.lessons.flatMap((p) => (p.value ? [p.value] : []));
  for (const file of parsed.files) {
    if (file.startsWith('lessons/') && !expectedLessonId(file))
      structural(file, 1, 'lesson file names must look like lessons/<track>/<NN>-<slug>.<zh|en>.md');
  }

  const byId = new Map<string, Lesson>();
  for (const lesson of lessons) {
    const first = byId.get(lesson.id);
    if (first) structural(lesson.path, 2, `duplicate id "${lesson.id}" (also in ${first.path})`);
    else byId.set(lesson.id, lesson);
    problems.push(...lessonProblems(lesson, parsed.files));
  }
  for (const lesson of lessons) {
    const translation = byId.get(lesson.meta.translation);
    if (!translation) {
      problems.push({
        file: lesson.path,
        line: 1,
        message: `translation "${lesson.meta.translation}" is missing`,
        kind: 'editorial',
      });
      continue;
    }
    if (translation.meta.translation !== lesson.id)
      structural(lesson.path, 1, `translation "${translation.id}" does not point back to "${lesson.id}"`);
    for (const field of ['track', 'order', 'level'] as const) {
      if (translation.meta[field] !== lesson.meta[field] && lesson.meta.lang === 'zh') {
        structural(
          lesson.path,
          1,
          `front matter: ${field}: "${lesson.meta[field]}" here but "${translation.meta[field]}" in ${translation.path}`,
        );
      }
    }
  }
  const orders = new Map<string, Lesson[]>();
  for (const lesson of lessons)
    orders.set(`${lesson.meta.track}/${lesson.meta.lang}`, [
      ...(orders.get(`${lesson.meta.track}/${lesson.meta.lang}`) ?? []),
      lesson,
    ]);
  for (const [track, list] of orders) {
    const sorted = list.map((l) => l.meta.order).sort((a, b) => a - b);
    if (sorted.some((order, i) => order !== i + 1)) {
      structural(
        list[0]!.path,
        5,
        `orders in ${track} must run 1..${list.length} without gaps or repeats; found ${sorted.join(', ')}`,
      );
    }
  }

  const glossaries = parsed.glossaries.flatMap((p) => (p.value ? [p.value] : []));
  for (const glossary of glossaries) {
    const seen = new Set<string>();
    for (const entry of glossary.entries) {
      if (seen.has(entry.key)) structural(glossary.path, entry.line, `duplicate glossary key "${entry.key}"`);
      seen.add(entry.key);
    }
  }
  const [zhGlossary, enGlossary] = (['zh', 'en'] as const).map((lang) =>
    glossaries.find((g) => g.lang === lang),
  );
  if (!zhGlossary || !enGlossary)
    structural('glossary.zh.md', 1, 'glossary.zh.md and glossary.en.md are both required');
  else {
    const enKeys = new Set(enGlossary.entries.map((e) => e.key));
    const zhKeys = new Set(zhGlossary.entries.map((e) => e.key));
    for (const entry of zhGlossary.entries)
      if (!enKeys.has(entry.key))
        structural(zhGlossary.path, entry.line, `glossary key "${entry.key}" has no English entry`);
    for (const entry of enGlossary.entries)
      if (!zhKeys.has(entry.key))
        structural(enGlossary.path, entry.line, `glossary key "${entry.key}" has no Chinese entry`);
  }

  for (const tips of parsed.tips.flatMap((p) => (p.value ? [p.value] : []))) {
    const keys = new Set(tips.situations.map((s) => s.key));
    for (const key of tipSituations)
      if (!keys.has(key)) structural(tips.path, 1, `tips: situation "${key}" is missing`);
    let count = 0;
    for (const situation of tips.situations) {
      if (!(tipSituations as readonly string[]).includes(situation.key))
        structural(tips.path, situation.line, `tips: unknown situation "${situation.key}"`);
      for (const tip of situation.tips) {
        count += 1;
        const tooLong =
          tips.lang === 'zh' ? tip.text.length > limits.tipZhChars : wordCount(tip.text) > limits.tipEnWords;
        if (tooLong)
          problems.push({
            file: tips.path,
            line: tip.line,
            message: 'tip is too long for a quick tip',
            kind: 'editorial',
          });
      }
    }
    if (count < limits.tipsPerLanguage) {
      problems.push({
        file: tips.path,
        line: 1,
        message: `${count} tips; expected at least ${limits.tipsPerLanguage}`,
        kind: 'editorial',
      });
    }
  }
  if (parsed.tips.every((p) => p.value?.lang !== 'zh') || parsed.tips.every((p) => p.value?.lang !== 'en')) {
    structural('tips.zh.md', 1, 'tips.zh.md and tips.en.md are both required');
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** Reads and checks the knowledge base in `dir`; an empty list means it is fine. */
export async function checkKnowledgeBase(dir: string): Promise<CheckedProblem[]> {
  return checkParsed(await parseKnowledgeBase(dir));
}
