/**
 * @module Lexical retrieval over the knowledge base's chunks: BM25 on jieba words, character bigrams, and
 * a boosted field of titles, section names and tags; queries expanded with glossary synonyms. Also
 * measures how much of a question's ask a chunk holds (coverage).
 */
import type { Language } from '../core/turn.ts';
import { Bm25Index, type WeightedTerms } from './bm25.ts';
import type { Chunk } from './chunks.ts';
import type { SynonymTable } from './synonyms.ts';
import { normalizeText, type Tokenizer } from './tokenizer.ts';

/** A chunk with its score for one query. */
export interface ScoredChunk {
  chunk: Chunk;
  score: number;
  /**
   * Share (0-1) of the question's ask the chunk holds (see {@link LexicalRetriever.coverage}), where the
   * caller measured it.
   */
  coverage?: number;
}

/** A query: the user's words, and how they are weighed. */
export interface LexicalQuery {
  text: string;
  lang: Language;
  /** Words that count for less than the rest (the platform a question names matters less than its ask). */
  lightWords?: readonly string[];
  /** The part of the text glossary synonyms are looked up in (default: all of it). */
  expandFrom?: string;
}

/** Weights of the indexed fields. */
export const fieldWeights = { words: 1, bigrams: 0.35, keys: 1.2 };

/** Weight of synonym-expanded and light terms relative to the user's own words. */
const synonymWeight = 0.7;
const lightWeight = 0.5;

/** A built lexical index. */
export interface LexicalRetriever {
  readonly chunks: readonly Chunk[];
  /** The best `k` chunks of the query's language, best first. */
  search(query: LexicalQuery, k: number): ScoredChunk[];
  /**
   * Share (0-1) of `askWords` the chunks hold together, each word weighted by its idf among the chunks'
   * words (a word no chunk has counts as the rarest: the knowledge base does not discuss it). A word is
   * found when a chunk has it, or a glossary synonym of it.
   */
  coverage(askWords: readonly string[], chunks: readonly Chunk[]): number;
  /**
   * {@link LexicalRetriever.coverage}, and the idf mass of the ask words the chunks hold together with a word
   * and the parts search mode cut it into counted once (`distinct`).
   */
  match(askWords: readonly string[], chunks: readonly Chunk[]): { coverage: number; distinct: number };
  /** The words of a word's glossary synonyms (what coverage accepts for it). */
  related(word: string): string[];
  /** A word's idf among the chunks' words; the highest there is for a word no chunk has. */
  weight(word: string): number;
}

/** How much a word the knowledge base lacks weighs when it is an everyday word (see `Tokenizer.everyday`). */
const everydayShare = 0.3;

/** Characters that only glue a sentence together (要, 的, 吗 …). */
const functionCharacter =
  /[要得的了着过吗呢吧啊嘛么呀哦是在有和跟与就都还也又再才把被让给对向从啥咋个点能该这那先太往整弄些俩咱俺您你我他她它们不没别很挺真老总]/u;

/**
 * A short word the segmenter cut across a colloquial phrase ("直播前要做啥准备" → 前要, "老是过不去" → 老是): two
 * Han characters, one of them glue. When the knowledge base lacks it, it says nothing about the ask.
 */
function missegmented(word: string): boolean {
  return /^\p{Script=Han}{2}$/u.test(word) && functionCharacter.test(word);
}

