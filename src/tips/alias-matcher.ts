/**
 * @module Which situations a query names: each situation's aliases, key and titles (in every language),
 * matched against the query as whole phrases, or as a prefix while the user is still typing ("留" → "留人").
 */
import { type TextFeatures, textFeatures } from './text-features.ts';

/** A situation's names, from the alias table and the tips files. */
export interface SituationNames {
  key: string;
  /** Aliases, titles in every language; the key is added. */
  names: readonly string[];
}

/** Matches queries against situation names. */
export interface AliasMatcher {
  /** How strongly `query` names each situation it names, 0-1 (situations it does not name are absent). */
  match(query: TextFeatures): Map<string, number>;
}

interface CompiledName {
  key: string;
  han: string;
  words: string;
  length: number;
}

/** A whole name in the query: stronger the more of the query it covers. */
function containedStrength(name: CompiledName, query: TextFeatures): number {
  if (name.han && !query.han.includes(name.han)) return 0;
  if (name.words && !query.words.includes(name.words)) return 0;
  return 0.6 + 0.4 * Math.min(1, name.length / query.length);
}

/** The query is the start of a name (someone typing inline): weaker, and only for a query of one kind. */
function prefixStrength(name: CompiledName, query: TextFeatures): number {
  if (query.length >= name.length) return 0;
  const hanPrefix = !query.words && !name.words && !query.han.includes('|') && name.han.startsWith(query.han);
  const wordPrefix =
    !query.han && !name.han && query.length >= 3 && name.words.startsWith(query.words.trimEnd());
  return hanPrefix || wordPrefix ? 0.3 + 0.3 * (query.length / name.length) : 0;
}

/** Compiles the names of every situation. */
export function createAliasMatcher(situations: readonly SituationNames[]): AliasMatcher {
  const compiled: CompiledName[] = [];
  for (const { key, names } of situations) {
    for (const name of [...names, key.replace(/-/g, ' ')]) {
      const features = textFeatures(name);
      if (features.length === 0 || features.han.includes('|')) continue;
      compiled.push({ key, han: features.han, words: features.words, length: features.length });
    }
  }
  return {
    match(query) {
      const strengths = new Map<string, number>();
      if (query.length === 0) return strengths;
      for (const name of compiled) {
        const strength = Math.max(containedStrength(name, query), prefixStrength(name, query));
        if (strength > (strengths.get(name.key) ?? 0)) strengths.set(name.key, strength);
      }
      return strengths;
    },
  };
}
