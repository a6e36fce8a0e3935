/**
 * @module Checks of one lesson on its own: required sections in order, tasks, quiz, length, where to confirm
 * rules, and links.
 */
import { checkLinks } from './check-links.ts';
import { labels, limits, requiredSections, rulesCentre, sectionHeadings } from './format.ts';
import type { LessonSection, ParsedLesson } from './parse-lesson.ts';
import type { Problem } from './problem.ts';
import type { Language } from './schema.ts';
import { lengthUnit, lessonLength } from './text-length.ts';

const number = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** Headings compared loosely: `示例: 鹿产品` is a near miss of `示例：鹿产品`. */
function loose(heading: string): string {
  return heading.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function checkSections(
  file: string,
  lang: Language,
  sections: readonly LessonSection[],
  bodyLine: number,
): Problem[] {
  const problems: Problem[] = [];
  const at = (line: number, message: string) => problems.push({ file, line, message });
  const required = requiredSections(lang);
  const named = (i: number) => `"## ${required[i]}"`;
  const found = new Map<number, LessonSection>();
  const extras: LessonSection[] = [];
  for (const section of sections.filter((s) => s.level <= 2)) {
    let index = section.level === 2 ? required.indexOf(section.heading) : -1;
    if (index === -1) {
      index = required.findIndex((name) => loose(name) === loose(section.heading));
      if (index !== -1) {
        at(
          section.line,
          `heading "${'#'.repeat(section.level)} ${section.heading}" should be exactly ${named(index)}`,
        );
      }
    }
    if (index === -1) extras.push(section);
    else if (found.has(index))
      at(section.line, `section ${named(index)} appears twice (first at line ${found.get(index)!.line})`);
    else found.set(index, section);
  }
  let last = -1;
  for (const [index, section] of [...found].sort((a, b) => a[1].line - b[1].line)) {
    if (index < last)
      at(section.line, `section ${named(index)} is out of order: it belongs before ${named(last)}`);
    else last = index;
  }
  for (const [index] of required.entries()) {
    if (found.has(index)) continue;
    const previous = [...found].filter(([i]) => i < index).sort((a, b) => b[0] - a[0])[0];
    at(
      previous?.[1].line ?? bodyLine,
      `missing section ${named(index)} (${previous ? `expected after ${named(previous[0])}` : 'expected first'})`,
    );
  }
  const steps = found.get(0)?.line ?? Number.POSITIVE_INFINITY;
  const mistakes = found.get(3)?.line ?? Number.NEGATIVE_INFINITY;
  for (const section of extras) {
    if (section.level === 1) {
      at(
        section.line,
        `heading "# ${section.heading}": sections are "##" (the title is in the front matter)`,
      );
    } else if (!(section.line > steps && section.line < mistakes)) {
      at(
        section.line,
        `section "## ${section.heading}" is not allowed here: extra sections go between ${named(0)} and ${named(3)}`,
      );
    }
  }
  return problems;
}

function checkQuiz(parsed: ParsedLesson, lang: Language): Problem[] {
  const problems: Problem[] = [];
  const file = parsed.location.path;
  const at = (line: number, message: string) => problems.push({ file, line, message });
  const content = parsed.content!;
  const heading = content.sections.find((s) => s.level === 2 && s.heading === sectionHeadings[lang].quiz);
  if (!heading) return problems;
  const { min, max } = limits.quizQuestions;
  if (content.quiz.length < min || content.quiz.length > max) {
    at(heading.line, `quiz: expected ${min}-${max} questions ("### 1. …"), found ${content.quiz.length}`);
  }
  const colon = lang === 'zh' ? '：' : ': ';
  for (const [position, question] of content.quiz.entries()) {
    const name = `quiz question ${question.index}`;
    if (question.index !== position + 1)
      at(question.line, `${name}: numbered ${question.index}, expected ${position + 1}`);
    const letters = question.options.map((option) => option.letter);
    if (letters.length < limits.quizOptions) {
      at(
        question.line,
        `${name}: expected at least ${limits.quizOptions} options ("- A. …"), found ${letters.length}`,
      );
    } else if (letters.some((letter, i) => letter !== String.fromCharCode(65 + i))) {
      at(
        question.line,
        `${name}: options should be lettered A, B, C… in order (found ${letters.join(', ')})`,
      );
    }
    if (!question.answer)
      at(question.line, `${name}: missing the answer line "${labels.answer[lang]}${colon}X"`);
    else if (!letters.includes(question.answer)) {
      at(
        question.line,
        `${name}: answer "${question.answer}" is not one of the options (${letters.join(', ')})`,
      );
    }
    if (!question.explanation) {
      at(question.line, `${name}: missing the explanation "${labels.explanation[lang]}${colon}…"`);
    }
  }
  return problems;
}

/** Problems of one lesson on its own (cross-lesson checks are in `check-lesson-set.ts`). */
export function checkLesson(parsed: ParsedLesson, paths: ReadonlySet<string>): Problem[] {
  const content = parsed.content;
  if (!content) return [];
  const file = parsed.location.path;
  const lang = parsed.location.lang;
  const problems = checkSections(file, lang, content.sections, parsed.bodyLine);
  const at = (line: number, message: string) => problems.push({ file, line, message });

  const tasksHeading = content.sections.find(
    (s) => s.level === 2 && s.heading === sectionHeadings[lang].tasks,
  );
  const { min, max } = limits.tasks;
  if (tasksHeading && (content.tasks.length < min || content.tasks.length > max)) {
    at(
      tasksHeading.line,
      `tasks: expected ${min}-${max} checklist items ("- [ ] …"), found ${content.tasks.length}`,
    );
  }
  for (const task of content.tasks) if (!task.text) at(task.line, `tasks: task ${task.index} is empty`);
  problems.push(...checkQuiz(parsed, lang));

  const length = lessonLength(lang, content.body);
  const range = limits.body[lang];
  if (length < range.min || length > range.max) {
    at(1, `body: ${number(length)} ${lengthUnit[lang]}, expected ${number(range.min)}-${number(range.max)}`);
  }
  if (parsed.meta?.rules_checked && !rulesCentre[lang].pattern.test(content.body)) {
    at(
      parsed.keyLines.get('rules_checked') ?? 1,
      `rules_checked is set, so the body must tell the reader to confirm in the ${rulesCentre[lang].name}`,
    );
  }
  problems.push(...checkLinks(file, content.links, paths));
  return problems;
}
