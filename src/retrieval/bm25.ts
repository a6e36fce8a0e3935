/**
 * @module A small in-memory BM25 index over documents with several weighted fields.
 *
 * Postings are typed arrays; a query touches only the postings of its terms, so a search over 10,000
 * chunks costs well under a millisecond. LangChain's BM25Retriever scans every document per query and
 * splits on whitespace, which does not work for Chinese.
 */

/** One document: a bag of terms per field. */
export type FieldTerms = Record<string, readonly string[]>;

/** A query term with its weight (follow-up context terms count less than the user's own words). */
export interface WeightedTerm {
  term: string;
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

interface Postings {
  docs: Int32Array;
  tfs: Float32Array;
}

interface FieldIndex {
  weight: number;
  postings: Map<string, Postings>;
  lengths: Float32Array;
  averageLength: number;
  /** Per document: BM25's length normalisation `k1 · (1 − b + b · length / averageLength)`. */
  norms: Float64Array;
}

/** An immutable BM25 index. */
export class Bm25Index {
  readonly size: number;
  private readonly fields: Map<string, FieldIndex>;
  private readonly k1: number;
  private readonly scratch: Float64Array;
  private readonly touched: Int32Array;

  constructor(documents: readonly FieldTerms[], { fieldWeights, k1 = 1.2, b = 0.75 }: Bm25Options) {
    this.size = documents.length;
    this.k1 = k1;
    this.scratch = new Float64Array(documents.length);
    this.touched = new Int32Array(documents.length);
    this.fields = new Map(
      Object.entries(fieldWeights).map(([field, weight]) => [
        field,
        buildField(documents, field, weight, k1, b),
      ]),
    );
  }

  /** Inverse document frequency of `term` in `field` (0 when absent). */
  idf(field: string, term: string): number {
    const index = this.fields.get(field);
    const postings = index?.postings.get(term);
    if (!postings) return 0;
    const n = postings.docs.length;
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  /** Whether any document has `term` in `field`. */
  has(field: string, term: string): boolean {
    return this.fields.get(field)?.postings.has(term) ?? false;
  }

  /**
   * Scores documents for the query (terms per field) and returns the best `k`, highest first.
   *
   * @param filter only documents it accepts are returned (e.g. one language)
   */
  search(
    query: Record<string, readonly WeightedTerm[]>,
    k: number,
    filter?: (doc: number) => boolean,
  ): Hit[] {
    // One scratch array per index, zeroed again below: searches are synchronous, and a fresh
    // Float64Array per query was a large share of the bot's garbage.
    const scores = this.scratch;
    const touched = this.touched;
    let touchedCount = 0;
    const merged = new Map<string, number>();
    for (const field in query) {
      const index = this.fields.get(field);
      if (!index) continue;
      // A term repeated in the query counts once, at its highest weight.
      merged.clear();
      for (const { term, weight } of query[field]!) merged.set(term, Math.max(merged.get(term) ?? 0, weight));
      for (const [term, weight] of merged) {
        const postings: Postings | undefined = index.postings.get(term);
        if (!postings) continue;
        const docs: Int32Array = postings.docs;
        const tfs: Float32Array = postings.tfs;
        const n = docs.length;
        const idf = Math.log(1 + (this.size - n + 0.5) / (n + 0.5)) * weight * index.weight;
        const norms = index.norms;
        for (let i = 0; i < n; i++) {
          const doc = docs[i]!;
          const tf = tfs[i]!;
          if (scores[doc] === 0) touched[touchedCount++] = doc;
          scores[doc]! += (idf * (tf * (this.k1 + 1))) / (tf + norms[doc]!);
        }
      }
    }
    // The best k, highest first; equal scores keep the order the documents were first touched in (what
    // a stable sort of every touched document gave), without building and sorting them all.
    const hits: Hit[] = [];
    try {
      for (let t = 0; t < touchedCount; t++) {
        const doc = touched[t]!;
        const score = scores[doc]!;
        if (k <= 0 || (hits.length === k && score <= hits[k - 1]!.score)) continue;
        if (filter && !filter(doc)) continue;
        let at = hits.length;
        while (at > 0 && hits[at - 1]!.score < score) at--;
        if (hits.length === k) hits.pop();
        hits.splice(at, 0, { doc, score });
      }
    } finally {
      for (let t = 0; t < touchedCount; t++) scores[touched[t]!] = 0;
    }
    return hits;
  }
}

function buildField(
  documents: readonly FieldTerms[],
  field: string,
  weight: number,
  k1: number,
  b: number,
): FieldIndex {
  const lists = new Map<string, { docs: number[]; tfs: number[] }>();
  const lengths = new Float32Array(documents.length);
  let total = 0;
  documents.forEach((document, doc) => {
    const terms = document[field] ?? [];
    lengths[doc] = terms.length;
    total += terms.length;
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, count] of counts) {
      let list = lists.get(term);
      if (!list) {
        list = { docs: [], tfs: [] };
        lists.set(term, list);
      }
      list.docs.push(doc);
      list.tfs.push(count);
    }
  });
  const postings = new Map<string, Postings>();
  for (const [term, list] of lists) {
    postings.set(term, { docs: Int32Array.from(list.docs), tfs: Float32Array.from(list.tfs) });
  }
  const averageLength = Math.max(total / Math.max(documents.length, 1), 1);
  const norms = new Float64Array(documents.length);
  for (let doc = 0; doc < documents.length; doc++)
    norms[doc] = k1 * (1 - b + (b * lengths[doc]!) / averageLength);
  return { weight, postings, lengths, averageLength, norms };
}
