/**
 * @module A farmer's wording → the knowledge base's wording: "抖加" finds DOU+, "抖音小店" finds 抖店.
 *
 * Groups come from the glossary (a term and its aliases); a query that mentions any member is expanded with
 * the others.
 */
import { normalizeText } from './tokenizer.ts';

/** Finds the synonym groups a text mentions. */
export interface SynonymTable {
  /** Members of every group `text` mentions, other than the ones it already contains. */
  expand(text: string): string[];
  /** Every member of every group (for the tokenizer's user dictionary). */
  words(): string[];
}

/** Builds the table from groups of equivalent terms. */
export function createSynonymTable(groups: ReadonlyArray<readonly string[]>): SynonymTable {
  const normalized = groups
    .map((group) => [
      ...new Set(group.map((term) => normalizeText(term).trim()).filter((term) => term.length > 1)),
    ])
    .filter((group) => group.length > 1);
  const mentions = (text: string, term: string) =>
    /^[\p{Script=Latin}\d+ .-]+$/u.test(term)
      ? new RegExp(`(^|[^a-z0-9])${escapeRegExp(term)}($|[^a-z0-9])`).test(text)
      : text.includes(term);
  return {
    expand(text) {
      const query = normalizeText(text);
      const extra = new Set<string>();
      for (const group of normalized) {
        if (!group.some((term) => mentions(query, term))) continue;
        for (const term of group) if (!query.includes(term)) extra.add(term);
      }
      return [...extra];
    },
    words: () => normalized.flat(),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
