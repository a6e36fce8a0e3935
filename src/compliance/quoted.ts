/**
 * @module Quoted bad examples: the knowledge base wraps a forbidden phrase it quotes in ❌…❌
 * (knowledge/README.md), and the checker does not flag what is inside.
 */

/** A range of UTF-16 offsets, `end` exclusive. */
export interface Range {
  start: number;
  end: number;
}

const mark = '❌';

/** The ranges of `text` from an opening ❌ to its closing ❌ (both marks included); a lone ❌ opens nothing. */
export function quotedRegions(text: string): Range[] {
  const regions: Range[] = [];
  let open = text.indexOf(mark);
  while (open !== -1) {
    const close = text.indexOf(mark, open + mark.length);
    if (close === -1) break;
    regions.push({ start: open, end: close + mark.length });
    open = text.indexOf(mark, close + mark.length);
  }
  return regions;
}
