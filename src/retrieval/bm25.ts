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
}

/** An immutable BM25 index. */
export class Bm25Index {
  readonly size: number;
  private readonly fields: Map<string, FieldIndex>;
  private readonly k1: number;
  private readonly b: number;

  constructor(documents: readonly FieldTerms[], { fieldWeights, k1 = 1.2, b = 0.75 }: Bm25Options) {
    this.size = documents.length;
    this.k1 = k1;
    this.b = b;
    this.fields = new Map(
      Object.entries(fieldWeights).map(([field, weight]) => [field, buildField(documents, field, weight)]),
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
    const scores = new Float64Array(this.size);
    const touched: number[] = [];
    for (const [field, terms] of Object.entries(query)) {
      const index = this.fields.get(field);
      if (!index) continue;
      for (const { term, weight } of mergeTerms(terms)) {
        const postings: Postings | undefined = index.postings.get(term);
        if (!postings) continue;
        const idf = this.idf(field, term) * weight * index.weight;
        const docs: Int32Array = postings.docs;
        const tfs: Float32Array = postings.tfs;
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          const tf = tfs[i]!;
          const norm = this.k1 * (1 - this.b + (this.b * index.lengths[doc]!) / index.averageLength);
          if (scores[doc] === 0) touched.push(doc);
          scores[doc]! += (idf * (tf * (this.k1 + 1))) / (tf + norm);
        }
      }
    }
    const hits: Hit[] = [];
    for (const doc of touched) {
      if (filter && !filter(doc)) continue;
      hits.push({ doc, score: scores[doc]! });
    }
    hits.sort((x, y) => y.score - x.score);
    return hits.slice(0, k);
  }
}

function buildField(documents: readonly FieldTerms[], field: string, weight: number): FieldIndex {
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
  return { weight, postings, lengths, averageLength: Math.max(total / Math.max(documents.length, 1), 1) };
}

// A term repeated in the query counts once, at its highest weight.
function mergeTerms(terms: readonly WeightedTerm[]): WeightedTerm[] {
  const merged = new Map<string, number>();
  for (const { term, weight } of terms) merged.set(term, Math.max(merged.get(term) ?? 0, weight));
  return [...merged].map(([term, weight]) => ({ term, weight }));
}
