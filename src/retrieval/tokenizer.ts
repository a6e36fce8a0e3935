/**
 * @module Tokenizing Chinese and English for BM25.
 *
 * Chinese: jieba in search mode (HMM on) with a user dictionary of platform words, plus overlapping
 * character bigrams as a second field that catches words the dictionary lacks or a voice typo splits.
 * English: lowercase words with a light suffix strip. Full-width characters are folded first (NFKC).
 */
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { Converter } from 'opencc-js';

const require = createRequire(import.meta.url);

/**
 * Turns text into index terms.
 *
 * Methods that take `normalized` accept `normalizeText(text)` from a caller that already has it (a
 * question is normalised once, not once per reader); without it they work it out.
 */
export interface Tokenizer {
  /** Words: jieba tokens for Chinese, stemmed words for English; stopwords removed. */
  words(text: string): string[];
  /**
   * {@link Tokenizer.words} without the copy: the array the tokenizer remembers, which is shared and must
   * not be changed. For the hot paths that only read words (every question reads dozens of arrays).
   */
  sharedWords(text: string, normalized?: string): readonly string[];
  /** Overlapping Han-character bigrams (single Han characters stand alone). */
  bigrams(text: string, normalized?: string): string[];
  /**
   * Whether a Chinese word is common in everyday Chinese (jieba's general dictionary counts it often): 媳妇,
   * 精力, 设备 are; 发票, 运费险, 保证金 are not. A question's everyday words say less about its topic.
   */
  everyday(word: string): boolean;
}

/** How often jieba's general dictionary must count a word for it to be an everyday word. */
const everydayFrequency = 300;

/** The words of jieba's dictionary ("word frequency tag" lines) counted at least `everydayFrequency` times. */
function everydayWords(dict: Uint8Array): Set<string> {
  const words = new Set<string>();
  for (const line of Buffer.from(dict).toString('utf8').split('\n')) {
    const [word, frequency] = line.split(' ');
    if (word && Number(frequency) >= everydayFrequency) words.add(word);
  }
  return words;
}

const han = /\p{Script=Han}/u;
const wordish = /[\p{Script=Han}\p{L}\p{N}]/u;

/** How many texts' words a tokenizer remembers by default (oldest forgotten first); ~1-2 MB. */
const defaultCacheSize = 5_000;

// Question words and fillers that say nothing about the topic ("咋整", "how do I").
const stopwords = new Set(
  (
    '的 了 吗 呢 吧 啊 呀 哦 嘛 么 我 你 他 她 它 我们 你们 他们 自己 咱 咱们 是 在 有 要 想 能 会 可以 应该 该 就 都 还 也 和 跟 与 及 或 给 把 被 让 说 ' +
    '这 那 这个 那个 这些 那些 哪 哪个 哪些 什么 啥 咋 咋整 咋办 咋弄 怎么 怎么办 怎么样 怎样 如何 为什么 为啥 多少 几 一个 一下 ' +
    '请问 请 问 老师 谢谢 一 个 不 没 没有 很 太 更 多 少 又 再 才 已经 吗？ 呢？ 好 大家 现在 今天 ' +
    'a an the s t and or of to in on at for with is are was were be been do does did how what why when where which who ' +
    'i me my we our you your it its this that these those can could should would will shall may might must ' +
    'about from by as if so but not no yes any some there their them they he she his her please thanks get got have has had'
  ).split(/\s+/),
);

function stemEnglish(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Traditional characters to simplified: "新號起步,為什麼要做賬號定位" reads as the lessons are written. */
const toSimplified = Converter({ from: 't', to: 'cn' });

/** Han characters: only a text with some can hold traditional ones. */
const hanCharacter = /\p{Script=Han}/u;

/**
 * Folds width, case and script so "ＤＯＵ＋", "Dou+" and "dou+" are one term, and "賬號" is "账号".
 */
export function normalizeText(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  return hanCharacter.test(folded) ? toSimplified(folded) : folded;
}

/** Latin words and numbers ("dou+" keeps its plus, a glossary term). */
const latinWords = /[a-z0-9]+\+?/g;

/**
 * Creates a tokenizer. Loading jieba's dictionary takes ~200 ms, so build one per process and share it.
 *
 * @param userWords domain words jieba should keep whole (glossary terms and aliases, lesson tags)
 * @param options.cacheSize how many texts' words to remember (0: none, e.g. to time cold queries)
 */
export function createTokenizer(
  userWords: Iterable<string> = [],
  { cacheSize = defaultCacheSize }: { cacheSize?: number } = {},
): Tokenizer {
  const { Jieba: JiebaClass } = require('@node-rs/jieba') as { Jieba: typeof Jieba };
  const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
  const jieba = JiebaClass.withDict(dict);
  const extra = [...new Set([...userWords].map(normalizeText).map((w) => w.trim()))].filter(
    (w) => w.length > 1 && !/\s/.test(w),
  );
  if (extra.length > 0) jieba.loadDict(Buffer.from(extra.map((w) => `${w} 20000 n`).join('\n')));

  // A question's text is read several times (search, follow-up test, offline answer) and glossary terms
  // recur across questions: remembering recent results saves that jieba work.
  const recent = new Map<string, readonly string[]>();
  function sharedWords(text: string, normalized?: string): readonly string[] {
    const known = recent.get(text);
    if (known) return known;
    const terms: string[] = [];
    // jieba splits Chinese; it also cuts unknown Latin words apart ("ginseng" → "gi", "nseng"), so a part of
    // the text with no Han character is split into Latin words here instead.
    for (const part of (normalized ?? normalizeText(text)).split(/\s+/)) {
      const tokens = han.test(part) ? jieba.cutForSearch(part, true) : (part.match(latinWords) ?? []);
      for (const raw of tokens) {
        const token = raw.trim();
        if (!token || !wordish.test(token) || stopwords.has(token)) continue;
        terms.push(han.test(token) ? token : stemEnglish(token));
      }
    }
    if (cacheSize > 0) {
      if (recent.size >= cacheSize) recent.delete(recent.keys().next().value!);
      recent.set(text, terms);
    }
    return terms;
  }
  const everyday = everydayWords(dict);
  return {
    everyday: (word) => everyday.has(word),
    words: (text) => [...sharedWords(text)],
    sharedWords,
    bigrams(text, normalized = normalizeText(text)) {
      const terms: string[] = [];
      for (const run of normalized.match(/\p{Script=Han}+/gu) ?? []) {
        if (run.length === 1) {
          if (!stopwords.has(run)) terms.push(run);
          continue;
        }
        for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
      }
      return terms;
    },
  };
}
