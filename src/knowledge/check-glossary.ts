/** @module Glossary checks: both languages present, keys unique and in both languages, links resolve. */
import { checkLinks } from './check-links.ts';
import type { ParsedGlossary } from './parse-glossary.ts';
import type { Problem } from './problem.ts';
import { type Language, languages, otherLanguage } from './schema.ts';

/** Problems of the glossaries (by language). */
export function checkGlossaries(
  glossaries: Partial<Record<Language, ParsedGlossary>>,
  paths: ReadonlySet<string>,
): Problem[] {
  const problems: Problem[] = [];
  for (const lang of languages) {
    const glossary = glossaries[lang];
    if (!glossary) {
      problems.push({
        file: `glossary.${lang}.md`,
        line: 1,
        message: 'missing: the knowledge base needs glossary.zh.md and glossary.en.md',
      });
      continue;
    }
    const first = new Map<string, number>();
    for (const entry of glossary.entries) {
      const earlier = first.get(entry.key);
      if (earlier !== undefined) {
        problems.push({
          file: glossary.path,
          line: entry.line,
          message: `glossary key "${entry.key}" is used twice (first at line ${earlier})`,
        });
      } else first.set(entry.key, entry.line);
    }
    const other = glossaries[otherLanguage(lang)];
    if (other) {
      const otherKeys = new Set(other.entries.map((entry) => entry.key));
      for (const [key, line] of first) {
        if (!otherKeys.has(key)) {
          problems.push({
            file: glossary.path,
            line,
            message: `glossary key "${key}" has no entry in ${other.path}`,
          });
        }
      }
    }
    problems.push(...checkLinks(glossary.path, glossary.links, paths));
  }
  return problems;
}
