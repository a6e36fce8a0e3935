/**
 * @module A small in-memory BM25 index over documents with several weighted fields.
 *
 * Postings are typed arrays; a query touches only the postings of its terms, so a search over 10,000
 * chunks costs well under a millisecond. LangChain's BM25Retriever scans every document per query and
 * splits on whitespace, which does not work for Chinese.
 */

/** One document: a bag of terms per field. */
export type FieldTerms = Record<string, readonly string[]>;

/**
 * Query terms that share a weight (follow-up context terms count less than the user's own words). A field's
 * query is a list of these; a term repeated in it counts once, at its highest weight.
 */
export interface WeightedTerms {
  terms: readonly string[];
  weight: number;
}

/** Options for {@link Bm25Index}. */
export interface Bm25Options {
  /** Relative weight of each field's score. Fields not listed are not indexed. */
  fieldWeights: Record<string, number>;
  k1?: number;
  b?: number;
  /**
   * Each document's group, a small number from 0 (e.g. its language). A search can then be limited to one
   * group and reads none of the other groups' postings: documents a search would only filter out cost
   * nothing. Statistics (idf, average length) stay those of all documents. Default: one group.
   */
  groups?: ArrayLike<number>;
}

/**
 * Which documents a search returns: those a predicate accepts, or those of one group (see
 * {@link Bm25Options.groups}), which skips the other groups' postings altogether.
 */
export type Bm25Filter = ((doc: number) => boolean) | number;

/** A scored document. */
export interface Hit {
  doc: number;
  score: number;
}

/**
 * One field's postings, in flat arrays indexed by term id (a search looks up each query term once, for
 * every field, and then reads numbers that lie together instead of chasing objects across the heap).
 */
interface FieldIndex {
  weight: number;
  /**
   * Per term id and group, at `id · groupCount + group`: where the postings of that term in that group's
   * documents start in `docs` and `tfs`; they end where the next entry's start. A term's postings are
   * its documents group by group, each group in document order.
   */
  starts: Int32Array;
  docs: Int32Array;
  tfs: Float32Array;
  /** Per term id: its inverse document frequency in this field. */
  idfs: Float64Array;
  /** Per document: BM25's length normalisation `k1 · (1 − b + b · length / averageLength)`. */
  norms: Float64Array;
}

/** An immutable BM25 index. */
export class Bm25Index {
  readonly size: number;
  /** Every term of every field, numbered. */
  private readonly termIds: TermDictionary;
  private readonly fields: Map<string, FieldIndex>;
  private readonly groupCount: number;
  private readonly k1: number;
  // Per-search scratch, reused: searches are synchronous, and fresh arrays per query were a large share of
  // the bot's garbage. Scores are zeroed again after each search.
  private readonly scratch: Float64Array;
  private readonly touched: Int32Array;
  /** A field's query terms that some document has, each once, by id, with its highest weight. */
  private readonly uniqueIds: number[] = [];
  private readonly uniqueWeights: number[] = [];

  constructor(documents: readonly FieldTerms[], { fieldWeights, k1 = 1.2, b = 0.75, groups }: Bm25Options) {
    this.size = documents.length;
    this.k1 = k1;
    this.scratch = new Float64Array(documents.length);
    this.touched = new Int32Array(documents.length);
    const groupOf = Int32Array.from({ length: documents.length }, (_, doc) => groups?.[doc] ?? 0);
    this.groupCount = groupOf.reduce((most, group) => Math.max(most, group + 1), 1);
    if (groupOf.some((group) => !(group >= 0))) throw new RangeError('groups are numbers from 0');
    const termIds = new Map<string, number>();
    const postings = Object.entries(fieldWeights).map(
      ([field, weight]) => [field, weight, collectPostings(documents, field, termIds)] as const,
    );
    this.fields = new Map(
      postings.map(([field, weight, collected]) => [
        field,
        buildField(collected, termIds.size, weight, k1, b, groupOf, this.groupCount),
      ]),
    );
    this.termIds = new TermDictionary(termIds);
  }

