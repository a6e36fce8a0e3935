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
  const byStart = new Map<number, Map<number, Candidates>>();
  // A bit per hash of two UTF-16 codes: set for the first two of every term. Nearly every place in a
  // question starts no term, and this says so without a Map look-up.
  const starts = new Uint32Array(pairBits / 32);
  // Every term numbered, group after group: where each group's first term is.
  const firstEntry: number[] = [];
  let entries = 0;
  for (const [group, terms] of normalized.entries()) {
    firstEntry[group] = entries;
    for (const term of terms) {
      const entry = entries++;
      const bit = pairHash(term.charCodeAt(0), term.charCodeAt(1));
      starts[bit >>> 5]! |= 1 << (bit & 31);
      let second = byStart.get(term.charCodeAt(0));
      if (!second) {
        second = new Map();
        byStart.set(term.charCodeAt(0), second);
      }
      const candidates = second.get(term.charCodeAt(1)) ?? { thirds: [], terms: [] };
      candidates.thirds.push(term.length > 2 ? term.charCodeAt(2) : -1);
      candidates.terms.push({ term, entry, group, latin: /^[\p{Script=Latin}\d+ .-]+$/u.test(term) });
      second.set(term.charCodeAt(1), candidates);
    }
  }
  // Which terms the text being expanded contains, noted as it is scanned (the scan meets every place a term
  // starts, so this is what searching the text for each term said, at no extra cost), and the entries
  // noted, to clear them again. One text is expanded at a time.
  const contains = new Uint8Array(entries);
  const noted = new Int32Array(entries);
  return {
    expand(text, normalizedText) {
      const query = normalizedText ?? normalizeText(text);
      let mentioned: number[] | undefined;
      let notedCount = 0;
      try {
        for (let at = 0; at < query.length; at++) {
          const first = query.charCodeAt(at);
          const second = query.charCodeAt(at + 1);
          const bit = pairHash(first, second);
          if ((starts[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
          const candidates = byStart.get(first)?.get(second);
          if (!candidates) continue;
          const { thirds, terms } = candidates;
          const third = query.charCodeAt(at + 2);
          for (let c = 0; c < thirds.length; c++) {
            if (thirds[c] !== -1 && thirds[c] !== third) continue;
            const { term, entry, group, latin } = terms[c]!;
            if (!query.startsWith(term, at)) continue;
            if (contains[entry] === 0) {
              contains[entry] = 1;
              noted[notedCount++] = entry;
            }
            if (mentioned?.includes(group)) continue;
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
          const base = firstEntry[mentioned[m]!]!;
          for (let t = 0; t < terms.length; t++) {
            if (contains[base + t] === 0 && !extra.includes(terms[t]!)) extra.push(terms[t]!);
          }
        }
        return extra;
      } finally {
        for (let n = 0; n < notedCount; n++) contains[noted[n]!] = 0;
      }
    },
    words: () => normalized.flat(),
  };
}

/**
 * The terms that start with one pair of UTF-16 codes. Many share their first two characters (直播…): their
 * third codes side by side (-1 for a term of two) rule most of them out without reading the terms.
 */
interface Candidates {
  thirds: number[];
  /** Each term, with its number (see `firstEntry`) and group, and whether it is written in Latin letters. */
  terms: Array<{ term: string; entry: number; group: number; latin: boolean }>;
}

/** Size of the table of term starts (see {@link pairHash}). */
const pairBits = 1 << 16;

/** A bit for two UTF-16 codes (past the end of a text the second is NaN, which counts as 0). */
function pairHash(first: number, second: number): number {
  return Math.imul((first << 16) ^ second, 0x9e3779b1) >>> 16;
}

/** Whether `text` has a-z or 0-9 at `at` (not when `at` is outside it). */
function wordChar(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}
