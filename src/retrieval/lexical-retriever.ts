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

const singleHan = /^\p{Script=Han}$/u;

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

  /**
   * The query words coverage is measured on, with their idf weights worked out once (a search measures
   * up to 40 hits), and the synonyms they were expanded with.
   */
  function coverageTerms(text: string, expanded: readonly string[]) {
    // Single Han characters are mostly verbs and particles (干, 点, 前): they say little about the topic.
    const own = [...new Set(tokenizer.words(text))].filter((term) => !singleHan.test(term));
    const weights = own.map((term) => index.idf('words', term) || maxIdf);
    const known = own.map((term) => index.has('words', term));
    let total = 0;
    for (const weight of weights) total += weight;
    return { own, weights, known, total, expanded };
  }

  function coverageOf(
    { own, weights, known, total, expanded }: ReturnType<typeof coverageTerms>,
    docs: readonly number[],
  ): number {
    if (total === 0) return 0;
    // One chunk (every search hit) needs no loop over chunks.
    const only = docs.length === 1 ? vocabulary[docs[0]!]! : undefined;
    const has = only
      ? (term: string) => only.has(term)
      : (term: string) => docs.some((doc) => vocabulary[doc]!.has(term));
    // Whether a synonym is found matters only for words the knowledge base lacks: looked up once, when
    // the first such word is missing from the chunks.
    let synonymHit: boolean | undefined;
    const synonymFound = () => {
      synonymHit ??= expanded.some(has);
      return synonymHit;
    };
    let matched = 0;
    for (let i = 0; i < own.length; i++) {
      matched += has(own[i]!) || (!known[i] && synonymFound()) ? weights[i]! : 0;
    }
    return matched / total;
  }

  function expansion(text: string): string[] {
    return synonyms.expand(text).flatMap((term) => tokenizer.words(term));
  }

  return {
    chunks,
    coverage: (text, of) =>
      coverageOf(
        coverageTerms(text, expansion(text)),
        of.map((chunk) => position.get(chunk.id)!),
      ),
    search({ text, lang, context }, k) {
      const own = tokenizer.words(text);
      const expanded = expansion(text);
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
      const terms = coverageTerms(text, expanded);
      return hits.map(({ doc, score }) => ({
        chunk: chunks[doc]!,
        score,
        coverage: coverageOf(terms, [doc]),
      }));
    },
  };
}