  /**
   * The number of `term` in the index's dictionary, which holds every term of every field, or -1 when no
   * document has the term.
   */
  termId(term: string): number {
    return this.termIds.get(term);
  }

  /** Inverse document frequency of `term` in `field` (0 when absent). */
  idf(field: string, term: string): number {
    return this.idfOf(field, this.termIds.get(term));
  }

  /** {@link Bm25Index.idf} of the term numbered `id` (see {@link Bm25Index.termId}). */
  idfOf(field: string, id: number): number {
    const index = this.fields.get(field);
    return index && id !== -1 && this.postingCount(index, id) > 0 ? index.idfs[id]! : 0;
  }

  /** Whether any document has `term` in `field`. */
  has(field: string, term: string): boolean {
    const index = this.fields.get(field);
    const id = this.termIds.get(term);
    return index !== undefined && id !== -1 && this.postingCount(index, id) > 0;
  }

  /** How many documents have term `id` in the field, in all groups. */
  private postingCount({ starts }: FieldIndex, id: number): number {
    return starts[(id + 1) * this.groupCount]! - starts[id * this.groupCount]!;
  }

  /**
   * Scores documents for the query (terms per field) and returns the best `k`, highest first.
   *
   * @param filter only documents it accepts are returned (e.g. one language's)
   */
  search(query: Record<string, readonly WeightedTerms[]>, k: number, filter?: Bm25Filter): Hit[] {
    const size = Math.max(0, Math.min(k, this.size));
    const docs = new Int32Array(size);
    const scores = new Float64Array(size);
    const count = this.searchInto(query, k, filter, docs, scores);
    const hits: Hit[] = [];
    for (let i = 0; i < count; i++) hits.push({ doc: docs[i]!, score: scores[i]! });
    return hits;
  }

  /**
   * {@link Bm25Index.search} without allocating: writes the best documents and their scores, highest first,
   * into `docs` and `scores` (each at least `min(k, size)` long) and returns how many there are.
   *
   * Equal scores keep the order their documents were first touched in: query fields in order, each
   * field's terms in order, each term's postings group by group in document order.
   */
  searchInto(
    query: Record<string, readonly WeightedTerms[]>,
    k: number,
    filter: Bm25Filter | undefined,
    docs: Int32Array,
    scores: Float64Array,
  ): number {
    k = Math.min(k, this.size);
    if (docs.length < k || scores.length < k) throw new RangeError(`room for ${k} hits needed`);
    const group = typeof filter === 'number' ? filter : -1;
    if (typeof filter === 'number' && !(filter >= 0 && filter < this.groupCount))
      throw new RangeError(`no group ${filter}`);
    const accept = typeof filter === 'function' ? filter : undefined;
    const touchedCount = this.score(query, group);
    // The best k so far, kept sorted in the output, highest first: a document that beats the worst kept one
    // moves in above the kept ones it beats. Documents arrive in the order they were first touched, so
    // an equal score stays below the one kept before it (what a stable sort of every touched document
    // gave). A heap moved fewer entries but cost more: nearly every step of it was a branch the processor
    // could not predict.
    const all = this.scratch;
    const touched = this.touched;
    let count = 0;
    try {
      for (let t = 0; t < touchedCount && k > 0; t++) {
        const doc = touched[t]!;
        const score = all[doc]!;
        if (count === k && score <= scores[k - 1]!) continue;
        if (accept && !accept(doc)) continue;
        let at = count < k ? count++ : k - 1;
        for (; at > 0 && scores[at - 1]! < score; at--) {
          scores[at] = scores[at - 1]!;
          docs[at] = docs[at - 1]!;
        }
        scores[at] = score;
        docs[at] = doc;
      }
    } finally {
      for (let t = 0; t < touchedCount; t++) all[touched[t]!] = 0;
    }
    return count;
  }

