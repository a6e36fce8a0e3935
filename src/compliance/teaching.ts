/**
 * @module Lines that teach a rule rather than break it: a phrase in a clause that says NOT to say it
 * ("别说'降血压'", 不能说"第一", "never say 'the best'", "风水宝地不敢说") or that denies it ("不是什么独家秘方")
 * is not a violation. Quote marks are not required: "平台规定不能说最好、第一这些词" teaches the rule as much as
 * 不能说"最好" does, and a seller reading Cunbo's advice needs the word named (the knowledge base marks such
 * words ❌…❌, which the normaliser already blanks out). The clause is the unit: "这是最好的鹿肉，别说我没告诉你"
 * still flags 最好, since the negated verb is in another clause.
 *
 * Runs on normalised text (see normalise.ts): quotes, brackets and spaces between Chinese characters are gone,
 * "don't" is "dont", full-width punctuation is half-width.
 */
import { clauseEnd } from './compile.ts';

/** A range of normalised text, `end` exclusive. */
export interface TeachingRange {
  start: number;
  end: number;
}

/** A range and where the words that make it teaching end (a wink must come after them). */
interface Found extends TeachingRange {
  after: number;
}

// 不能说, 别说, 千万别写, 不要在标题里写, 不敢说, 别往标题里写, 禁止宣传 … but not 不用说 / 不必说 ("needless to say").
const zhNegatedSaying = new RegExp(
  '(?:不(?:能|要|可以|可|许|准|该|应该|应|敢|得|宜)|千万别|千万不要|千万不能|别|勿|禁止|严禁|切忌|切勿|避免)' +
    `(?:再|乱|随便|直接)?(?:(?:在|往|跟|对|给|向)[^${clauseEnd}]{1,10}?)?` +
    '(?:说|讲|喊|写|用|提|标|打|宣传|宣称|称|叫|口播|报|承诺|挂)',
  'gu',
);
// A denial: "不是什么独家秘方", "并不是老字号" (not 不是吹 / 不是我说, which introduce a claim).
const zhDenial = /(?:并|也|都)?不是(?:什么|啥)?(?!吹|我说|说|就是)/gu;
// don't say, never write, do not use, avoid saying, must not claim …
const enNegatedSaying =
  /\b(?:dont|do not|never|not|cant|cannot|must not|mustnt|shouldnt|should not|wont|avoid|stop)\b (?:ever |even |again |to )?(?:say|write|use|call|claim|mention|advertise|promise|put|post|shout|print|label|saying|writing|using|calling|claiming|mentioning|putting|shouting|printing|labelling|labeling)\b/gu;

const clauseBoundary = new RegExp(`[${clauseEnd}]`, 'u');

/** The clause of `text` around `[start, end)`: from the clause break before to the one after. */
function clauseAround(text: string, start: number, end: number): TeachingRange {
  let from = start;
  while (from > 0 && !clauseBoundary.test(text[from - 1] ?? '')) from -= 1;
  let to = end;
  while (to < text.length && !clauseBoundary.test(text[to] ?? '')) to += 1;
  return { start: from, end: to };
}

/**
 * A wink ("咱不能说治疗，这个你懂的") turns the negation before it, in the same sentence, into the claim it
 * pretends to avoid.
 */
const wink = /你懂的|懂的都懂|都懂的|你们懂|大家都懂|心照不宣|不说你也知道|you know what i mean|wink/gu;
const sentenceEnd = /[。!?\n]/u;

/** Whether a wink follows `range` before its sentence ends. */
function winked(text: string, range: Found): boolean {
  wink.lastIndex = 0;
  for (const match of text.matchAll(wink)) {
    if (match.index < range.after) continue;
    const between = text.slice(range.end, match.index);
    if (!sentenceEnd.test(between)) return true;
  }
  return false;
}

/** The stretches of normalised `text` whose phrases teach a rule rather than break it. */
export function teachingRanges(text: string): TeachingRange[] {
  const ranges: Found[] = [];
  for (const regexp of [zhNegatedSaying, enNegatedSaying]) {
    regexp.lastIndex = 0;
    for (const match of text.matchAll(regexp)) {
      // English clauses break at a full stop; a decimal point never follows a verb of saying.
      const after = match.index + match[0].length;
      ranges.push({ ...clauseAround(text, match.index, after), after });
    }
  }
  zhDenial.lastIndex = 0;
  for (const match of text.matchAll(zhDenial)) {
    const { end } = clauseAround(text, match.index, match.index + match[0].length);
    ranges.push({ start: match.index + match[0].length, end, after: match.index + match[0].length });
  }
  return ranges.filter((range) => !winked(text, range)).map(({ start, end }) => ({ start, end }));
}

/** Whether `[start, end)` lies inside one of `ranges`. */
export function insideTeaching(ranges: readonly TeachingRange[], start: number, end: number): boolean {
  return ranges.some((range) => range.start <= start && end <= range.end);
}
