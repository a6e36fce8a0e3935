/** @module Problems: what the checker reports, where it is. */

/** Something wrong in the knowledge base: `file` is relative to the knowledge directory, `line` is 1-based. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** Orders problems by file, then line, then message. */
export function compareProblems(a: Problem, b: Problem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** A sorted copy of `problems`. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(compareProblems);
}

/** `file:line: message`, with `file` prefixed by `dir` when given. */
export function formatProblem(problem: Problem, dir?: string): string {
  const file = dir ? `${dir.replace(/\/+$/, '')}/${problem.file}` : problem.file;
  return `${file}:${problem.line}: ${problem.message}`;
}

/** A value as a problem message quotes it. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
