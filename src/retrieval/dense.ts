/**
 * @module Dense retrieval, when an embedding model is configured: chunk vectors cached in Redis by model
 * and content hash, cosine search over one Float32Array, fused with BM25 by reciprocal rank fusion, and an
 * optional Cohere-style rerank call. Any failure falls back to the lexical ranking.
 */
import { createHash } from 'node:crypto';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { ModelEndpoint } from '../config/config.ts';
import type { Language } from '../core/turn.ts';
import type { Logger } from '../logging/logger.ts';
import type { Redis } from '../redis/connect.ts';
import type { Chunk } from './chunks.ts';
import type { HitReranker } from './knowledge-grounding.ts';
import type { ScoredChunk } from './lexical-retriever.ts';

/** Turns texts into vectors. */
export interface Embedder {
  model: string;
  embed(texts: string[]): Promise<number[][]>;
}

/** An OpenAI-compatible embeddings endpoint through LangChain. */
export function createEmbedder({ baseURL, apiKey, model }: ModelEndpoint, timeoutMs = 15_000): Embedder {
  const embeddings = new OpenAIEmbeddings({
    model,
    apiKey,
    configuration: { baseURL },
    batchSize: 64,
    timeout: timeoutMs,
    maxRetries: 1,
  });
  return { model, embed: (texts) => embeddings.embedDocuments(texts) };
}

/** Vectors of all chunks, row-normalised, in one array. */
export interface VectorIndex {
  dimensions: number;
  /** Chunk indices by cosine similarity to the query vector, best first. */
  search(
    query: Float32Array,
    k: number,
    filter: (chunk: number) => boolean,
  ): Array<{ chunk: number; similarity: number }>;
}

function normalise(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  let norm = 0;
  for (const value of out) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= norm;
  return out;
}

/** Builds an index from vectors (one per chunk, same order). */
export function createVectorIndex(vectors: readonly ArrayLike<number>[]): VectorIndex {
  const dimensions = vectors[0]?.length ?? 0;
  const matrix = new Float32Array(vectors.length * dimensions);
  for (const [row, vector] of vectors.entries()) matrix.set(normalise(vector), row * dimensions);
  return {
    dimensions,
    search(query, k, filter) {
      const q = normalise(query);
      const results: Array<{ chunk: number; similarity: number }> = [];
      for (let row = 0; row < vectors.length; row++) {
        if (!filter(row)) continue;
        let dot = 0;
        const offset = row * dimensions;
        for (let i = 0; i < dimensions; i++) dot += matrix[offset + i]! * q[i]!;
        results.push({ chunk: row, similarity: dot });
      }
      results.sort((a, b) => b.similarity - a.similarity);
      return results.slice(0, k);
    },
  };
}

/** Embeds `texts`, reusing vectors cached in Redis under `keyPrefix` + model + content hash. */
export async function cachedEmbeddings(
  texts: readonly string[],
  embedder: Embedder,
  redis: Redis | undefined,
  keyPrefix: string,
): Promise<Float32Array[]> {
  const keys = texts.map(
    (text) =>
      `${keyPrefix}emb:${embedder.model}:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`,
  );
  const cached = redis && keys.length ? await redis.mGet(keys) : keys.map(() => null);
  const vectors: Array<Float32Array | undefined> = cached.map((value) =>
    typeof value === 'string' ? new Float32Array(Buffer.from(value, 'base64').buffer.slice(0)) : undefined,
  );
  const missing = vectors.flatMap((vector, i) => (vector ? [] : [i]));
  if (missing.length > 0) {
    const fresh = await embedder.embed(missing.map((i) => texts[i]!));
    const transaction = redis?.multi();
    missing.forEach((i, n) => {
      const vector = Float32Array.from(fresh[n]!);
      vectors[i] = vector;
      transaction?.set(keys[i]!, Buffer.from(vector.buffer).toString('base64'));
    });
    await transaction?.exec();
  }
  return vectors as Float32Array[];
}

/** Reciprocal rank fusion constant (Cormack et al.). */
const rrfK = 60;

/** Options for {@link createDenseReranker}. */
export interface DenseRerankerOptions {
  chunks: readonly Chunk[];
  embedder: Embedder;
  index: VectorIndex;
  logger: Logger;
  /** Cohere-format rerank endpoint, optional. */
  rerank?: ModelEndpoint;
  /** Weight of the dense ranking against BM25's in the fusion. */
  denseWeight?: number;
}

/**
 * Fuses BM25 hits with dense hits (RRF), then optionally reranks the top 20 with a cross-encoder. Lexical
 * coverage is kept on each chunk so the "covered?" decision stays comparable.
 */
export function createDenseReranker({
  chunks,
  embedder,
  index,
  logger,
  rerank,
  denseWeight = 1,
}: DenseRerankerOptions): HitReranker {
  const position = new Map(chunks.map((chunk, i) => [chunk.id, i]));
  return async (query: string, lang: Language, hits: ScoredChunk[]) => {
    try {
      const [vector] = await embedder.embed([query]);
      const dense = index.search(Float32Array.from(vector!), 30, (i) => chunks[i]!.lang === lang);
      const fused = new Map<number, { score: number; coverage?: number }>();
      hits.forEach((hit, rank) => {
        fused.set(position.get(hit.chunk.id)!, { score: 1 / (rrfK + rank + 1), coverage: hit.coverage });
      });
      dense.forEach(({ chunk }, rank) => {
        const entry = fused.get(chunk) ?? { score: 0 };
        entry.score += denseWeight / (rrfK + rank + 1);
        fused.set(chunk, entry);
      });
      let ranked: ScoredChunk[] = [...fused]
        .sort((a, b) => b[1].score - a[1].score)
        .map(([i, { score, coverage }]) => ({ chunk: chunks[i]!, score, coverage }));
      if (rerank) ranked = await rerankWith(rerank, query, ranked);
      return ranked;
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'dense retrieval failed; lexical only',
      );
      return hits;
    }
  };
}

async function rerankWith(
  endpoint: ModelEndpoint,
  query: string,
  ranked: ScoredChunk[],
): Promise<ScoredChunk[]> {
  const head = ranked.slice(0, 20);
  const response = await fetch(`${endpoint.baseURL}/rerank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${endpoint.apiKey}` },
    body: JSON.stringify({
      model: endpoint.model,
      query,
      documents: head.map((h) => h.chunk.text),
      top_n: head.length,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`rerank answered ${response.status}`);
  const body = (await response.json()) as { results?: Array<{ index: number; relevance_score: number }> };
  const order = (body.results ?? [])
    .filter((r) => head[r.index])
    .sort((a, b) => b.relevance_score - a.relevance_score);
  const reranked = order.map((r) => head[r.index]!);
  const rest = head.filter((h) => !reranked.includes(h));
  return [...reranked, ...rest, ...ranked.slice(20)];
}
