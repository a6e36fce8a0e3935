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

/** A member of a group, as looked for in a text. */
interface Term {
  text: string;
  latin: boolean;
  group: number;
}

/** Builds the table from groups of equivalent terms. */
export function createSynonymTable(groups: ReadonlyArray<readonly string[]>): SynonymTable {
  const normalized = groups
    .map((group) => [
      ...new Set(group.map((term) => normalizeText(term).trim()).filter((term) => term.length > 1)),
    ])
    .filter((group) => group.length > 1);
  // Terms by their first character: a text is read once, and at each place only the terms that start with
  // its character are tried.
  const byFirst = new Map<string, Term[]>();
  normalized.forEach((group, index) => {
    for (const text of group) {
      const terms = byFirst.get(text[0]!) ?? [];
      terms.push({ text, latin: latinTerm.test(text), group: index });
      byFirst.set(text[0]!, terms);
    }
  });
  return {
    expand(text, normalizedText) {
      const query = normalizedText ?? normalizeText(text);
      const mentioned = new Set<number>();
      for (let at = 0; at < query.length; at++) {
        for (const term of byFirst.get(query[at]!) ?? []) {
          if (mentioned.has(term.group) || !query.startsWith(term.text, at)) continue;
          if (term.latin && (wordChar(query, at - 1) || wordChar(query, at + term.text.length))) continue;
          mentioned.add(term.group);
        }
      }
      const extra: string[] = [];
      // In glossary order; members the text contains anywhere (even inside a word) add nothing.
      for (const group of [...mentioned].sort((a, b) => a - b)) {
        for (const term of normalized[group]!)
          if (!query.includes(term) && !extra.includes(term)) extra.push(term);
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
