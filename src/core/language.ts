/** @module Which language to answer in. */
import type { Language } from './turn.ts';

const han = /\p{Script=Han}/u;
const latinWord = /[A-Za-z]{2,}/g;

/**
 * The language of `text`: Chinese if it has Han characters (mixed "抖音 DOU+ 怎么投" is Chinese), English if
 * it has Latin words and no Han, otherwise the client's hint, otherwise Chinese (most users write it).
 */
export function detectLanguage(text: string, hint?: string): Language {
  if (han.test(text)) return 'zh';
  if ((text.match(latinWord) ?? []).length > 0) return 'en';
  return languageFromHint(hint);
}

/** Maps a client language code (`zh-hans`, `en-US`, …) to a language Cunbo speaks. */
export function languageFromHint(hint: string | undefined): Language {
  return hint?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
