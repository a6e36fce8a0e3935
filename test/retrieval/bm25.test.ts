/**
 * The BM25 index: scores, the order of ties, repeated query terms, and the best-k selection checked
 * against a plain score-everything-and-sort reference.
 */
import { describe, expect, it } from 'vitest';
import { Bm25Index, type FieldTerms, type WeightedTerms } from '../../src/retrieval/bm25.ts';

const fieldWeights = { words: 1, keys: 1.2 };

/** BM25 the obvious way: every document scored, touched documents stably sorted, the best k kept. */
function reference(
  documents: readonly FieldTerms[],
  query: Record<string, readonly WeightedTerms[]>,
  k: number,
  filter: (doc: number) => boolean = () => true,
) {
  const k1 = 1.2;
  const b = 0.75;
  const scores = new Float64Array(documents.length);
  const touched: number[] = [];
  for (const field in query) {
    const weight = fieldWeights[field as keyof typeof fieldWeights];
    if (weight === undefined) continue;
    const lengths = documents.map((d) => (d[field] ?? []).length);
    const average = Math.max(lengths.reduce((a, n) => a + n, 0) / Math.max(documents.length, 1), 1);
    const merged = new Map<string, number>();
    for (const { terms, weight: w } of query[field]!)
      for (const term of terms) merged.set(term, Math.max(merged.get(term) ?? 0, w));
    for (const [term, w] of merged) {
      const having = documents.flatMap((d, doc) => ((d[field] ?? []).includes(term) ? [doc] : []));
      if (having.length === 0) continue;
      const n = having.length;
      const idf = Math.log(1 + (documents.length - n + 0.5) / (n + 0.5)) * w * weight;
      for (const doc of having) {
        const tf = (documents[doc]![field] ?? []).filter((t) => t === term).length;
        const norm = k1 * (1 - b + (b * lengths[doc]!) / average);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (idf * (tf * (k1 + 1))) / (tf + norm);
      }
    }
  }
  return touched
    .filter(filter)
    .map((doc) => ({ doc, score: scores[doc]! }))
    .sort((x, y) => y.score - x.score)
    .slice(0, Math.max(k, 0));
}

/** A deterministic pseudo-random corpus over a small vocabulary, so that equal scores are common. */
function corpus(size: number, seed: number): FieldTerms[] {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const vocabulary = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
  return Array.from({ length: size }, () => ({
    words: Array.from({ length: 1 + next(6) }, () => vocabulary[next(vocabulary.length)]!),
    keys: Array.from({ length: next(2) }, () => vocabulary[next(vocabulary.length)]!),
  }));
}

describe('BM25 index', () => {
  it('keeps the best k, highest first, equal scores in the order documents were first touched', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const documents = corpus(60, seed);
      const index = new Bm25Index(documents, { fieldWeights });
      const words: WeightedTerms[] = [
        { terms: ['a', 'c', 'a'], weight: 1 },
        { terms: ['e', 'c'], weight: 0.7 },
      ];
      const query = { words, keys: words };
      for (const k of [0, 1, 3, 10, 40, 100]) {
        expect(index.search(query, k)).toEqual(reference(documents, query, k));
        const even = (doc: number) => doc % 2 === 0;
        expect(index.search(query, k, even)).toEqual(reference(documents, query, k, even));
      }
    }
  });

  it('ranks a tie by which document a query term reached first, not by document number', () => {
    // "c" and "a" are equally rare and the documents equally long: documents 0 and 1 tie.
    const documents = [{ words: ['c', 'x'] }, { words: ['a', 'y'] }, { words: ['z', 'y'] }];
    const index = new Bm25Index(documents, { fieldWeights });
    const hits = index.search({ words: [{ terms: ['a', 'c'], weight: 1 }] }, 2);
    expect(hits.map((hit) => hit.doc)).toEqual([1, 0]);
    expect(hits[0]!.score).toBe(hits[1]!.score);
    expect(hits).toEqual(reference(documents, { words: [{ terms: ['a', 'c'], weight: 1 }] }, 2));
  });

  it('counts a repeated query term once, at its highest weight', () => {
    const index = new Bm25Index(corpus(30, 7), { fieldWeights });
    const once = index.search({ words: [{ terms: ['a'], weight: 1 }] }, 10);
    expect(index.search({ words: [{ terms: ['a', 'a'], weight: 1 }] }, 10)).toEqual(once);
    expect(
      index.search(
        {
          words: [
            { terms: ['a'], weight: 0.5 },
            { terms: ['a'], weight: 1 },
          ],
        },
        10,
      ),
    ).toEqual(once);
  });

  it('tells apart terms of one and two characters, however unusual', () => {
    const terms = ['a', 'ab', 'ba', '\u0000a', 'a\u0000', '\uffff\uffff', '\uffff', '', '直播', '直', 'abc'];
    const index = new Bm25Index(
      terms.map((term) => ({ words: [term] })),
      { fieldWeights },
    );
    for (const term of terms) expect(index.has('words', term), JSON.stringify(term)).toBe(true);
    for (const term of ['b', 'aa', '\u0000', '\u0000b', '\ufffe\uffff', '播', '直直', 'abcd'])
      expect(index.has('words', term), JSON.stringify(term)).toBe(false);
    for (const term of terms) {
      const hits = index.search({ words: [{ terms: [term], weight: 1 }] }, 3);
      expect(hits.map((hit) => terms[hit.doc])).toEqual([term]);
    }
  });

  it('knows which terms each field has', () => {
    const index = new Bm25Index(
      [
        { words: ['deer', 'antler'], keys: ['live'] },
        { words: ['deer'], keys: [] },
      ],
      { fieldWeights },
    );
    expect(index.has('words', 'deer')).toBe(true);
    expect(index.has('words', 'live')).toBe(false);
    expect(index.has('keys', 'live')).toBe(true);
    expect(index.has('nowhere', 'deer')).toBe(false);
    expect(index.idf('words', 'unknown')).toBe(0);
    expect(index.idf('words', 'antler')).toBeGreaterThan(index.idf('words', 'deer'));
  });
});
