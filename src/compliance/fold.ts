/**
 * @module Folding one character the way the checker compares text: compatibility forms to their plain
 * form (full-width ＶＸ → vx, ① → 1, ：→ :), accents and combining marks removed (jiàng → jiang), lower case.
 */

const combiningMark = /\p{M}/gu;

/** Symbols that stand in for a character in disguised contact details (➕V = +V). */
const lookalikes: Record<string, string> = { '➕': '+', '✚': '+', '➖': '-', '✖': 'x' };

/** The folded form of one code point: possibly empty (a lone combining mark), possibly several characters. */
export function foldChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x80) return char.toLowerCase();
  // CJK Unified Ideographs fold to themselves: the common case, kept fast.
  if (code >= 0x4e00 && code <= 0x9fff) return char;
  const lookalike = lookalikes[char];
  if (lookalike !== undefined) return lookalike;
  return char.normalize('NFKD').replace(combiningMark, '').normalize('NFKC').toLowerCase();
}

/** `text` folded character by character (what a pattern or spelling must already look like). */
export function foldText(text: string): string {
  let out = '';
  for (const char of text) out += foldChar(char);
  return out;
}
