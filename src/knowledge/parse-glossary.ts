/**
 * @module A glossary file (`glossary.<lang>.md`): `## term (key)`, an optional `别名：` / `Aliases:` line,
 * then the explanation. Never throws: what does not fit comes back as problems.
 */
import { readKeyedFile } from './keyed-sections.ts';
import { type MarkdownLink, textOf } from './markdown.ts';
import type { Problem } from './problem.ts';
import type { Language, ReferenceMeta } from './schema.ts';

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
  const { meta, sections, links, problems } = readKeyedFile(path, lang, text, 'glossary', '## term (key)');
  const entries: GlossaryEntry[] = [];
  for (const section of sections) {
    const content = section.lines.filter((line) => line.text.trim());
    const aliases = aliasLine.exec(content[0]?.text ?? '');
    const explanation = textOf(aliases ? content.slice(1) : content);
    if (!explanation) {
      problems.push({
        file: path,
        line: section.line,
        message: `glossary entry "${section.key}": no explanation`,
      });
    }
    entries.push({
      key: section.key,
      term: section.name,
      aliases: (aliases?.[1] ?? '')
        .split(/[,，、]/)
        .map((alias) => alias.trim())
        .filter(Boolean),
      text: explanation,
      line: section.line,
    });
  }
  return { path, lang, glossary: meta ? { path, lang, meta, entries } : undefined, entries, links, problems };
}
