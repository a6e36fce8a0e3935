/**
 * @module Lexical retrieval over the knowledge base's chunks: BM25 on jieba words, character bigrams, and
 * a boosted field of titles, section names and tags; queries expanded with glossary synonyms.
 */
import type { Language } from '../core/turn.ts';
import { Bm25Index, type WeightedTerm } from './bm25.ts';
import type { Chunk } from './chunks.ts';
import type { SynonymTable } from './synonyms.ts';
import type { Tokenizer } from './tokenizer.ts';

/** A chunk with its score for one query. */
export interface ScoredChunk {
  chunk: Chunk;
  score: number;
  /**
   * Share (0-1) of the query's information the chunk matches: the idf of query words found in the chunk
   * over the idf of all query words (words the knowledge base never uses count as rare). A word the
   * knowledge base lacks counts as matched when a glossary synonym of it is found. Low coverage means the
   * question is about something the knowledge base does not discuss.
   */
  coverage: number;
}

/** A query: the user's words, plus optional context (earlier turns) that counts for less. */
export interface LexicalQuery {
  text: string;
  lang: Language;
  context?: string;
}

/** Weights of the indexed fields. */
export const fieldWeights = { words: 1, bigrams: 0.35, keys: 1.2 };

/** Weight of synonym-expanded and context terms relative to the user's own words. */
const synonymWeight = 0.7;
const contextWeight = 0.45;

/** A built lexical index. */
export interface LexicalRetriever {
  readonly chunks: readonly Chunk[];
  search(query: LexicalQuery, k: number): ScoredChunk[];
  /** Coverage (see {@link ScoredChunk.coverage}) of the query by several chunks together. */
  coverage(text: string, chunks: readonly Chunk[]): number;
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
  const index = new Bm25Index(documents, { fieldWeights });
  const vocabulary = documents.map((document) => new Set([...document.words, ...document.keys]));
  const maxIdf = Math.log(1 + (chunks.length + 0.5) / 0.5);

  function weigh(terms: string[], weight: number): WeightedTerm[] {
    return terms.map((term) => ({ term, weight }));
  }

  const position = new Map(chunks.map((chunk, i) => [chunk.id, i]));

  /** The query words coverage is measured on, and the synonyms they were expanded with. */
  function coverageTerms(text: string) {
    // Single Han characters are mostly verbs and particles (干, 点, 前): they say little about the topic.
    const own = [...new Set(tokenizer.words(text))].filter((term) => !/^\p{Script=Han}$/u.test(term));
    return { own, expanded: synonyms.expand(text).flatMap((term) => tokenizer.words(term)) };
  }

  function coverageOf({ own, expanded }: ReturnType<typeof coverageTerms>, docs: readonly number[]): number {
    const weight = (term: string) => index.idf('words', term) || maxIdf;
    const total = own.reduce((sum, term) => sum + weight(term), 0);
    if (total === 0) return 0;
    const has = (term: string) => docs.some((doc) => vocabulary[doc]!.has(term));
    const synonymHit = expanded.some(has);
    const matched = own.reduce(
      (sum, term) => sum + (has(term) || (synonymHit && !index.has('words', term)) ? weight(term) : 0),
      0,
    );
    return matched / total;
  }

  return {
    chunks,
    coverage: (text, of) =>
      coverageOf(
        coverageTerms(text),
        of.map((chunk) => position.get(chunk.id)!),
      ),
    search({ text, lang, context }, k) {
      const own = tokenizer.words(text);
      const expanded = synonyms.expand(text).flatMap((term) => tokenizer.words(term));
      const fromContext = context ? tokenizer.words(context) : [];
      const words = [
        ...weigh(own, 1),
        ...weigh(expanded, synonymWeight),
        ...weigh(fromContext, contextWeight),
      ];
      const bigrams = [
        ...weigh(tokenizer.bigrams(text), 1),
        ...weigh(context ? tokenizer.bigrams(context) : [], contextWeight),
      ];
      const hits = index.search({ words, keys: words, bigrams }, k, (doc) => chunks[doc]!.lang === lang);
      const terms = coverageTerms(text);
      return hits.map(({ doc, score }) => ({
        chunk: chunks[doc]!,
        score,
        coverage: coverageOf(terms, [doc]),
      }));
    },
  };
}
