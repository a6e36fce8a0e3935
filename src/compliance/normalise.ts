/**
 * @module Normalising text for the checker while remembering where every character came from, so a finding
 * reports the ORIGINAL span. Steps: ❌…❌ regions become a clause break; characters are folded (full-width →
 * half-width, accents removed, lower case); emoji, symbols and invisible characters are dropped; spaces and
 * filler punctuation inserted between characters (加 微.信, V❤我) are removed, while spaces between Latin
 * words shrink to one and a decimal point stays; runs of 7+ numerals spelled in Chinese become digits (phone
 * numbers); finally the evasion table maps homophones and pinyin back to the words they hide.
 */
import type { EvasionMatcher } from './evasions.ts';
import { foldChar } from './fold.ts';
import { quotedRegions } from './quoted.ts';

/** Text as the rules see it, with a map back to the original. */
export interface NormalisedText {
  original: string;
  text: string;
  /** For each UTF-16 unit of `text`, where its source starts in `original`. */
  starts: number[];
  /** For each UTF-16 unit of `text`, where its source ends in `original` (exclusive). */
  ends: number[];
  /** For each UTF-16 unit of `text`, whether the evasion table produced it (vx → 微信). */
  disguised: boolean[];
}

type Kind = 'keep' | 'space' | 'filler' | 'dot';

interface Unit {
  char: string;
  start: number;
  end: number;
  kind: Kind;
}

/** Invisible characters, emoji and symbols: never part of a word, dropped wherever they are. */
const dropped = /[\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{So}\p{Sk}\p{M}\p{Extended_Pictographic}]/u;
/** Punctuation that carries nothing when inserted between characters (quotes, brackets, dashes, stars …). */
const fillers = new Set([...`-_*·•|/\\~^='"‘’“”「」『』【】()[]{}<>《》〈〉`]);
const lineBreak = /[\n\r\u2028\u2029\u0085]/;
const combining = /^\p{M}$/u;
const han = /\p{Script=Han}/u;
const latinOrDigit = /[a-z0-9]/;
const digit = /[0-9]/;

function kindOf(char: string): Kind | 'drop' {
  if (lineBreak.test(char)) return 'keep';
  if (/\s/.test(char)) return 'space';
  if (char === '.') return 'dot';
  if (fillers.has(char)) return 'filler';
  if (dropped.test(char)) return 'drop';
  return 'keep';
}

/** Folded characters with their original ranges; each ❌…❌ region becomes one line break. */
function foldUnits(original: string): Unit[] {
  const units: Unit[] = [];
  const regions = quotedRegions(original);
  let region = 0;
  for (let i = 0; i < original.length; ) {
    const next = regions[region];
    if (next && i === next.start) {
      units.push({ char: '\n', start: next.start, end: next.end, kind: 'keep' });
      i = next.end;
      region += 1;
      continue;
    }
    const char = String.fromCodePoint(original.codePointAt(i)!);
    const end = i + char.length;
    const last = units.at(-1);
    if (combining.test(char) && last && last.end === i) {
      // A keycap or variation selector belongs to the character before it (1️⃣ is one digit).
      last.end = end;
      i = end;
      continue;
    }
    for (const folded of foldChar(char)) {
      const kind = kindOf(folded);
      if (kind !== 'drop') units.push({ char: folded, start: i, end, kind });
    }
    i = end;
  }
  return units;
}

/** What the run of spaces, fillers and dots between `before` and `after` becomes. */
function resolveGap(run: Unit[], before: Unit | undefined, after: Unit | undefined): Unit[] {
  const b = before?.char ?? '';
  const a = after?.char ?? '';
  const dot = run.find((unit) => unit.kind === 'dot');
  const space = run.find((unit) => unit.kind === 'space');
  const wordBefore = latinOrDigit.test(b) || han.test(b);
  const wordAfter = latinOrDigit.test(a) || han.test(a);
  if (dot) {
    // 3.5 stays a number; v.x and 微.信 close up; a full stop before a space ends a sentence.
    if (run.length === 1 && digit.test(b) && digit.test(a)) return [dot];
    if (!space && wordBefore && wordAfter) return [];
    return [dot];
  }
  if (!space) return [];
  if (han.test(b) || han.test(a)) return [];
  if (digit.test(b) && digit.test(a)) return [];
  if (latinOrDigit.test(b) && latinOrDigit.test(a)) return [{ ...space, char: ' ' }];
  return [];
}

