/**
 * @module Finding the tip an anchor needs mid-stream, in their own words: by situation, at random, or by a
 * colloquial query ("人都走了", "太贵", "卡了", "viewers leaving"). Offline, deterministic, and fast enough to
 * answer every keystroke of an inline query (no model, no network, well under a millisecond a search).
 *
 * A query scores each tip by three things: how strongly it names the tip's situation (the alias table plus
 * the situations' keys and titles in both languages), how much of it the situation's title covers, and how
 * much of it the tip's own text covers (Chinese character bigrams and characters, stemmed English words,
 * weighted by rarity). Tips below a floor are left out, so an unrelated query finds nothing.
 */
import type { Language } from '../core/turn.ts';
import type { Tip, Tips } from '../knowledge/parse.ts';
import { createAliasMatcher } from './alias-matcher.ts';
import { situationAliases } from './aliases.ts';
import { textFeatures } from './text-features.ts';
import { indexTips, type SituationSummary, type TipIndex } from './tip-index.ts';

export type { SituationSummary } from './tip-index.ts';

/** A tip found by a search. */
export interface TipMatch {
  tip: Tip;
  situation: SituationSummary;
  /** Higher is better; comparable only within one search. */
  score: number;
}

/** Finds tips. Every method answers in the language asked for (the other one when a language has no tips). */
export interface TipFinder {
  /** The situations, in the order of the tips file. */
  situations(lang: Language): SituationSummary[];
  /** The tips of situation `key` (none for an unknown key). */
  forSituation(key: string, lang: Language): Tip[];
  /** Up to `limit` tips matching `query`, best first; none when nothing matches. */
  search(query: string, lang: Language, limit?: number): TipMatch[];
  /**
   * One tip of situation `key`: with `seed`, the tip at `seed` modulo their number (so seeds 0, 1, 2 …
   * rotate through them); without, a random one. `undefined` for an unknown key.
   */
  random(key: string, lang: Language, seed?: number): Tip | undefined;
}

/** How much naming the situation counts against the text matching the tip. */
const aliasWeight = 2;
const titleWeight = 0.75;
/** Below this a tip is not a match (one word of a long query appearing in a tip is not enough). */
const minimumScore = 0.5;

/** Builds a finder over the tips of both languages (e.g. `kb.tips` of the loaded knowledge base). */
export function createTipFinder(tips: Partial<Record<Language, Tips>>): TipFinder {
  const indexes: Record<Language, TipIndex> = {
    zh: indexTips(tips.zh ?? tips.en),
    en: indexTips(tips.en ?? tips.zh),
  };
  const keys = [...new Set([...indexes.zh.situations, ...indexes.en.situations].map((s) => s.key))];
  const aliases = createAliasMatcher(
    keys.map((key) => ({
      key,
      names: [
        ...(situationAliases[key] ?? []),
        ...[indexes.zh, indexes.en].flatMap((index) =>
          index.situations.filter((s) => s.key === key).map((s) => s.title),
        ),
      ],
    })),
  );
  const forSituation = (key: string, lang: Language): Tip[] => [
    ...(indexes[lang].situations.find((s) => s.key === key)?.tips ?? []),
  ];

  return {
    situations: (lang) => indexes[lang].situations.map(({ key, title }) => ({ key, title })),
    forSituation,
    search(query, lang, limit = 10) {
      const features = textFeatures(query);
      if (features.length === 0 || limit <= 0) return [];
      const index = indexes[lang];
      const named = aliases.match(features);
      const weighted = index.weigh(features.terms);
      // Single characters alone ("视") match too much text to count on their own.
      const textScale = [...features.terms].every((term) => term.startsWith('u:')) ? 0.4 : 1;
      const titleCover = new Map(
        [...index.titleTerms].map(([key, terms]) => [key, index.cover(weighted, terms)] as const),
      );
      return index.tips
        .map(({ tip, situation, order, terms }) => ({
          tip,
          situation,
          order,
          score:
            aliasWeight * (named.get(situation.key) ?? 0) +
            titleWeight * (titleCover.get(situation.key) ?? 0) +
            textScale * index.cover(weighted, terms),
        }))
        .filter((match) => match.score >= minimumScore)
        .sort((a, b) => b.score - a.score || a.order - b.order)
        .slice(0, limit)
        .map(({ tip, situation, score }) => ({ tip, situation: { ...situation }, score }));
    },
    random(key, lang, seed) {
      const tips = forSituation(key, lang);
      if (tips.length === 0) return undefined;
      const n = seed === undefined ? Math.floor(Math.random() * tips.length) : Math.trunc(seed);
      return tips[((n % tips.length) + tips.length) % tips.length];
    },
  };
}
