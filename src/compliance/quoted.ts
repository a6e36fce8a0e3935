/**
 * @module Quoted bad examples: the knowledge base wraps a forbidden phrase it quotes in ❌…❌
 * (knowledge/README.md), and the checker does not flag what is inside. A translation in brackets right after
 * the closing ❌ (`❌"主页有惊喜"❌ ("a surprise on my profile")`) belongs to the quote.
 */

/** A range of UTF-16 offsets, `end` exclusive. */
export interface Range {
  start: number;
  end: number;
}

const mark = '❌';
const closing: Record<string, string> = { '(': ')', '（': '）' };

/** Where the bracketed gloss after `from` ends, or `from` when there is none (it must close on the same line). */
function glossEnd(text: string, from: number): number {
  let at = from;
  while (text[at] === ' ' || text[at] === '\u3000') at += 1;
  const close = closing[text[at] ?? ''];
  if (!close) return from;
  const end = text.indexOf(close, at + 1);
  const lineEnd = text.indexOf('\n', at + 1);
  if (end === -1 || (lineEnd !== -1 && lineEnd < end)) return from;
  return end + 1;
}

/** The ranges of `text` from an opening ❌ to its closing ❌ (both marks included); a lone ❌ opens nothing. */
export function quotedRegions(text: string): Range[] {
  const regions: Range[] = [];
  let open = text.indexOf(mark);
  while (open !== -1) {
    const close = text.indexOf(mark, open + mark.length);
    if (close === -1) break;
    const end = glossEnd(text, close + mark.length);
    regions.push({ start: open, end });
    open = text.indexOf(mark, end);
  }
  return regions;
}
