/** Lexical retrieval's coverage: the share of the question's (idf-weighted) words a passage contains. */
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/retrieval/chunks.ts';
import { createLexicalRetriever } from '../../src/retrieval/lexical-retriever.ts';
import { createSynonymTable } from '../../src/retrieval/synonyms.ts';
import { createTokenizer } from '../../src/retrieval/tokenizer.ts';

function chunk(id: string, text: string): Chunk {
  return { id, lessonId: id, title: '', track: 'live', lang: 'en', section: '', text, keywords: [] };
}

describe('lexical retriever coverage', () => {
  const chunks = [
    chunk('a', 'deer antler slices need a food licence before they are sold online'),
    chunk('b', 'a live stream needs good lighting and a clear script'),
    chunk('c', 'short videos should show the deer farm and the packing'),
  ];
  const retriever = createLexicalRetriever(
    chunks,
    createTokenizer([], { cacheSize: 0 }),
    createSynonymTable([]),
  );

  it('is 1 when every word is in the passage, 0 when none is, and in between when some are', () => {
    expect(retriever.coverage('antler licence', [chunks[0]!])).toBeCloseTo(1);
    expect(retriever.coverage('antler licence', [chunks[1]!])).toBe(0);
    const partial = retriever.coverage('antler lighting', [chunks[0]!]);
    expect(partial).toBeGreaterThan(0.2);
    expect(partial).toBeLessThan(0.8);
    // Adding a matched word raises coverage; a share, not the weight of whichever word came last.
    expect(retriever.coverage('antler licence lighting', [chunks[0]!])).toBeGreaterThan(partial);
    expect(retriever.coverage('lighting antler', [chunks[0]!])).toBeCloseTo(partial);
    // "deer" is in two passages, so it weighs less than "lighting", which this passage lacks.
    const common = retriever.coverage('deer lighting', [chunks[0]!]);
    expect(common).toBeGreaterThan(0);
    expect(common).toBeLessThan(0.5);
    expect(retriever.coverage('lighting deer', [chunks[0]!])).toBeCloseTo(common);
  });

  it('gives each search hit the coverage of its own chunk, and the same with a text analysed once', () => {
    const analysed = retriever.analyse('deer antler lighting');
    const hits = retriever.search({ text: 'deer antler lighting', lang: 'en' }, 3);
    expect(hits.map((hit) => hit.chunk.id)).toEqual(['a', 'b', 'c']);
    for (const hit of hits) {
      expect(hit.coverage).toBe(retriever.coverage('deer antler lighting', [hit.chunk]));
      expect(hit.coverage).toBe(retriever.coverage(analysed, [hit.chunk]));
    }
    const again = retriever.search({ text: 'deer antler lighting', lang: 'en', analysed }, 3);
    expect(again.map(({ chunk, score, coverage }) => ({ chunk, score, coverage }))).toEqual(
      hits.map(({ chunk, score, coverage }) => ({ chunk, score, coverage })),
    );
    expect(retriever.coverage(analysed, chunks)).toBe(1);
  });

  it('searches the text it is given when an analysis of another text comes with it', () => {
    const other = retriever.analyse('live stream lighting');
    const hits = retriever.search({ text: 'antler licence', lang: 'en', analysed: other }, 1);
    expect(hits[0]?.chunk.id).toBe('a');
    expect(hits[0]?.coverage).toBeCloseTo(1);
  });

  it('writes the same hits into arrays, and measures the same coverage of chunks given by position', () => {
    const analysed = retriever.analyse('deer antler lighting');
    const docs = new Int32Array(3);
    const scores = new Float64Array(3);
    const count = retriever.searchInto(
      { text: 'deer antler lighting', lang: 'en', analysed },
      3,
      docs,
      scores,
    );
    const hits = retriever.search({ text: 'deer antler lighting', lang: 'en' }, 3);
    expect(Array.from(docs.subarray(0, count), (doc) => chunks[doc]!.id)).toEqual(
      hits.map((hit) => hit.chunk.id),
    );
    expect(Array.from(scores.subarray(0, count))).toEqual(hits.map((hit) => hit.score));
    const made = retriever.hits(analysed, docs, scores, count);
    expect(made.map(({ chunk, score, coverage }) => ({ chunk, score, coverage }))).toEqual(
      hits.map(({ chunk, score, coverage }) => ({ chunk, score, coverage })),
    );
    for (const n of [0, 1, 2, 3]) {
      expect(retriever.coverageAt(analysed, docs, n)).toBe(
        retriever.coverage(
          analysed,
          hits.slice(0, n).map((hit) => hit.chunk),
        ),
      );
    }
    expect(retriever.searchInto({ text: 'deer', lang: 'zh' }, 3, docs, scores)).toBe(0);
  });
});
