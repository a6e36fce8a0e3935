/**
 * @module A tips file (`tips.<lang>.md`): `## title (situation-key)`, then one tip per list item.
 * Never throws: what does not fit comes back as problems.
 */
import { readFrontMatter, validateFrontMatter } from './front-matter.ts';
import {
  bulletItem,
  isIndented,
  keyedHeading,
  linksIn,
  type MarkdownLink,
  normaliseText,
  sourceLines,
  splitAtHeadings,
} from './markdown.ts';
import type { Problem } from './problem.ts';
import { type Language, type ReferenceMeta, referenceMetaFields, referenceMetaIssues } from './schema.ts';

/** One tip; `id` is `<situation key>-<n>`, n counting from 1. */
export interface Tip {
  id: string;
  text: string;
  line: number;
}

/** The tips for one situation. */
export interface TipSituation {
  key: string;
  title: string;
  line: number;
  tips: Tip[];
}

/** Tips with valid front matter. */
export interface Tips {
  path: string;
  lang: Language;
  meta: ReferenceMeta;
  situations: TipSituation[];
}

/** A tips file as parsed, valid or not. */
export interface ParsedTips {
  path: string;
  lang: Language;
  /** Present when the front matter is valid. */
  tips: Tips | undefined;
  /** The situations, even when the front matter is not valid. */
  situations: TipSituation[];
  links: MarkdownLink[];
  problems: Problem[];
}

/** Parses the tips file `path` (in `lang`, from its name) with content `text`. */
export function parseTips(path: string, lang: Language, text: string): ParsedTips {
  const front = readFrontMatter(path, normaliseText(text));
  const meta = validateFrontMatter(path, front, referenceMetaFields, (value) =>
    referenceMetaIssues('tips', value, lang),
  );
  const problems = [...front.problems, ...meta.problems];
  const lines = front.closed ? sourceLines(front.body, front.bodyLine) : [];
  const situations: TipSituation[] = [];
  for (const block of splitAtHeadings(lines).blocks) {
    if (block.level === 1) continue;
    const heading = keyedHeading(block.heading);
    if (block.level !== 2 || !heading) {
      problems.push({
        file: path,
        line: block.line,
        message: `tips: heading "${'#'.repeat(block.level)} ${block.heading}" should read "## title (situation-key)"`,
      });
      continue;
    }
    const situation: TipSituation = { key: heading.key, title: heading.name, line: block.line, tips: [] };
    for (const line of block.lines) {
      if (line.fenced || !line.text.trim()) continue;
      const item = bulletItem(line.text);
      const last = situation.tips.at(-1);
      if (item !== undefined) {
        situation.tips.push({
          id: `${heading.key}-${situation.tips.length + 1}`,
          text: item,
          line: line.line,
        });
      } else if (last && isIndented(line.text)) {
        last.text = `${last.text} ${line.text.trim()}`;
      } else {
        problems.push({ file: path, line: line.line, message: 'tips: expected one tip per list item "- …"' });
      }
    }
    situations.push(situation);
  }
  return {
    path,
    lang,
    tips: meta.value ? { path, lang, meta: meta.value, situations } : undefined,
    situations,
    links: linksIn(lines),
    problems,
  };
}
