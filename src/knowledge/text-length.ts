/** @module How long a text is: Han characters for Chinese, words for English (README length limits). */
import type { Language } from './schema.ts';

/** Han characters in `text`: what a Chinese reader counts (punctuation, Latin letters and digits are not). */
export function countHan(text: string): number {
  const han = text.replace(/[^\p{Script=Han}]+/gu, '');
  // Characters outside the Basic Multilingual Plane are two UTF-16 units: count them once.
  return han.length - (han.match(/[\uDC00-\uDFFF]/g)?.length ?? 0);
}

/**
 * A word: a run of non-spaces with a letter or digit in it. Letters and digits are those of the scripts the
 * knowledge base is written in (a cheap stand-in for \p{L}\p{N}, which is several times slower here).
 */
const word =
  /\S*?[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]\S*/g;

/** Words in `text`, as a word processor counts them: whitespace-separated runs with a letter or digit. */
export function countWords(text: string): number {
  return text.match(word)?.length ?? 0;
}

/** Markdown without link targets and list, checklist, heading and quiz-option markers. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/(!?)\[([^\]]*)\]\([^)]*\)/g, '$2')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+(?:\[[ xX]\][ \t]+|[A-Z][.．][ \t]+)?/gm, '');
}

/** The unit the README measures a `lang` text in. */
export const lengthUnit = { zh: 'Chinese characters', en: 'words' } as const satisfies Record<
  Language,
  string
>;

/** The length of a lesson body in its language's unit (Markdown syntax is never counted). */
export function lessonLength(lang: Language, markdown: string): number {
  // Markdown syntax has no Han characters, so Chinese needs no stripping.
  return lang === 'zh' ? countHan(markdown) : countWords(plainText(markdown));
}
