/** Lexical retrieval: search by language, light words, and coverage (the share of the ask a passage holds). */
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/retrieval/chunks.ts';
import { createLexicalRetriever } from '../../src/retrieval/lexical-retriever.ts';
import { createSynonymTable } from '../../src/retrieval/synonyms.ts';
import { createTokenizer } from '../../src/retrieval/tokenizer.ts';

function chunk(id: string, text: string, lang: 'zh' | 'en' = 'en'): Chunk {
  return { id, lessonId: id, title: '', track: 'live', lang, section: '', text, keywords: [] };
}

describe('lexical retriever', () => {
  const chunks = [
    chunk('a', 'deer antler slices need a food licence before they are sold online'),
    chunk('b', 'a live stream needs good lighting and a clear script'),
    chunk('c', 'short videos should show the deer farm and the packing'),
    chunk('d', '直播间要有补光灯和清楚的话术', 'zh'),
  ];
  const tokenizer = createTokenizer([], { cacheSize: 0 });
  const retriever = createLexicalRetriever(chunks, tokenizer, createSynonymTable([['licence', 'permit']]));
  const words = (text: string) => tokenizer.words(text);

  it('measures coverage as the idf-weighted share of the ask words a passage holds', () => {
    expect(retriever.coverage(words('antler licence'), [chunks[0]!])).toBeCloseTo(1);
    expect(retriever.coverage(words('antler licence'), [chunks[1]!])).toBe(0);
    const partial = retriever.coverage(words('antler lighting'), [chunks[0]!]);
    expect(partial).toBeGreaterThan(0.2);
    expect(partial).toBeLessThan(0.8);
    expect(retriever.coverage(words('lighting antler'), [chunks[0]!])).toBeCloseTo(partial);
    // "deer" is in two passages, so it weighs less than "lighting", which this passage lacks.
    const common = retriever.coverage(words('deer lighting'), [chunks[0]!]);
    expect(common).toBeGreaterThan(0);
    expect(common).toBeLessThan(0.5);
    // Several passages together hold more of the ask than one.
    expect(retriever.coverage(words('antler lighting'), [chunks[0]!, chunks[1]!])).toBeCloseTo(1);
  });

  it('counts a word the knowledge base lacks as the rarest, unless a synonym of it is there', () => {
    // "invoice" is in no passage: the ask is mostly unanswered, however well "antler" matches.
    expect(retriever.coverage(words('antler invoice'), [chunks[0]!])).toBeLessThan(0.5);
    // "permit" is in no passage, but its glossary synonym "licence" is.
    expect(retriever.coverage(words('permit'), [chunks[0]!])).toBe(1);
  });

  it('ignores a two-character word the segmenter cut across glue characters, when no passage has it', () => {
    expect(retriever.coverage(['前要', '直播间'], [chunks[3]!])).toBe(1);
    expect(retriever.coverage(['发票', '直播间'], [chunks[3]!])).toBeLessThan(1);
  });

  it('searches only the language asked', () => {
    const hits = retriever.search({ text: 'deer antler lighting', lang: 'en' }, 5);
    expect(hits.map((hit) => hit.chunk.id)).not.toContain('d');
    expect(hits[0]!.chunk.id).toBe('a');
    expect(retriever.search({ text: '补光灯', lang: 'zh' }, 5).map((hit) => hit.chunk.id)).toEqual(['d']);
  });

  it('lets light words (a platform or product the question names) count for less than the ask', () => {
    const plain = retriever.search({ text: 'deer script', lang: 'en' }, 3);
    const light = retriever.search({ text: 'deer script', lang: 'en', lightWords: ['deer'] }, 3);
    expect(light[0]!.chunk.id).toBe('b');
    expect(light.find((hit) => hit.chunk.id === 'a')!.score).toBeLessThan(
      plain.find((hit) => hit.chunk.id === 'a')!.score,
    );
  });
});
