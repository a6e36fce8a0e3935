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

const kinds = new Map<string, SectionKind>([
  ['概要', 'overview'],
  ['Overview', 'overview'],
  ['步骤', 'steps'],
  ['Steps', 'steps'],
  ['示例：鹿产品', 'deer-example'],
  ['Example: deer products', 'deer-example'],
  ['示例：其他农产品', 'other-example'],
  ['Example: other farm products', 'other-example'],
  ['常见错误', 'mistakes'],
  ['Common mistakes', 'mistakes'],
  ['任务', 'tasks'],
  ['Tasks', 'tasks'],
]);

/** The kind of a section, by its heading. */
export function sectionKind(heading: string): SectionKind {
  return kinds.get(heading) ?? 'other';
}
