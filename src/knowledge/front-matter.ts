/**
 * @module The YAML front matter at the top of a knowledge-base file: split off, parsed with the line of every
 * key, and validated against a zod schema, each bad field a problem on its own line.
 */
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { type Problem, show } from './problem.ts';
import type { FieldIssue } from './schema.ts';
import { parseSimpleMapping } from './simple-yaml.ts';

/** A file split into front matter and body. */
export interface FrontMatter {
  /** The parsed mapping; undefined when it is missing or not valid YAML. */
  data: Record<string, unknown> | undefined;
  /** The file line of each top-level key. */
  keyLines: ReadonlyMap<string, number>;
  /** The Markdown after the front matter (the whole file when there is none). */
  body: string;
  /** The file line the body starts on. */
  bodyLine: number;
  /** False when the front matter never closes, so where the body starts is unknown. */
  closed: boolean;
  problems: Problem[];
}

const delimiter = /^---[ \t]*$/;

/** Splits and parses the front matter of `text` (already normalised); never throws. */
export function readFrontMatter(file: string, text: string): FrontMatter {
  const lines = text.split('\n');
  const problem = (line: number, message: string): Problem => ({
    file,
    line,
    message: `front matter: ${message}`,
  });
  if (!delimiter.test(lines[0] ?? '')) {
    return {
      data: undefined,
      keyLines: new Map(),
      body: text,
      bodyLine: 1,
      closed: true,
      problems: [problem(1, 'missing (the file must start with a "---" line)')],
    };
  }
  const end = lines.findIndex((line, i) => i > 0 && delimiter.test(line));
  if (end === -1) {
    return {
      data: undefined,
      keyLines: new Map(),
      body: '',
      bodyLine: lines.length + 1,
      closed: false,
      problems: [problem(1, 'no closing "---" line')],
    };
  }
  const body = lines.slice(end + 1).join('\n');
  const split = { body, bodyLine: end + 2, closed: true };
  const simple = parseSimpleMapping(lines.slice(1, end).join('\n'), 2);
  if (simple) return { ...simple, ...split, problems: [] };
  const counter = new LineCounter();
  const fileLine = (offset: number) => counter.linePos(offset).line + 1;
  const document = parseDocument(lines.slice(1, end).join('\n'), {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (document.errors.length > 0) {
    return {
      data: undefined,
      keyLines: new Map(),
      ...split,
      problems: document.errors.map((error) =>
        problem(fileLine(error.pos[0]), `not valid YAML: ${error.message.split('\n')[0]}`),
      ),
    };
  }
  if (!isMap(document.contents)) {
    return {
      data: undefined,
      keyLines: new Map(),
      ...split,
      problems: [problem(2, 'expected "key: value" lines')],
    };
  }
  const keyLines = new Map<string, number>();
  for (const pair of document.contents.items) {
    if (isScalar(pair.key) && pair.key.range)
      keyLines.set(String(pair.key.value), fileLine(pair.key.range[0]));
  }
  try {
    return { data: document.toJS() as Record<string, unknown>, keyLines, ...split, problems: [] };
  } catch (error) {
    return { data: undefined, keyLines, ...split, problems: [problem(2, (error as Error).message)] };
  }
}

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i > 0 ? '.' : ''}${String(key)}`))
    .join('');
}

function expectation(issue: Issue): string {
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map(String).join('|')}`;
  return issue.message;
}

/** One problem per bad field, on the line of its key; a missing field is reported on line 1. */
function issueProblems(file: string, front: FrontMatter, issue: Issue): Problem[] {
  const lineOf = (key: PropertyKey | undefined) => front.keyLines.get(String(key)) ?? 1;
  if (issue.code === 'unrecognized_keys' && issue.path.length === 0) {
    return issue.keys.map((key) => ({
      file,
      line: lineOf(key),
      message: `front matter: unknown field "${key}"`,
    }));
  }
  const value = valueAt(front.data, issue.path);
  const detail =
    value === undefined && issue.path.length === 1 ? 'missing' : `${expectation(issue)}, got ${show(value)}`;
  return [
    { file, line: lineOf(issue.path[0]), message: `front matter: ${fieldName(issue.path)}: ${detail}` },
  ];
}

/**
 * Validates the parsed front matter against `schema`, then (when every field is valid) the cross-field rules
 * in `issues`. The value is undefined when the front matter is missing or has problems.
 */
export function validateFrontMatter<T>(
  file: string,
  front: FrontMatter,
  schema: z.ZodType<T>,
  issues: (value: T) => FieldIssue[] = () => [],
): { value: T | undefined; problems: Problem[] } {
  if (front.data === undefined) return { value: undefined, problems: [] };
  // A few dozen small objects: zod's eval-compiled fast path costs more to build than it saves.
  const result = schema.safeParse(front.data, { jitless: true });
  if (!result.success) {
    return {
      value: undefined,
      problems: result.error.issues.flatMap((issue) => issueProblems(file, front, issue)),
    };
  }
  const broken = issues(result.data);
  if (broken.length === 0) return { value: result.data, problems: [] };
  return {
    value: undefined,
    problems: broken.map(({ field, message }) => ({
      file,
      line: front.keyLines.get(field) ?? 1,
      message: `front matter: ${field}: ${message}, got ${show(front.data?.[field])}`,
    })),
  };
}
