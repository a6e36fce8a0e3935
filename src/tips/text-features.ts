/**
 * @module Text features for matching tips, with no model and no dictionary: Chinese as character bigrams and
 * single characters, English as crudely stemmed words. Query and tip go through the same functions, so the
 * crudeness cancels out ("leaving", "leave" and "leaves" all become "leav").
 */

const hanRun = /\p{Script=Han}+/gu;
const latinWord = /[a-z0-9]+/g;
const spaceBetweenHan = /(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu;

/** Characters too common to say anything on their own (they still count inside bigrams). */
const stopCharacters = new Set('的了吗吧呢啊呀么嘛我你他她它们是在有就都也和与这那个一怎什吗哪咋'.split(''));

/** Bigrams that carry no topic ("怎么办" asks, it does not say about what). */
const stopBigrams = new Set([
  '怎么',
  '么办',
  '什么',
  '一下',
  '我们',
  '你们',
  '他们',
  '这个',
  '那个',
  '是不',
  '不是',
  '可以',
  '应该',
  '如何',
  '直播',
  '播间',
]);

/** English words that carry no topic. */
const stopWords = new Set(
  (
    'a an the and or but to of in on at for with from by is are was were be been am do does did i me my we our ' +
    'you your he she it its they them their this that these those what how why when where which who so if ' +
    'just very can could should would will shall may might about into than then there here all any some'
  ).split(' '),
);

/** What matching needs to know about a piece of text. */
export interface TextFeatures {
  /** The Chinese of the text, runs joined by `|` (spaces between Han characters removed). */
  han: string;
  /** The stemmed English words but stop words, space-separated with a space at each end (or empty). */
  words: string;
  /** Letters and Han characters counted, for how much of a query an alias covers. */
  length: number;
  /** Topic features: `b:` Han bigrams, `u:` Han characters, `w:` stemmed words (no stop characters or bigrams). */
  terms: ReadonlySet<string>;
}

/** Full-width to half-width, lower case, no spaces between Chinese characters, apostrophes dropped. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(spaceBetweenHan, '').replace(/['’]/g, '');
}

/** A crude English stemmer: one of -ies, -ing, -ed, -es, -s, then a final -e, then a doubled final consonant. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !(suffix === 's' && w.endsWith('ss'))) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** The features of `text`. */
export function textFeatures(text: string): TextFeatures {
  const normal = normaliseText(text);
  const runs = normal.match(hanRun) ?? [];
  const words = (normal.match(latinWord) ?? []).filter((word) => !stopWords.has(word)).map(stem);
  const terms = new Set<string>();
  for (const run of runs) {
    const chars = [...run];
    chars.forEach((char, i) => {
      if (!stopCharacters.has(char)) terms.add(`u:${char}`);
      const next = chars[i + 1];
      if (next !== undefined && !stopBigrams.has(char + next)) terms.add(`b:${char}${next}`);
    });
  }
  for (const word of words) terms.add(`w:${word}`);
  const hanLength = runs.reduce((sum, run) => sum + [...run].length, 0);
  const wordLength = words.reduce((sum, word) => sum + word.length, 0);
  return {
    han: runs.join('|'),
    words: words.length > 0 ? ` ${words.join(' ')} ` : '',
    length: hanLength + wordLength,
    terms,
  };
}

/** How much a term counts before its rarity: a single Han character says less than a bigram or a word. */
export function termWeight(term: string): number {
  return term.startsWith('u:') ? 0.25 : 1;
}
