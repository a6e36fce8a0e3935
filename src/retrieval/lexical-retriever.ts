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
   * over the idf of all query words (words the knowledge base never uses count as rare). Low coverage
   * means the question is about something the knowledge base does not discuss.
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

  return {
    chunks,
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
      const ownTerms = [...new Set(own)];
      const totalIdf = ownTerms.reduce((sum, term) => sum + (index.idf('words', term) || maxIdf), 0);
      return hits.map(({ doc, score }) => {
        const vocab = vocabulary[doc]!;
        const matched = ownTerms.reduce(
          (sum, term) =>
            sum +
            (vocab.has(term) || expandedHit(term, expanded, vocab) ? index.idf('words', term) || maxIdf : 0),
          0,
        );
        return { chunk: chunks[doc]!, score, coverage: totalIdf > 0 ? matched / totalIdf : 0 };
      });
    },
  };
}

// A user word counts as matched when the chunk has one of the synonyms the query was expanded with.
function expandedHit(_term: string, expanded: readonly string[], vocab: ReadonlySet<string>): boolean {
  return expanded.some((synonym) => vocab.has(synonym));
}
