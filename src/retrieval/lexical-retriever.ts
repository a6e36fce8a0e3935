/**
 * @module Lexical retrieval over the knowledge base's chunks: BM25 on jieba words, character bigrams, and
 * a boosted field of titles, section names and tags; queries expanded with glossary synonyms.
 */
import type { Language } from '../core/turn.ts';
import { Bm25Index, type WeightedTerms } from './bm25.ts';
import type { Chunk } from './chunks.ts';
import type { SynonymTable } from './synonyms.ts';
import { normalizeText, type Tokenizer } from './tokenizer.ts';

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
  /** `normalizeText(text)`, for other readers of the text (scope rules). */
  readonly normalized: string;
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
  /**
   * {@link LexicalRetriever.search} without hit objects: writes the best chunks' positions in `chunks` and
   * their scores, best first, into `docs` and `scores` (each at least `min(k, chunks.length)` long) and
   * returns how many there are.
   */
  searchInto(query: LexicalQuery, k: number, docs: Int32Array, scores: Float64Array): number;
  /**
   * Hits for the first `count` chunk positions and scores (as {@link LexicalRetriever.searchInto} wrote
   * them), each measuring its coverage of `query` when first read, like a search's.
   */
  hits(query: AnalysedText, docs: ArrayLike<number>, scores: ArrayLike<number>, count: number): ScoredChunk[];
  /** Coverage (see {@link ScoredChunk.coverage}) of the query by several chunks together. */
  coverage(text: string | AnalysedText, chunks: readonly Chunk[]): number;
  /** {@link LexicalRetriever.coverage} by the chunks at the first `count` of `docs` (positions in `chunks`). */
  coverageAt(text: AnalysedText, docs: ArrayLike<number>, count: number): number;
}

/**
 * The query words coverage is measured on, by number in the index's dictionary (-1 for a word no chunk
 * has), and the sum of their weights. A word's weight is its idf among chunks' words, or the highest idf
 * there could be when no chunk's words have it (the knowledge base does not use it).
 */
interface CoverageTerms {
  own: number[];
  total: number;
  /** The numbers of the glossary synonyms' words (see {@link Analysis.expanded}), once needed. */
  expanded: number[] | undefined;
}

/** What a retriever needs to measure coverage; one per retriever, shared by its hits. */
interface CoverageMeasure {
  terms(query: Analysis): CoverageTerms;
  of(query: Analysis, docs: ArrayLike<number>, count: number): number;
}

/** {@link AnalysedText} as a retriever makes it. */
class Analysis implements AnalysedText {
  readonly text: string;
  readonly normalized: string;
  readonly words: readonly string[];
  /** The words of the glossary synonyms the text mentions. */
  readonly expanded: readonly string[];
  /** The retriever that made it: coverage weights are its index's. */
  readonly measure: CoverageMeasure;
  /** Worked out when coverage is first measured. */
  coverageTerms: CoverageTerms | undefined = undefined;

  constructor(
    text: string,
    normalized: string,
    words: readonly string[],
    expanded: readonly string[],
    measure: CoverageMeasure,
  ) {
    this.text = text;
    this.normalized = normalized;
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
    this.#coverage ??= this.#query.measure.of(this.#query, [this.#doc], 1);
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
  // Chunk languages as small numbers: the index keeps each language's postings apart, so that a search
  // reads only its own language's.
  const languages = [...new Set(chunks.map((chunk) => chunk.lang))];
  const index = new Bm25Index(documents, {
    fieldWeights,
    groups: chunks.map((chunk) => languages.indexOf(chunk.lang)),
  });
  // Which words each chunk has (in its text or keys), as sorted numbers in the index's dictionary, chunk
  // after chunk: a word is looked up in the dictionary once per question, and then found in a chunk by
  // halving a few hundred bytes that lie together (a Set per chunk cost a cache miss or two per look-up).
  const vocabularyStarts = new Int32Array(chunks.length + 1);
  const vocabulary = Int32Array.from(
    documents.flatMap((document, doc) => {
      const ids = [...new Set([...document.words, ...document.keys])].map((term) => index.termId(term));
      vocabularyStarts[doc + 1] = vocabularyStarts[doc]! + ids.length;
      return ids.sort((a, b) => a - b);
    }),
  );
  const maxIdf = Math.log(1 + (chunks.length + 0.5) / 0.5);
  const position = new Map(chunks.map((chunk, i) => [chunk.id, i]));

  /** Whether the chunk at `doc` has the word numbered `term`. */
  const has = (doc: number, term: number) => {
    let low = vocabularyStarts[doc]!;
    let high = vocabularyStarts[doc + 1]!;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const id = vocabulary[middle]!;
      if (id === term) return true;
      if (id < term) low = middle + 1;
      else high = middle;
    }
    return false;
  };

  const inAny = (term: number, docs: ArrayLike<number>, count: number) => {
    if (term === -1) return false;
    for (let i = 0; i < count; i++) if (has(docs[i]!, term)) return true;
    return false;
  };