/** Removes or shrinks every run of spaces and filler punctuation. */
function closeGaps(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  let run: Unit[] = [];
  for (const unit of units) {
    if (unit.kind !== 'keep') {
      run.push(unit);
      continue;
    }
    if (run.length > 0) out.push(...resolveGap(run, out.at(-1), unit));
    run = [];
    out.push(unit);
  }
  if (run.length > 0) out.push(...resolveGap(run, out.at(-1), undefined));
  return out;
}

const chineseDigits: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  壹: '1',
  幺: '1',
  二: '2',
  贰: '2',
  三: '3',
  叁: '3',
  四: '4',
  肆: '4',
  五: '5',
  伍: '5',
  六: '6',
  陆: '6',
  七: '7',
  柒: '7',
  八: '8',
  捌: '8',
  九: '9',
  玖: '9',
};

/** Runs of 7 or more digits with at least one spelled in Chinese (一三八…) become Arabic digits. */
function spelledDigits(units: Unit[]): void {
  let from = 0;
  while (from < units.length) {
    let to = from;
    let chinese = false;
    while (to < units.length) {
      const char = units[to]!.char;
      if (chineseDigits[char]) chinese = true;
      else if (!digit.test(char)) break;
      to += 1;
    }
    if (chinese && to - from >= 7) {
      for (let i = from; i < to; i += 1) {
        const unit = units[i]!;
        unit.char = chineseDigits[unit.char] ?? unit.char;
      }
    }
    from = Math.max(to, from + 1);
  }
}

/** Normalises `original` for matching (see the module comment). */
export function normalise(original: string, evasions?: EvasionMatcher): NormalisedText {
  const units = closeGaps(foldUnits(original));
  spelledDigits(units);
  const result: NormalisedText = { original, text: '', starts: [], ends: [], disguised: [] };
  let text = '';
  for (const unit of units) text += unit.char;
  const push = (chars: string, start: number, end: number, disguised: boolean) => {
    result.text += chars;
    for (let i = 0; i < chars.length; i += 1) {
      result.starts.push(start);
      result.ends.push(end);
      result.disguised.push(disguised);
    }
  };
  // unitAt[k]: the unit that produced text[k].
  const unitAt: number[] = [];
  units.forEach((unit, i) => {
    for (let k = 0; k < unit.char.length; k += 1) unitAt.push(i);
  });
  let at = 0;
  const copy = (until: number) => {
    for (; at < until; at += 1) {
      const unit = units[unitAt[at]!]!;
      push(text[at]!, unit.start, unit.end, false);
    }
  };
  if (evasions) {
    evasions.find.lastIndex = 0;
    for (const match of text.matchAll(evasions.find)) {
      const group = match.findIndex((value, i) => i > 0 && value !== undefined);
      const target = evasions.targets[group - 1];
      if (target === undefined || target === match[0]) continue;
      copy(match.index);
      const first = units[unitAt[match.index]!]!;
      const last = units[unitAt[match.index + match[0].length - 1]!]!;
      push(target, first.start, last.end, true);
      at = match.index + match[0].length;
    }
  }
  copy(text.length);
  return evasions ? dropSpacesNextToHan(result) : result;
}

/** A substitution can put Chinese next to a space kept between Latin words ("vx 138…" → "微信 138…"). */
function dropSpacesNextToHan(normalised: NormalisedText): NormalisedText {
  const { text } = normalised;
  const keep = (i: number) =>
    text[i] !== ' ' || !(han.test(text[i - 1] ?? '') || han.test(text[i + 1] ?? ''));
  if (!/ /.test(text)) return normalised;
  const out: NormalisedText = {
    original: normalised.original,
    text: '',
    starts: [],
    ends: [],
    disguised: [],
  };
  for (let i = 0; i < text.length; i += 1) {
    if (!keep(i)) continue;
    out.text += text[i];
    out.starts.push(normalised.starts[i]!);
    out.ends.push(normalised.ends[i]!);
    out.disguised.push(normalised.disguised[i]!);
  }
  return out;
}

/** The original range behind normalised `[start, end)`. */
export function originalRange(
  normalised: NormalisedText,
  start: number,
  end: number,
): { start: number; end: number } {
  return { start: normalised.starts[start]!, end: normalised.ends[end - 1]! };
}
