/**
 * @module The evasion table compiled into one regular expression: homophones and disguises (vx, 威信, 薇信 →
 * 微信) and pinyin, whole or mixed with characters (jiang xue ya, bu肾 → 补肾), found in normalised text.
 */
import { foldText } from './fold.ts';
import type { EvasionTable } from './schema.ts';

/** A compiled evasion table: `find` matches any entry; group `i + 1` matched means "stands for `targets[i]`". */
export interface EvasionMatcher {
  find: RegExp;
  targets: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A spelling as a pattern: Latin at either end must not run on into a longer Latin word. */
function spelling(text: string): string {
  const before = /^[a-z]/.test(text) ? '(?<![a-z])' : '';
  const after = /[a-z]$/.test(text) ? '(?![a-z])' : '';
  return `${before}${escapeRegExp(text)}${after}`;
}

/** Each syllable as its character or its pinyin, an optional space between syllables. */
function pinyinPattern(hanzi: string, pinyin: string): string {
  const chars = [...hanzi];
  const syllables = pinyin.trim().toLowerCase().split(/\s+/);
  const last = syllables.length - 1;
  return syllables
    .map((syllable, i) => {
      const latin = `${i === 0 ? '(?<![a-z])' : ''}${escapeRegExp(syllable)}${i === last ? '(?![a-z])' : ''}`;
      return `(?:${escapeRegExp(chars[i]!)}|${latin})`;
    })
    .join(' ?');
}

/** Thrown when an entry of the evasion table could never match normalised text. */
export class EvasionTableError extends Error {
  override name = 'EvasionTableError';
}

/** Compiles the table; undefined when it is empty. */
export function compileEvasions(table: EvasionTable): EvasionMatcher | undefined {
  const groups: string[] = [];
  const targets: string[] = [];
  for (const { to, from } of table.substitutions) {
    for (const text of from) {
      if (foldText(text) !== text || /\s/.test(text))
        throw new EvasionTableError(
          `substitution for "${to}": "${text}" is not in normalised form (expected "${foldText(text).replace(/\s+/g, '')}")`,
        );
    }
    const sorted = [...from].sort((a, b) => b.length - a.length);
    groups.push(`(${sorted.map(spelling).join('|')})`);
    targets.push(to);
  }
  for (const { hanzi, pinyin } of table.pinyin) {
    groups.push(`(${pinyinPattern(hanzi, pinyin)})`);
    targets.push(hanzi);
  }
  if (groups.length === 0) return undefined;
  return { find: new RegExp(groups.join('|'), 'gu'), targets };
}
