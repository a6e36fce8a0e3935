/**
 * @module What glossary and tips files share: front matter, then `## name (key)` sections. Each section's
 * lines are handed to the caller; headings of another shape come back as problems.
 */
import { readFrontMatter, validateFrontMatter } from './front-matter.ts';
import {
  keyedHeading,
  linksIn,
  type MarkdownLink,
  normaliseText,
  sourceLines,
  splitAtHeadings,
} from './markdown.ts';
import type { Problem } from './problem.ts';
import { type Language, type ReferenceMeta, referenceMetaFields, referenceMetaIssues } from './schema.ts';

/** One `## name (key)` section. */
export interface KeyedSection {
  key: string;
  name: string;
  line: number;
  lines: ReturnType<typeof splitAtHeadings>['blocks'][number]['lines'];
}

/** A reference file (glossary or tips) split into its keyed sections. */
export interface KeyedFile {
  meta: ReferenceMeta | undefined;
  sections: KeyedSection[];
  links: MarkdownLink[];
  problems: Problem[];
}

/**
 * Reads front matter and keyed sections of a `kind` file in `lang`; `expected` describes the heading shape
 * for the problem message (e.g. `## term (key)`).
 */
export function readKeyedFile(
  path: string,
  lang: Language,
  text: string,
  kind: 'glossary' | 'tips',
  expected: string,
): KeyedFile {
  const front = readFrontMatter(path, normaliseText(text));
  const meta = validateFrontMatter(path, front, referenceMetaFields, (value) =>
    referenceMetaIssues(kind, value, lang),
  );
  const problems = [...front.problems, ...meta.problems];
  const lines = front.closed ? sourceLines(front.body, front.bodyLine) : [];
  const sections: KeyedSection[] = [];
  for (const block of splitAtHeadings(lines).blocks) {
    if (block.level === 1) continue;
    const heading = keyedHeading(block.heading);
    if (block.level !== 2 || !heading) {
      problems.push({
        file: path,
        line: block.line,
        message: `${kind}: heading "${'#'.repeat(block.level)} ${block.heading}" should read "${expected}"`,
      });
      continue;
    }
    sections.push({ key: heading.key, name: heading.name, line: block.line, lines: block.lines });
  }
  return { meta: meta.value, sections, links: linksIn(lines), problems };
}
