/**
 * @module Checks across lessons: unique ids, every lesson's translation (present, with the same track, order
 * and level), and orders 1..n within each track and language.
 *
 * Ids and orders come from file paths (the front matter must match them, see `schema.ts`), so one lesson's
 * broken front matter does not make its neighbours look wrong. That rule also makes a translation point
 * back: both files' `translation` must be the other's id.
 */
import type { ParsedLesson } from './parse-lesson.ts';
import { type Problem, show } from './problem.ts';

function lineOf(parsed: ParsedLesson, key: string): number {
  return parsed.keyLines.get(key) ?? 1;
}

function checkIds(lessons: readonly ParsedLesson[]): Problem[] {
  const problems: Problem[] = [];
  const owners = new Map<string, string>();
  for (const parsed of lessons) {
    const { id, path } = parsed.location;
    const owner = owners.get(id);
    if (owner)
      problems.push({
        file: path,
        line: lineOf(parsed, 'id'),
        message: `id "${id}" is already used by ${owner}`,
      });
    else owners.set(id, path);
  }
  // A lesson copied without changing its id: the wrong id is reported too; say whose it is.
  for (const parsed of lessons) {
    const declared = parsed.declaredId;
    const owner =
      declared === undefined || declared === parsed.location.id ? undefined : owners.get(declared);
    if (owner) {
      problems.push({
        file: parsed.location.path,
        line: lineOf(parsed, 'id'),
        message: `id "${declared}" is already used by ${owner}`,
      });
    }
  }
  return problems;
}

function checkTranslations(lessons: readonly ParsedLesson[]): Problem[] {
  const problems: Problem[] = [];
  const byPath = new Map(lessons.map((parsed) => [parsed.location.path, parsed]));
  for (const parsed of lessons) {
    const file = parsed.location.path;
    const other = byPath.get(parsed.location.translationPath);
    if (!other) {
      problems.push({
        file,
        line: lineOf(parsed, 'translation'),
        message: `missing translation: ${parsed.location.translationPath} does not exist`,
      });
      continue;
    }
    // Reported once per pair, on the English file (the Chinese lesson is written first).
    const lesson = parsed.lesson;
    if (parsed.location.lang !== 'en' || !lesson || !other.lesson) continue;
    for (const field of ['track', 'order', 'level'] as const) {
      if (lesson.meta[field] === other.lesson.meta[field]) continue;
      problems.push({
        file,
        line: lineOf(parsed, field),
        message: `${field}: ${show(lesson.meta[field])} differs from the translation ${other.location.path} (${show(other.lesson.meta[field])})`,
      });
    }
  }
  return problems;
}

function checkOrders(lessons: readonly ParsedLesson[]): Problem[] {
  const problems: Problem[] = [];
  const groups = new Map<string, ParsedLesson[]>();
  for (const parsed of lessons) {
    const key = `${parsed.location.track} ${parsed.location.lang}`;
    groups.set(key, [...(groups.get(key) ?? []), parsed]);
  }
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.location.order - b.location.order);
    let expected = 1;
    let previous: ParsedLesson | undefined;
    for (const parsed of sorted) {
      const { order, track, lang, path } = parsed.location;
      const at = (message: string) => problems.push({ file: path, line: lineOf(parsed, 'order'), message });
      if (previous?.location.order === order) {
        at(`order: ${order} is also used by ${previous.location.path}`);
      } else if (order > expected) {
        const missing = order - expected === 1 ? `${expected}` : `${expected}-${order - 1}`;
        at(
          `order: no ${lang} lesson in track "${track}" has order ${missing} (orders run 1..n without gaps)`,
        );
      }
      expected = order + 1;
      previous = parsed;
    }
  }
  return problems;
}

/** Problems across lessons. */
export function checkLessonSet(lessons: readonly ParsedLesson[]): Problem[] {
  return [...checkIds(lessons), ...checkTranslations(lessons), ...checkOrders(lessons)];
}
