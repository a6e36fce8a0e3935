/**
 * @module A glossary file (`glossary.<lang>.md`): `## term (key)`, an optional `别名：` / `Aliases:` line,
 * then the explanation. Never throws: what does not fit comes back as problems.
 */
import { readFrontMatter, validateFrontMatter } from './front-matter.ts';
import {
  keyedHeading,
  linksIn,
  type MarkdownLink,
  normaliseText,
  sourceLines,
  splitAtHeadings,
  textOf,
} from './markdown.ts';
import type { Problem } from './problem.ts';
import { type Language, type ReferenceMeta, referenceMetaFields, referenceMetaIssues } from './schema.ts';

/** One glossary term; `key` is shared by the two languages. */
export interface GlossaryEntry {
  key: string;
  term: string;
  aliases: string[];
  text: string;
  line: number;
}

/** A glossary with valid front matter. */
export interface Glossary {
  path: string;
  lang: Language;
  meta: ReferenceMeta;
  entries: GlossaryEntry[];
}

/** A glossary file as parsed, valid or not. */
export interface ParsedGlossary {
  path: string;
  lang: Language;
  /** Present when the front matter is valid. */
  glossary: Glossary | undefined;
  /** The entries, even when the front matter is not valid. */
  entries: GlossaryEntry[];
  links: MarkdownLink[];
  problems: Problem[];
}

const aliasLine = /^\s*(?:别名|Aliases)\s*[:：]\s*(.*)$/i;

/** Parses the glossary file `path` (in `lang`, from its name) with content `text`. */
export function parseGlossary(path: string, lang: Language, text: string): ParsedGlossary {
  const front = readFrontMatter(path, normaliseText(text));
  const meta = validateFrontMatter(path, front, referenceMetaFields, (value) =>
    referenceMetaIssues('glossary', value, lang),
  );
  const problems = [...front.problems, ...meta.problems];
  const lines = front.closed ? sourceLines(front.body, front.bodyLine) : [];
  const entries: GlossaryEntry[] = [];
  for (const block of splitAtHeadings(lines).blocks) {
    if (block.level === 1) continue;
    const heading = keyedHeading(block.heading);
    if (block.level !== 2 || !heading) {
      problems.push({
        file: path,
        line: block.line,
        message: `glossary: heading "${'#'.repeat(block.level)} ${block.heading}" should read "## term (key)"`,
      });
      continue;
    }
    const content = block.lines.filter((line) => line.text.trim());
    const aliases = aliasLine.exec(content[0]?.text ?? '');
    const explanation = textOf(aliases ? content.slice(1) : content);
    if (!explanation) {
      problems.push({
        file: path,
        line: block.line,
        message: `glossary entry "${heading.key}": no explanation`,
      });
    }
    entries.push({
      key: heading.key,
      term: heading.name,
      aliases: (aliases?.[1] ?? '')
        .split(/[,，、]/)
        .map((alias) => alias.trim())
        .filter(Boolean),
      text: explanation,
      line: block.line,
    });
  }
  return {
    path,
    lang,
    glossary: meta.value ? { path, lang, meta: meta.value, entries } : undefined,
    entries,
    links: linksIn(lines),
    problems,
  };
}
