/**
 * Retrieval benchmark: index build time and query latency (p50/p99) for the shipped knowledge base and for
 * synthetic 1,000-, 10,000- and 50,000-chunk ones, next to a naive baseline in the same run: BM25 computed by
 * scanning every chunk per query (what LangChain's BM25Retriever does), on the same tokens.
 */
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../src/config/config.ts';
import { loadKnowledgeBase } from '../src/knowledge/load.ts';
import { groundingSourceOf } from '../src/knowledge-setup.ts';
import type { Chunk } from '../src/retrieval/chunks.ts';
import { chunkSource } from '../src/retrieval/knowledge-grounding.ts';
import { createLexicalRetriever } from '../src/retrieval/lexical-retriever.ts';
import { createSynonymTable } from '../src/retrieval/synonyms.ts';
import { createTokenizer, type Tokenizer } from '../src/retrieval/tokenizer.ts';
import { ms, percentile, printTable, timeEach } from './stats.ts';

/** A deterministic pseudo-random generator (mulberry32), so every run builds the same corpus. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` chunks recombined from the shipped chunks' sentences, keeping the real vocabulary and lengths. */
function syntheticChunks(base: readonly Chunk[], size: number): Chunk[] {
  const next = random(42);
  const sentences = base.flatMap((chunk) =>
    chunk.text.split(/(?<=[。！？.!?\n])/u).filter((s) => s.trim().length > 4),
  );
  return Array.from({ length: size }, (_, i) => {
    const template = base[i % base.length]!;
    let text = '';
    while (text.length < 450) text += sentences[Math.floor(next() * sentences.length)];
    return { ...template, id: `${template.lessonId}#s${i}`, text };
  });
}

/** BM25 by scanning every document per query: the baseline. */
function naiveSearch(documents: readonly string[][], tokenizer: Tokenizer) {
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / documents.length;
  const counts = documents.map((d) => {
    const map = new Map<string, number>();
    for (const term of d) map.set(term, (map.get(term) ?? 0) + 1);
    return map;
  });
  return (query: string) => {
    const terms = [...new Set(tokenizer.words(query))];
    const df = terms.map((term) => counts.filter((c) => c.has(term)).length);
    const scores = counts.map((c, doc) =>
      terms.reduce((score, term, i) => {
        const tf = c.get(term) ?? 0;
        if (!tf) return score;
        const idf = Math.log(1 + (documents.length - df[i]! + 0.5) / (df[i]! + 0.5));
        return (
          score + (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * documents[doc]!.length) / averageLength))
        );
      }, 0),
    );
    return scores
      .map((score, doc) => ({ doc, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
  };
}

/** Sizes of one retrieval run. */
export interface RetrievalOptions {
  /** Synthetic corpus sizes, in chunks (default 1,000, 10,000 and 50,000). */
  sizes?: readonly number[];
  /** How often each dev-set question is asked (default 5), so p99 rests on enough samples. */
  repeats?: number;
}

/** One corpus's figures, in milliseconds. */
export interface RetrievalRow {
  corpus: string;
  chunks: number;
  buildMs: number;
  p50: number;
  p99: number;
  /** The naive scan's p50 and p99 (measured up to 10,000 chunks). */
  naive?: { p50: number; p99: number };
}

/** Runs the benchmark and prints its table. */
export async function benchRetrieval(options: RetrievalOptions = {}): Promise<RetrievalRow[]> {
  const sizes = options.sizes ?? [1_000, 10_000, 50_000];
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const kb = await loadKnowledgeBase(config.knowledgeDir);
  const source = groundingSourceOf(kb);
  const shipped = chunkSource(source);
  const synonyms = createSynonymTable(
    source.glossaries.flatMap((g) => g.entries.map((e) => [e.term, ...e.aliases])),
  );
  const tokenizerStart = performance.now();
  // No memo of recent texts: every repetition of a question is timed cold.
  const tokenizer = createTokenizer([...synonyms.words(), ...kb.lessons.flatMap((l) => l.meta.tags)], {
    cacheSize: 0,
  });
  const tokenizerMs = performance.now() - tokenizerStart;
  const questions = (await readFile('test/eval/dev-set.jsonl', 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { question: string; lang: 'zh' | 'en' });
  // Each query runs several times so p99 rests on enough samples.
  const queries = Array.from({ length: options.repeats ?? 5 }, () => questions).flat();

  const rows: string[][] = [];
  const results: RetrievalRow[] = [];
  const corpora: Array<[string, Chunk[]]> = [
    ['shipped', shipped],
    ...sizes.map((size): [string, Chunk[]] => [
      `synthetic ${size >= 1_000 ? `${size / 1_000}k` : size}`,
      syntheticChunks(shipped, size),
    ]),
  ];
  for (const [name, chunks] of corpora) {
    const buildStart = performance.now();
    const retriever = createLexicalRetriever(chunks, tokenizer, synonyms);
    const buildMs = performance.now() - buildStart;
    const times = timeEach(queries, (q) => retriever.search({ text: q.question, lang: q.lang }, 30));
    let baseline = ['', ''];
    let naiveFigures: RetrievalRow['naive'];
    if (chunks.length <= 10_000) {
      const documents = chunks.map((chunk) => tokenizer.words(chunk.text));
      const naive = naiveSearch(documents, tokenizer);
      const naiveTimes = timeEach(questions, (q) => naive(q.question));
      naiveFigures = { p50: percentile(naiveTimes, 50), p99: percentile(naiveTimes, 99) };
      baseline = [ms(naiveFigures.p50), ms(naiveFigures.p99)];
      const ratio = naiveFigures.p50 / percentile(times, 50);
      baseline.push(`${ratio.toFixed(0)}×`);
    }
    results.push({
      corpus: name,
      chunks: chunks.length,
      buildMs,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      naive: naiveFigures,
    });
    rows.push([
      name,
      String(chunks.length),
      ms(buildMs),
      ms(percentile(times, 50)),
      ms(percentile(times, 99)),
      ...baseline,
    ]);
  }
  printTable(
    `Retrieval (lexical BM25, ${queries.length} queries from the dev set; jieba dictionary load ${ms(tokenizerMs)})`,
    ['corpus', 'chunks', 'index build', 'p50', 'p99', 'naive-scan p50', 'naive-scan p99', 'speed-up p50'],
    rows,
  );
  const at10k = results.find((row) => row.chunks === 10_000);
  if (at10k) console.log(`target: p99 < 2 ms at 10,000 chunks — ${at10k.p99 < 2 ? 'met' : 'NOT met'}`);
  return results;
}
