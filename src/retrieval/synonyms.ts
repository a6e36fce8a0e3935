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
  // Terms by their first two characters (UTF-16 codes; every term has two), so a query is scanned once
  // instead of searched for every term, and each place in it is checked against a few terms at most: this
  // runs for every question and was the bot's hottest path (see bench/throughput.ts).
  const byStart = new Map<number, Map<number, Array<{ term: string; group: number; latin: boolean }>>>();
  for (const [group, terms] of normalized.entries()) {
    for (const term of terms) {
      let second = byStart.get(term.charCodeAt(0));
      if (!second) {
        second = new Map();
        byStart.set(term.charCodeAt(0), second);
      }
      const list = second.get(term.charCodeAt(1)) ?? [];
      list.push({ term, group, latin: /^[\p{Script=Latin}\d+ .-]+$/u.test(term) });
      second.set(term.charCodeAt(1), list);
    }
  }
  return {
    expand(text) {
      const query = normalizeText(text);
      let mentioned: number[] | undefined;
      for (let at = 0; at < query.length; at++) {
        const candidates = byStart.get(query.charCodeAt(at))?.get(query.charCodeAt(at + 1));
        if (!candidates) continue;
        for (let c = 0; c < candidates.length; c++) {
          const { term, group, latin } = candidates[c]!;
          if (mentioned?.includes(group) || !query.startsWith(term, at)) continue;
          // Latin terms match whole words only ("dou" is not in "double"); Chinese ones anywhere.
          if (latin && (wordChar(query, at - 1) || wordChar(query, at + term.length))) continue;
          // Kept in glossary order, which is the order of the expansion.
          mentioned ??= [];
          let place = mentioned.length;
          for (; place > 0 && mentioned[place - 1]! > group; place--)
            mentioned[place] = mentioned[place - 1]!;
          mentioned[place] = group;
        }
      }
      if (!mentioned) return [];
      const extra: string[] = [];
      for (let m = 0; m < mentioned.length; m++) {
        const terms = normalized[mentioned[m]!]!;
        for (let t = 0; t < terms.length; t++) {
          if (!query.includes(terms[t]!) && !extra.includes(terms[t]!)) extra.push(terms[t]!);
        }
      }
      return extra;
    },
    words: () => normalized.flat(),
  };
}

/** Whether `text` has a-z or 0-9 at `at` (not when `at` is outside it). */
function wordChar(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}