  /**
   * Adds up the score for `query` of every document (of `group`, unless it is -1) in the scratch array,
   * lists the documents it touched in the order it first touched them, and returns how many; the caller
   * zeroes their scores again.
   */
  private score(query: Record<string, readonly WeightedTerms[]>, group: number): number {
    const scores = this.scratch;
    const touched = this.touched;
    const k1Plus1 = this.k1 + 1;
    const ids = this.uniqueIds;
    const weights = this.uniqueWeights;
    let touchedCount = 0;
    let merged: readonly WeightedTerms[] | undefined;
    let unique = 0;
    for (const field in query) {
      const index = this.fields.get(field);
      if (!index) continue;
      // Fields often share one list (words and keys): it is merged and looked up once.
      const list = query[field]!;
      if (list !== merged) {
        unique = mergeTerms(list, this.termIds, ids, weights);
        merged = list;
      }
      const { starts, docs, tfs, idfs, norms } = index;
      const groupCount = this.groupCount;
      for (let q = 0; q < unique; q++) {
        const id = ids[q]!;
        const start = starts[group === -1 ? id * groupCount : id * groupCount + group]!;
        const end = starts[group === -1 ? (id + 1) * groupCount : id * groupCount + group + 1]!;
        if (end === start) continue;
        const idf = idfs[id]! * weights[q]! * index.weight;
        for (let i = start; i < end; i++) {
          const doc = docs[i]!;
          const tf = tfs[i]!;
          if (scores[doc] === 0) touched[touchedCount++] = doc;
          scores[doc]! += (idf * (tf * k1Plus1)) / (tf + norms[doc]!);
        }
      }
    }
    return touchedCount;
  }
}

/**
 * Lists the id of each term of `list` that the index knows once, in order of first appearance, with its
 * highest weight, and returns how many there are (the order matters: it decides the order scores are
 * added in, and so their last bits and the order of ties). Terms no document has score nothing and are
 * left out. The arrays are reused: they only grow, and entries past the count are stale.
 */
function mergeTerms(
  list: readonly WeightedTerms[],
  termIds: TermDictionary,
  ids: number[],
  weights: number[],
): number {
  let count = 0;
  for (let l = 0; l < list.length; l++) {
    const { terms, weight } = list[l]!;
    for (let t = 0; t < terms.length; t++) {
      const id = termIds.get(terms[t]!);
      if (id === -1) continue;
      // Queries have tens of terms: a scan of their ids beats a Map (and comparing strings).
      let at = 0;
      while (at < count && ids[at] !== id) at++;
      if (at === count) {
        ids[count] = id;
        weights[count++] = Math.max(0, weight);
      } else {
        weights[at] = Math.max(weights[at]!, weight);
      }
    }
  }
  return count;
}

/** One field's documents, and per term id the documents that have the term and how often. */
interface CollectedPostings {
  lists: Array<{ docs: number[]; tfs: number[] } | undefined>;
  lengths: Float32Array;
  total: number;
}

/** Gathers a field's postings, numbering terms not seen before in `termIds`. */
function collectPostings(
  documents: readonly FieldTerms[],
  field: string,
  termIds: Map<string, number>,
): CollectedPostings {
  const lists: CollectedPostings['lists'] = [];
  const lengths = new Float32Array(documents.length);
  let total = 0;
  documents.forEach((document, doc) => {
    const terms = document[field] ?? [];
    lengths[doc] = terms.length;
    total += terms.length;
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = termIds.size;
        termIds.set(term, id);
      }
      let list = lists[id];
      if (!list) {
        list = { docs: [], tfs: [] };
        lists[id] = list;
      }
      list.docs.push(doc);
      list.tfs.push(count);
    }
  });
  return { lists, lengths, total };
}

