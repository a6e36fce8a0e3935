/**
 * @module One language's tips, ready to search: each tip's and each situation title's text features, and how
 * rare each feature is across the tips (a word in every tip says little about which tip is meant).
 */
import type { Tip, TipSituation, Tips } from '../knowledge/parse.ts';
import { termWeight, textFeatures } from './text-features.ts';

/** A situation as the finder hands it out. */
export interface SituationSummary {
  key: string;
  title: string;
}

/** A tip with what searching needs. */
export interface IndexedTip {
  tip: Tip;
  situation: SituationSummary;
  /** Position in the file, for a stable order among equal scores. */
  order: number;
  terms: ReadonlySet<string>;
}

/** A query's terms with their weights. */
export interface WeightedQuery {
  terms: ReadonlyArray<readonly [string, number]>;
  total: number;
}

/** One language's tips, indexed. */
export interface TipIndex {
  situations: readonly TipSituation[];
  tips: readonly IndexedTip[];
  /** Each situation's title, as terms. */
  titleTerms: ReadonlyMap<string, ReadonlySet<string>>;
  /** Weighs a query's terms by kind and rarity (a term no tip has counts as the rarest). */
  weigh(terms: ReadonlySet<string>): WeightedQuery;
  /** The share of the query's weight that `terms` contain, 0-1. */
  cover(query: WeightedQuery, terms: ReadonlySet<string>): number;
}

/** Indexes `tips` (no tips: an empty index). */
export function indexTips(tips: Tips | undefined): TipIndex {
  const situations = tips?.situations ?? [];
  const indexed: IndexedTip[] = [];
  const titleTerms = new Map<string, ReadonlySet<string>>();
  for (const situation of situations) {
    const summary = { key: situation.key, title: situation.title };
    titleTerms.set(
      situation.key,
      textFeatures(`${situation.title} ${situation.key.replace(/-/g, ' ')}`).terms,
    );
    for (const tip of situation.tips) {
      indexed.push({ tip, situation: summary, order: indexed.length, terms: textFeatures(tip.text).terms });
    }
  }
  const documentFrequency = new Map<string, number>();
  for (const { terms } of indexed) {
    for (const term of terms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const rarity = (term: string) =>
    Math.log(1 + indexed.length / Math.max(1, documentFrequency.get(term) ?? 0));
  return {
    situations,
    tips: indexed,
    titleTerms,
    weigh(terms) {
      const weighted = [...terms].map((term) => [term, termWeight(term) * rarity(term)] as const);
      return { terms: weighted, total: weighted.reduce((sum, [, weight]) => sum + weight, 0) };
    },
    cover(query, terms) {
      if (query.total === 0) return 0;
      let covered = 0;
      for (const [term, weight] of query.terms) if (terms.has(term)) covered += weight;
      return covered / query.total;
    },
  };
}
