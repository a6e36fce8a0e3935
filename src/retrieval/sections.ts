/** @module The kinds of lesson section, by their fixed headings (knowledge/README.md), in both languages. */

/** What a section of a lesson is for. */
export type SectionKind =
  | 'overview'
  | 'steps'
  | 'deer-example'
  | 'other-example'
  | 'mistakes'
  | 'tasks'
  | 'other';

const kinds: Array<[RegExp, SectionKind]> = [
  [/^(概要|Overview)$/, 'overview'],
  [/^(步骤|Steps)$/, 'steps'],
  [/^(示例：鹿产品|Example: deer products)$/, 'deer-example'],
  [/^(示例：其他农产品|Example: other farm products)$/, 'other-example'],
  [/^(常见错误|Common mistakes)$/, 'mistakes'],
  [/^(任务|Tasks)$/, 'tasks'],
];

/** The kind of a section, by its heading. */
export function sectionKind(heading: string): SectionKind {
  return kinds.find(([pattern]) => pattern.test(heading))?.[1] ?? 'other';
}