function buildField(
  { lists, lengths, total }: CollectedPostings,
  termCount: number,
  weight: number,
  k1: number,
  b: number,
  groupOf: Int32Array,
  groupCount: number,
): FieldIndex {
  const size = lengths.length;
  const starts = new Int32Array(termCount * groupCount + 1);
  const idfs = new Float64Array(termCount);
  let postingCount = 0;
  for (let id = 0; id < termCount; id++) {
    const list = lists[id];
    const n = list?.docs.length ?? 0;
    if (n > 0) idfs[id] = Math.log(1 + (size - n + 0.5) / (n + 0.5));
    for (let group = 0; group < groupCount; group++) {
      starts[id * groupCount + group] = postingCount;
      for (let i = 0; i < n; i++) if (groupOf[list!.docs[i]!] === group) postingCount++;
    }
  }
  starts[termCount * groupCount] = postingCount;
  const docs = new Int32Array(postingCount);
  const tfs = new Float32Array(postingCount);
  let at = 0;
  for (let id = 0; id < termCount; id++) {
    const list = lists[id];
    if (!list) continue;
    for (let group = 0; group < groupCount; group++) {
      for (let i = 0; i < list.docs.length; i++) {
        if (groupOf[list.docs[i]!] !== group) continue;
        docs[at] = list.docs[i]!;
        tfs[at++] = list.tfs[i]!;
      }
    }
  }
  const averageLength = Math.max(total / Math.max(size, 1), 1);
  const norms = new Float64Array(size);
  for (let doc = 0; doc < size; doc++) norms[doc] = k1 * (1 - b + (b * lengths[doc]!) / averageLength);
  return { weight, starts, docs, tfs, idfs, norms };
}

/**
 * Term → id (-1 when unknown). Terms of one or two UTF-16 units (every character bigram and most Chinese
 * words) are found by their codes in a table of numbers: a question's terms are fresh strings, and
 * hashing each one and chasing a Map of ~20,000 entries to compare it was the costliest step of a search.
 */
class TermDictionary {
  private readonly long: ReadonlyMap<string, number>;
  /** Open addressing over `shortKey`s, probed linearly; an id of -1 marks a free slot. */
  private readonly keys: Int32Array;
  private readonly ids: Int32Array;
  private readonly shift: number;

  constructor(termIds: ReadonlyMap<string, number>) {
    // The Map keeps only the longer terms: a smaller table is more often in the cache.
    this.long = new Map([...termIds].filter(([term]) => shortKey(term) === -1));
    let shortCount = 0;
    for (const term of termIds.keys()) if (shortKey(term) !== -1) shortCount++;
    // At most half full, so a probe seldom goes past its first slot.
    let bits = 1;
    while (1 << bits < shortCount * 2) bits++;
    this.shift = 32 - bits;
    this.keys = new Int32Array(1 << bits);
    this.ids = new Int32Array(1 << bits).fill(-1);
    for (const [term, id] of termIds) {
      const key = shortKey(term);
      if (key === -1) continue;
      let slot = this.slot(key);
      while (this.ids[slot] !== -1) slot = (slot + 1) & (this.ids.length - 1);
      this.keys[slot] = key;
      this.ids[slot] = id;
    }
  }

  get(term: string): number {
    const key = shortKey(term);
    if (key === -1) return this.long.get(term) ?? -1;
    const mask = this.ids.length - 1;
    for (let slot = this.slot(key); ; slot = (slot + 1) & mask) {
      const id = this.ids[slot]!;
      if (id === -1 || this.keys[slot] === key) return id;
    }
  }

  /** Where `key` is looked for first (Fibonacci hashing: the top bits of a multiplication). */
  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }
}

/**
 * A term of one or two UTF-16 units as one number: the code of a one-unit term, or both codes of a two-unit
 * term, the first in the upper half (never 0 there, which keeps the two kinds apart); else -1. A pair whose
 * first unit is U+0000 or whose key would be -1 (U+FFFF U+FFFF) counts as long.
 */
function shortKey(term: string): number {
  if (term.length === 1) return term.charCodeAt(0);
  if (term.length !== 2) return -1;
  const first = term.charCodeAt(0);
  return first === 0 ? -1 : (first << 16) | term.charCodeAt(1);
}
