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
  // Terms by their first character, so a query is scanned once instead of searched for every term: this
  // runs several times per question and was the bot's hottest path (see bench/throughput.ts).
  const byFirst = new Map<string, Array<{ term: string; group: number; latin: boolean }>>();
  for (const [group, terms] of normalized.entries()) {
    for (const term of terms) {
      const list = byFirst.get(term[0]!) ?? [];
      list.push({ term, group, latin: /^[\p{Script=Latin}\d+ .-]+$/u.test(term) });
      byFirst.set(term[0]!, list);
    }
  }
  return {
    expand(text) {
      const query = normalizeText(text);
      const mentioned = new Set<number>();
      for (let at = 0; at < query.length; at++) {
        for (const { term, group, latin } of byFirst.get(query[at]!) ?? []) {
          if (mentioned.has(group) || !query.startsWith(term, at)) continue;
          // Latin terms match whole words only ("dou" is not in "double"); Chinese ones anywhere.
          if (latin && (wordChar(query[at - 1]) || wordChar(query[at + term.length]))) continue;
          mentioned.add(group);
        }
      }
      const extra = new Set<string>();
      for (const group of [...mentioned].sort((a, b) => a - b)) {
        for (const term of normalized[group]!) if (!query.includes(term)) extra.add(term);
      }
      return [...extra];
    },
    words: () => normalized.flat(),
  };
}

function wordChar(char: string | undefined): boolean {
  return char !== undefined && /[a-z0-9]/.test(char);
}
