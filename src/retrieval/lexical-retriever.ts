/**
 * @module Lexical retrieval over the knowledge base's chunks: BM25 on jieba words, character bigrams, and
 * a boosted field of titles, section names and tags; queries expanded with glossary synonyms.
 */
import type { Language } from '../core/turn.ts';
import { Bm25Index, type WeightedTerms } from './bm25.ts';
import type { Chunk } from './chunks.ts';
import type { SynonymTable } from './synonyms.ts';
import type { Tokenizer } from './tokenizer.ts';

/**
 * A chunk with its score for one query.
 *
 * A lexical search's hits work their coverage out when it is first read (most callers never read it), so
 * copy a hit by naming its fields: spreading one (`{ ...hit }`) leaves coverage behind.
 */
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
  /** `analyse(text)`, when the caller already has it (it also measures coverage for the same text). */
  analysed?: AnalysedText;
}

/**
 * A text's words and glossary synonyms, worked out once for a search and the coverage of what it found
 * (see {@link LexicalRetriever.analyse}).
 */
export interface AnalysedText {
  readonly text: string;
  /** The tokenizer's words of the text; shared, so not to be changed. */
  readonly words: readonly string[];
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
  /** Works out a text's words once, for {@link LexicalQuery.analysed} and {@link LexicalRetriever.coverage}. */
  analyse(text: string): AnalysedText;
  search(query: LexicalQuery, k: number): ScoredChunk[];
  /** Coverage (see {@link ScoredChunk.coverage}) of the query by several chunks together. */
  coverage(text: string | AnalysedText, chunks: readonly Chunk[]): number;
}

/** The query words coverage is measured on, with their idf weights. */
interface CoverageTerms {
  own: string[];
  weights: number[];
  /** Whether the knowledge base uses the word at all. */
  known: boolean[];
  total: number;
}

/** What a retriever needs to measure coverage; one per retriever, shared by its hits. */
interface CoverageMeasure {
  terms(query: Analysis): CoverageTerms;
  of(query: Analysis, docs: readonly number[]): number;
}

/** {@link AnalysedText} as a retriever makes it. */
class Analysis implements AnalysedText {
  readonly text: string;
  readonly words: readonly string[];
  /** The words of the glossary synonyms the text mentions. */
  readonly expanded: readonly string[];
  /** The retriever that made it: coverage weights are its index's. */
  readonly measure: CoverageMeasure;
  /** Worked out when coverage is first measured. */
  coverageTerms: CoverageTerms | undefined = undefined;

  constructor(text: string, words: readonly string[], expanded: readonly string[], measure: CoverageMeasure) {
    this.text = text;
    this.words = words;
    this.expanded = expanded;
    this.measure = measure;
  }
}

/** A search hit whose coverage is measured when first read. */
class LexicalHit implements ScoredChunk {
  chunk: Chunk;
  score: number;
  readonly #doc: number;
  readonly #query: Analysis;
  #coverage: number | undefined = undefined;

  constructor(chunk: Chunk, score: number, doc: number, query: Analysis) {
    this.chunk = chunk;
    this.score = score;
    this.#doc = doc;
    this.#query = query;
  }

  get coverage(): number {
    this.#coverage ??= this.#query.measure.of(this.#query, [this.#doc]);
    return this.#coverage;
  }

  set coverage(value: number) {
    this.#coverage = value;
  }
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
  const position = new Map(chunks.map((chunk, i) => [chunk.id, i]));
  // Chunk languages as small numbers side by side: the search's filter reads one per candidate, and
  // reaching into each chunk object for it cost a cache miss apiece.
  const languages = [...new Set(chunks.map((chunk) => chunk.lang))];
  const languageOf = Uint8Array.from(chunks, (chunk) => languages.indexOf(chunk.lang));

  const inAny = (term: string, docs: readonly number[]) => {
    for (let i = 0; i < docs.length; i++) if (vocabulary[docs[i]!]!.has(term)) return true;
    return false;
  };

  const measure: CoverageMeasure = {
    terms(query) {
      // Single Han characters are mostly verbs and particles (干, 点, 前): they say little about the topic.
      const own: string[] = [];
      for (let i = 0; i < query.words.length; i++) {
        const term = query.words[i]!;
        if (!singleHan.test(term) && !own.includes(term)) own.push(term);
      }
      const weights = own.map((term) => index.idf('words', term) || maxIdf);
      const known = own.map((term) => index.has('words', term));
      let total = 0;
      for (const weight of weights) total += weight;
      return { own, weights, known, total };
    },
    of(query, docs) {
      query.coverageTerms ??= measure.terms(query);
      const { own, weights, known, total } = query.coverageTerms;
      if (total === 0) return 0;
      // Whether a synonym is found matters only for words the knowledge base lacks: looked up once, when
      // the first such word is missing from the chunks.
      let synonymHit: boolean | undefined;
      let matched = 0;
      for (let i = 0; i < own.length; i++) {
        let found = inAny(own[i]!, docs);
        if (!found && !known[i]) {
          synonymHit ??= query.expanded.some((term) => inAny(term, docs));
          found = synonymHit;
        }
        matched += found ? weights[i]! : 0;
      }
      return matched / total;
    },
  };

  function analyse(text: string): Analysis {
    const expanded: string[] = [];
    const terms = synonyms.expand(text);
    for (let i = 0; i < terms.length; i++) {
      const words = tokenizer.sharedWords(terms[i]!);
      for (let w = 0; w < words.length; w++) expanded.push(words[w]!);
    }
    return new Analysis(text, tokenizer.sharedWords(text), expanded, measure);
  }

  /** The caller's analysis of `text` when it is this retriever's, else a fresh one. */
  function analysisOf(text: string, given: AnalysedText | undefined): Analysis {
    return given instanceof Analysis && given.measure === measure && given.text === text
      ? given
      : analyse(text);
  }

  // Where the index writes a search's best documents; searches are synchronous, so one pair serves all.
  let hitDocs = new Int32Array(0);
  let hitScores = new Float64Array(0);

  return {
    chunks,
    analyse,
    coverage: (text, of) =>
      measure.of(
        typeof text === 'string' ? analyse(text) : analysisOf(text.text, text),
        of.map((chunk) => position.get(chunk.id)!),
      ),
    search({ text, lang, context, analysed }, k) {
      const query = analysisOf(text, analysed);
      const words: WeightedTerms[] = [
        { terms: query.words, weight: 1 },
        { terms: query.expanded, weight: synonymWeight },
      ];
      const bigrams: WeightedTerms[] = [{ terms: tokenizer.bigrams(text), weight: 1 }];
      if (context) {
        words.push({ terms: tokenizer.sharedWords(context), weight: contextWeight });
        bigrams.push({ terms: tokenizer.bigrams(context), weight: contextWeight });
      }
      const room = Math.min(k, chunks.length);
      if (hitDocs.length < room) {
        hitDocs = new Int32Array(room);
        hitScores = new Float64Array(room);
      }
      const language = languages.indexOf(lang);
      const count = index.searchInto(
        { words, keys: words, bigrams },
        k,
        (doc) => languageOf[doc] === language,
        hitDocs,
        hitScores,
      );
      const hits: ScoredChunk[] = [];
      for (let i = 0; i < count; i++) {
        const doc = hitDocs[i]!;
        hits.push(new LexicalHit(chunks[doc]!, hitScores[i]!, doc, query));
      }
      return hits;
    },
  };
}