  const measure: CoverageMeasure = {
    terms(query) {
      // Single Han characters are mostly verbs and particles (干, 点, 前): they say little about the topic.
      // Each word counts once: where it first appears.
      const own: number[] = [];
      let total = 0;
      for (let i = 0; i < query.words.length; i++) {
        const term = query.words[i]!;
        if (singleHan.test(term) || query.words.indexOf(term) < i) continue;
        const id = index.termId(term);
        own.push(id);
        total += index.idfOf('words', id) || maxIdf;
      }
      return { own, total, expanded: undefined };
    },
    of(query, docs, count) {
      query.coverageTerms ??= measure.terms(query);
      const terms = query.coverageTerms;
      const { own, total } = terms;
      if (total === 0) return 0;
      // Whether a synonym is found matters only for words the knowledge base lacks: looked up once, when
      // the first such word is missing from the chunks.
      let synonymHit: boolean | undefined;
      let matched = 0;
      for (let i = 0; i < own.length; i++) {
        const idf = index.idfOf('words', own[i]!);
        let found = inAny(own[i]!, docs, count);
        // A word is in some chunk's words exactly when its idf there is above 0.
        if (!found && idf === 0) {
          terms.expanded ??= query.expanded.map((term) => index.termId(term));
          synonymHit ??= terms.expanded.some((term) => inAny(term, docs, count));
          found = synonymHit;
        }
        matched += found ? idf || maxIdf : 0;
      }
      return matched / total;
    },
  };

  function analyse(text: string): Analysis {
    const normalized = normalizeText(text);
    const expanded: string[] = [];
    const terms = synonyms.expand(text, normalized);
    for (let i = 0; i < terms.length; i++) {
      const words = tokenizer.sharedWords(terms[i]!);
      for (let w = 0; w < words.length; w++) expanded.push(words[w]!);
    }
    return new Analysis(text, normalized, tokenizer.sharedWords(text, normalized), expanded, measure);
  }

  /** The caller's analysis of `text` when it is this retriever's, else a fresh one. */
  function analysisOf(text: string, given: AnalysedText | undefined): Analysis {
    return given instanceof Analysis && given.measure === measure && given.text === text
      ? given
      : analyse(text);
  }

  function hits(
    query: Analysis,
    docs: ArrayLike<number>,
    scores: ArrayLike<number>,
    count: number,
  ): ScoredChunk[] {
    const hits: ScoredChunk[] = [];
    for (let i = 0; i < count; i++) hits.push(new LexicalHit(chunks[docs[i]!]!, scores[i]!, docs[i]!, query));
    return hits;
  }

  // A search's query, in holders that every search fills (and that keep its terms until the next one):
  // searches are synchronous, and a dozen fresh objects and arrays per question were garbage for nothing.
  // Words and keys share one list, which the index then merges once.
  const none: readonly string[] = [];
  const ownWords: WeightedTerms = { terms: none, weight: 1 };
  const synonymWords: WeightedTerms = { terms: none, weight: synonymWeight };
  const contextWords: WeightedTerms = { terms: none, weight: contextWeight };
  const ownBigrams: WeightedTerms = { terms: none, weight: 1 };
  const contextBigrams: WeightedTerms = { terms: none, weight: contextWeight };
  const queryWords = [ownWords, synonymWords];
  const followUpWords = [ownWords, synonymWords, contextWords];
  const plainQuery = { words: queryWords, keys: queryWords, bigrams: [ownBigrams] };
  const followUpQuery = { words: followUpWords, keys: followUpWords, bigrams: [ownBigrams, contextBigrams] };

  function searchInto(
    query: Analysis,
    { text, lang, context }: LexicalQuery,
    k: number,
    docs: Int32Array,
    scores: Float64Array,
  ): number {
    // Chunks of another language are never returned: their postings are skipped (see Bm25Options.groups).
    const language = languages.indexOf(lang);
    if (language === -1) return 0;
    ownWords.terms = query.words;
    synonymWords.terms = query.expanded;
    ownBigrams.terms = tokenizer.bigrams(text, query.normalized);
    if (context) {
      contextWords.terms = tokenizer.sharedWords(context);
      contextBigrams.terms = tokenizer.bigrams(context);
    }
    return index.searchInto(context ? followUpQuery : plainQuery, k, language, docs, scores);
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
        of.length,
      ),
    coverageAt: (text, docs, count) => measure.of(analysisOf(text.text, text), docs, count),
    searchInto: (query, k, docs, scores) =>
      searchInto(analysisOf(query.text, query.analysed), query, k, docs, scores),
    hits: (query, docs, scores, count) => hits(analysisOf(query.text, query), docs, scores, count),
    search(query, k) {
      const room = Math.min(k, chunks.length);
      if (hitDocs.length < room) {
        hitDocs = new Int32Array(room);
        hitScores = new Float64Array(room);
      }
      const analysed = analysisOf(query.text, query.analysed);
      return hits(analysed, hitDocs, hitScores, searchInto(analysed, query, k, hitDocs, hitScores));
    },
  };
}