/** Indexes `chunks`. */
export function createLexicalRetriever(
  chunks: readonly Chunk[],
  tokenizer: Tokenizer,
  synonyms: SynonymTable,
): LexicalRetriever {
  const documents = chunks.map((chunk) => ({
    words: tokenizer.words(chunk.text),
    bigrams: tokenizer.bigrams(chunk.text),
    keys: tokenizer.words(`${chunk.title} ${chunk.section} ${chunk.keywords.join(' ')}`),
  }));
  // One index per language: a search reads only its own language's postings.
  const languages = [...new Set(chunks.map((chunk) => chunk.lang))];
  const indexes = new Map(
    languages.map((lang) => {
      const members = chunks.flatMap((chunk, doc) => (chunk.lang === lang ? [doc] : []));
      const index = new Bm25Index(
        members.map((doc) => documents[doc]!),
        { fieldWeights },
      );
      return [lang, { index, members }];
    }),
  );
  // Coverage weighs words by their idf among all chunks' words.
  const index = new Bm25Index(
    documents.map(({ words }) => ({ words })),
    { fieldWeights: { words: 1 } },
  );
  // Which words each chunk has, in its text or its keys, for coverage.
  const vocabulary = documents.map((document) => new Set([...document.words, ...document.keys]));
  const position = new Map(chunks.map((chunk, i) => [chunk.id, i]));
  const maxIdf = Math.log(1 + (chunks.length + 0.5) / 0.5);

  // A word no chunk has counts as the rarest (the knowledge base does not discuss it), unless it is an
  // everyday word (媳妇, 精力): a chatty question's words are not topics the lessons lack.
  const weight = (word: string) =>
    index.idf('words', word) || (tokenizer.everyday(word) ? maxIdf * everydayShare : maxIdf);

  /** Whether one of the chunks has `word`, or (for a word the knowledge base lacks) one of its synonyms. */
  /** The words of a word's glossary synonyms (`抖加` → dou+ …). */
  const related = (word: string) => synonyms.expand(word).flatMap((term) => tokenizer.words(term));

  function found(word: string, docs: readonly number[]): boolean {
    if (docs.some((doc) => vocabulary[doc]!.has(word))) return true;
    if (index.has('words', word)) return false;
    return related(word).some((term) => docs.some((doc) => vocabulary[doc]!.has(term)));
  }

  function coverageAt(askWords: readonly string[], docs: readonly number[]): number {
    const { matched, total } = matchAt(askWords, docs);
    return total === 0 ? 0 : matched / total;
  }

  /**
   * The idf mass of the ask words the chunks hold (`matched`), of all of them (`total`), and of the held ones
   * counted once per word the question wrote (`distinct`): search-mode segmentation gives "快手小店" and also
   * "小店", which are one thing asked.
   */
  function matchAt(askWords: readonly string[], docs: readonly number[]) {
    const words = [...new Set(askWords)].filter((word) => !missegmented(word) || index.has('words', word));
    const held = words.filter((word) => found(word, docs));
    let total = 0;
    let matched = 0;
    let distinct = 0;
    for (const word of words) {
      total += weight(word);
      if (!held.includes(word)) continue;
      matched += weight(word);
      if (!held.some((other) => other !== word && other.includes(word))) distinct += weight(word);
    }
    return { matched, total, distinct };
  }

  return {
    chunks,
    weight,
    related,
    coverage: (askWords, of) =>
      coverageAt(
        askWords,
        of.map((chunk) => position.get(chunk.id)!),
      ),
    match(askWords, of) {
      const { matched, total, distinct } = matchAt(
        askWords,
        of.map((chunk) => position.get(chunk.id)!),
      );
      return { coverage: total === 0 ? 0 : matched / total, distinct };
    },
    search({ text, lang, lightWords = [], expandFrom }, k) {
      const normalized = normalizeText(text);
      const light = new Set(lightWords);
      const words = tokenizer.words(text);
      const own: WeightedTerms = { terms: words.filter((w) => !light.has(w)), weight: 1 };
      const lighter: WeightedTerms = { terms: words.filter((w) => light.has(w)), weight: lightWeight };
      const expanded: WeightedTerms = {
        terms: (expandFrom === undefined
          ? synonyms.expand(text, normalized)
          : synonyms.expand(expandFrom)
        ).flatMap((term) => tokenizer.words(term)),
        weight: synonymWeight,
      };
      const wordLists = [own, lighter, expanded];
      const bigramLists: WeightedTerms[] = [{ terms: tokenizer.bigrams(text, normalized), weight: 1 }];
      const language = indexes.get(lang);
      if (!language) return [];
      return language.index
        .search({ words: wordLists, keys: wordLists, bigrams: bigramLists }, k)
        .map(({ doc, score }) => ({ chunk: chunks[language.members[doc]!]!, score }));
    },
  };
}
