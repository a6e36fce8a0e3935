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
}

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
  /** Per term id: where its postings start in `docs` and `tfs`; they end where the next id's start. */
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
  private readonly termIds: Map<string, number>;
  private readonly fields: Map<string, FieldIndex>;
  private readonly k1: number;
  // Per-search scratch, reused: searches are synchronous, and fresh arrays per query were a large share of
  // the bot's garbage. Scores are zeroed again after each search.
  private readonly scratch: Float64Array;
  private readonly touched: Int32Array;
  private readonly heapScores: Float64Array;
  private readonly heapOrder: Int32Array;
  /** A field's query terms, each once, with its highest weight and its id (-1 when no field has it). */
  private readonly uniqueTerms: string[] = [];
  private readonly uniqueWeights: number[] = [];
  private readonly uniqueIds: number[] = [];

  constructor(documents: readonly FieldTerms[], { fieldWeights, k1 = 1.2, b = 0.75 }: Bm25Options) {
    this.size = documents.length;
    this.k1 = k1;
    this.scratch = new Float64Array(documents.length);
    this.touched = new Int32Array(documents.length);
    this.heapScores = new Float64Array(documents.length);
    this.heapOrder = new Int32Array(documents.length);
    this.termIds = new Map();
    const postings = Object.entries(fieldWeights).map(
      ([field, weight]) => [field, weight, collectPostings(documents, field, this.termIds)] as const,
    );
    this.fields = new Map(
      postings.map(([field, weight, collected]) => [
        field,
        buildField(collected, this.termIds.size, weight, k1, b),
      ]),
    );
  }

  /** Inverse document frequency of `term` in `field` (0 when absent). */
  idf(field: string, term: string): number {
    const index = this.fields.get(field);
    const id = this.termIds.get(term);
    return index && id !== undefined && index.starts[id + 1]! > index.starts[id]! ? index.idfs[id]! : 0;
  }

  /** Whether any document has `term` in `field`. */
  has(field: string, term: string): boolean {
    const index = this.fields.get(field);
    const id = this.termIds.get(term);
    return index !== undefined && id !== undefined && index.starts[id + 1]! > index.starts[id]!;
  }

  /**
   * Scores documents for the query (terms per field) and returns the best `k`, highest first.
   *
   * @param filter only documents it accepts are returned (e.g. one language)
   */
  search(
    query: Record<string, readonly WeightedTerms[]>,
    k: number,
    filter?: (doc: number) => boolean,
  ): Hit[] {
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
   */
  searchInto(
    query: Record<string, readonly WeightedTerms[]>,
    k: number,
    filter: ((doc: number) => boolean) | undefined,
    docs: Int32Array,
    scores: Float64Array,
  ): number {
    k = Math.min(k, this.size);
    if (docs.length < k || scores.length < k) throw new RangeError(`room for ${k} hits needed`);
    const touchedCount = this.score(query);
    // The best k, highest first; equal scores keep the order the documents were first touched in (what
    // a stable sort of every touched document gave). A heap of the best so far, worst on top, with each
    // one's place in `touched` to break ties: building and sorting every touched document cost more.
    const all = this.scratch;
    const touched = this.touched;
    const heapScores = this.heapScores;
    const heapOrder = this.heapOrder;
    let count = 0;
    try {
      for (let t = 0; t < touchedCount && k > 0; t++) {
        const doc = touched[t]!;
        const score = all[doc]!;
        // A later document needs a higher score than the worst kept one (a tie goes to the earlier).
        if (count === k && score <= heapScores[0]!) continue;
        if (filter && !filter(doc)) continue;
        if (count < k) siftUp(heapScores, heapOrder, count++, score, t);
        else siftDown(heapScores, heapOrder, count, score, t);
      }
      // Taking the worst off the top fills the results from the end.
      for (let left = count; left > 0; left--) {
        docs[left - 1] = touched[heapOrder[0]!]!;
        scores[left - 1] = heapScores[0]!;
        siftDown(heapScores, heapOrder, left - 1, heapScores[left - 1]!, heapOrder[left - 1]!);
      }
    } finally {
      for (let t = 0; t < touchedCount; t++) all[touched[t]!] = 0;
    }
    return count;
  }

  /**
   * Adds up every document's score for `query` in the scratch array, lists the documents it touched in the
   * order it first touched them, and returns how many; the caller zeroes their scores again.
   */
  private score(query: Record<string, readonly WeightedTerms[]>): number {
    const scores = this.scratch;
    const touched = this.touched;
    const k1Plus1 = this.k1 + 1;
    const terms = this.uniqueTerms;
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
        unique = mergeTerms(list, terms, weights);
        for (let q = 0; q < unique; q++) ids[q] = this.termIds.get(terms[q]!) ?? -1;
        merged = list;
      }
      const { starts, docs, tfs, idfs, norms } = index;
      for (let q = 0; q < unique; q++) {
        const id = ids[q]!;
        if (id === -1) continue;
        const end = starts[id + 1]!;
        if (end === starts[id]!) continue;
        const idf = idfs[id]! * weights[q]! * index.weight;
        for (let i = starts[id]!; i < end; i++) {
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

// A heap of hits, worst on top, in two arrays: scores, and the order they were first touched in, which
// ranks equal scores (the earlier is better).

/** Whether hit (`score`, `order`) ranks below hit (`otherScore`, `otherOrder`). */
function worse(score: number, order: number, otherScore: number, otherOrder: number): boolean {
  return score < otherScore || (score === otherScore && order > otherOrder);
}

/** Adds a hit at `at` (the heap's size) and moves it up to its place. */
function siftUp(scores: Float64Array, orders: Int32Array, at: number, score: number, order: number): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(score, order, scores[parent]!, orders[parent]!)) break;
    scores[at] = scores[parent]!;
    orders[at] = orders[parent]!;
    at = parent;
  }
  scores[at] = score;
  orders[at] = order;
}

