/**
 * @module A farmer's wording → the knowledge base's wording: "抖加" finds DOU+, "抖音小店" finds 抖店.
 *
 * Groups come from the glossary (a term and its aliases); a query that mentions any member is expanded with
 * the others.
 */
import { normalizeText } from './tokenizer.ts';

/** Finds the synonym groups a text mentions. */
export interface SynonymTable {
  /**
   * Members of every group `text` mentions, other than the ones it already contains.
   *
   * @param normalizedText `normalizeText(text)`, when the caller already has it
   */
  expand(text: string, normalizedText?: string): string[];
  /** Every member of every group (for the tokenizer's user dictionary). */
  words(): string[];
}

/** Latin terms match whole words only ("dou" is not in "double"); Chinese ones anywhere. */
const latinTerm = /^[\p{Script=Latin}\d+ .-]+$/u;

function mentions(text: string, term: string): boolean {
  if (!latinTerm.test(term)) return text.includes(term);
  for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
    if (!wordChar(text, at - 1) && !wordChar(text, at + term.length)) return true;
  }
  return false;
}

/** Builds the table from groups of equivalent terms. */
export function createSynonymTable(groups: ReadonlyArray<readonly string[]>): SynonymTable {
  // A few hundred short terms: testing each against a question takes microseconds.
  const normalized = groups
    .map((group) => [
      ...new Set(group.map((term) => normalizeText(term).trim()).filter((term) => term.length > 1)),
    ])
    .filter((group) => group.length > 1);
  return {
    expand(text, normalizedText) {
      const query = normalizedText ?? normalizeText(text);
      const extra: string[] = [];
      for (const group of normalized) {
        if (!group.some((term) => mentions(query, term))) continue;
        // Members the text contains anywhere (even inside a word) add nothing.
        for (const term of group) if (!query.includes(term) && !extra.includes(term)) extra.push(term);
      }
      return extra;
    },
    words: () => normalized.flat(),
  };
}

/** Whether `text` has a-z or 0-9 at `at` (not when `at` is outside it). */
function wordChar(text: string, at: number): boolean {
  return /[a-z0-9]/.test(text.charAt(at));
}
