/**
 * @module A small in-memory BM25 index over documents with several weighted fields.
 *
 * Postings are plain Maps from a term to the documents that hold it; a query touches only its own terms'
 * postings, so a search over 10,000 chunks stays well under a millisecond (`npm run bench`). LangChain's
 * BM25Retriever scans every document per query and splits on whitespace, which does not work for Chinese.
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

const everyDocument = () => true;

/** One posting: a document and how often the term occurs in it. */
interface Posting {
  doc: number;
  tf: number;
}

/** One field's postings and statistics. */
interface FieldIndex {
  weight: number;
  postings: Map<string, Posting[]>;
  /** Per document: BM25's length normalisation `k1 · (1 − b + b · length / averageLength)`. */
  norms: number[];
}

/** An immutable BM25 index. */
export class Bm25Index {
  readonly size: number;
  private readonly fields: Map<string, FieldIndex>;
  private readonly k1: number;

  constructor(documents: readonly FieldTerms[], { fieldWeights, k1 = 1.2, b = 0.75 }: Bm25Options) {
    this.size = documents.length;
    this.k1 = k1;
    this.fields = new Map(
      Object.entries(fieldWeights).map(([field, weight]) => [
        field,
        buildField(
          documents.map((document) => document[field] ?? []),
          weight,
          k1,
          b,
        ),
      ]),
    );
  }

  /** Inverse document frequency of `term` in `field` (0 when no document has it). */
  idf(field: string, term: string): number {
    const count = this.fields.get(field)?.postings.get(term)?.length ?? 0;
    return count === 0 ? 0 : Math.log(1 + (this.size - count + 0.5) / (count + 0.5));
  }

  /** Whether any document has `term` in `field`. */
  has(field: string, term: string): boolean {
    return this.fields.get(field)?.postings.has(term) ?? false;
  }

  /**
   * The best `k` documents for a query (per field, lists of weighted terms), highest score first; equal
   * scores keep the order in which documents were first reached. `accept` limits which documents count.
   */
  search(
    query: Record<string, readonly WeightedTerms[]>,
    k: number,
    accept: (doc: number) => boolean = everyDocument,
  ): Hit[] {
    // A score per document (most stay 0) and the documents scored, in the order first reached.
    const scores = new Float64Array(this.size);
    const reached: number[] = [];
    for (const [name, lists] of Object.entries(query)) {
      const field = this.fields.get(name);
      if (!field) continue;
      for (const [term, weight] of strongest(lists)) {
        const postings = field.postings.get(term);
        if (!postings) continue;
        const weighted = this.idf(name, term) * weight * field.weight;
        for (const { doc, tf } of postings) {
          if (!accept(doc)) continue;
          if (scores[doc] === 0) reached.push(doc);
          scores[doc]! += (weighted * (tf * (this.k1 + 1))) / (tf + field.norms[doc]!);
        }
      }
    }
    return best(reached, scores, k);
  }
}

/**
 * The `k` highest scores, highest first; equal scores in the order met. Thousands of documents may score
 * for a common word, and only a few dozen are wanted: each is compared with the worst of those kept so far.
 */
function best(docs: readonly number[], scores: Float64Array, k: number): Hit[] {
  const kept: Hit[] = [];
  if (k <= 0) return kept;
  for (const doc of docs) {
    const score = scores[doc]!;
    if (kept.length === k && score <= kept[k - 1]!.score) continue;
    let at = kept.length;
    while (at > 0 && kept[at - 1]!.score < score) at--;
    kept.splice(at, 0, { doc, score });
    if (kept.length > k) kept.pop();
  }
  return kept;
}

/** Each term of the lists once, at its highest weight, in the order first met. */
function strongest(lists: readonly WeightedTerms[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const { terms, weight } of lists) {
    for (const term of terms) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  }
  return weights;
}

function buildField(documents: ReadonlyArray<readonly string[]>, weight: number, k1: number, b: number) {
  const postings = new Map<string, Posting[]>();
  documents.forEach((terms, doc) => {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      const list = postings.get(term);
      if (list) list.push({ doc, tf });
      else postings.set(term, [{ doc, tf }]);
    }
  });
  const total = documents.reduce((sum, terms) => sum + terms.length, 0);
  const averageLength = Math.max(total / Math.max(documents.length, 1), 1);
  const norms = documents.map((terms) => k1 * (1 - b + (b * terms.length) / averageLength));
  return { weight, postings, norms } satisfies FieldIndex;
}