/** Puts a hit on top of the heap's first `size` entries (replacing the top) and moves it down to its place. */
function siftDown(
  scores: Float64Array,
  orders: Int32Array,
  size: number,
  score: number,
  order: number,
): void {
  let at = 0;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= size) break;
    if (child + 1 < size && worse(scores[child + 1]!, orders[child + 1]!, scores[child]!, orders[child]!))
      child++;
    if (!worse(scores[child]!, orders[child]!, score, order)) break;
    scores[at] = scores[child]!;
    orders[at] = orders[child]!;
    at = child;
  }
  scores[at] = score;
  orders[at] = order;
}

/**
 * Lists each term of `list` once, in order of first appearance, at its highest weight, and returns how many
 * there are (the order matters: it decides the order scores are added in, and so their last bits and the
 * order of ties). The arrays are reused: they only grow, and entries past the count are stale.
 */
function mergeTerms(list: readonly WeightedTerms[], terms: string[], weights: number[]): number {
  let count = 0;
  for (let l = 0; l < list.length; l++) {
    const { terms: group, weight } = list[l]!;
    for (let g = 0; g < group.length; g++) {
      const term = group[g]!;
      // Queries have tens of terms: a scan beats hashing them into a Map.
      let at = 0;
      while (at < count && terms[at] !== term) at++;
      if (at === count) {
        terms[count] = term;
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
): FieldIndex {
  const size = lengths.length;
  const starts = new Int32Array(termCount + 1);
  const idfs = new Float64Array(termCount);
  let postingCount = 0;
  for (let id = 0; id < termCount; id++) {
    starts[id] = postingCount;
    const n = lists[id]?.docs.length ?? 0;
    if (n > 0) idfs[id] = Math.log(1 + (size - n + 0.5) / (n + 0.5));
    postingCount += n;
  }
  starts[termCount] = postingCount;
  const docs = new Int32Array(postingCount);
  const tfs = new Float32Array(postingCount);
  for (let id = 0; id < termCount; id++) {
    const list = lists[id];
    if (!list) continue;
    docs.set(list.docs, starts[id]);
    tfs.set(list.tfs, starts[id]);
  }
  const averageLength = Math.max(total / Math.max(size, 1), 1);
  const norms = new Float64Array(size);
  for (let doc = 0; doc < size; doc++) norms[doc] = k1 * (1 - b + (b * lengths[doc]!) / averageLength);
  return { weight, starts, docs, tfs, idfs, norms };
}
