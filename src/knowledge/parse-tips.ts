/**
 * @module A tips file (`tips.<lang>.md`): `## title (situation-key)`, then one tip per list item.
 * Never throws: what does not fit comes back as problems.
 */
import { readKeyedFile } from './keyed-sections.ts';
import { bulletItem, isIndented, type MarkdownLink } from './markdown.ts';
import type { Problem } from './problem.ts';
import type { Language, ReferenceMeta } from './schema.ts';

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
  const { meta, sections, links, problems } = readKeyedFile(
    path,
    lang,
    text,
    'tips',
    '## title (situation-key)',
  );
  const situations: TipSituation[] = [];
  for (const section of sections) {
    const situation: TipSituation = { key: section.key, title: section.name, line: section.line, tips: [] };
    for (const line of section.lines) {
      if (line.fenced || !line.text.trim()) continue;
      const item = bulletItem(line.text);
      const last = situation.tips.at(-1);
      if (item !== undefined) {
        situation.tips.push({
          id: `${section.key}-${situation.tips.length + 1}`,
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
    tips: meta ? { path, lang, meta, situations } : undefined,
    situations,
    links,
    problems,
  };
}
