/**
 * @module Turning on dense retrieval at start-up: embed every chunk (cached in Redis), build the vector
 * index, and return the reranker. Without an embedding model, or when embedding fails, there is none.
 */
import type { ModelEndpoint } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';
import type { Redis } from '../redis/connect.ts';
import type { Chunk } from './chunks.ts';
import { cachedEmbeddings, createDenseReranker, createEmbedder, createVectorIndex } from './dense.ts';
import type { HitReranker } from './knowledge-grounding.ts';

/** Options for {@link setUpDenseRetrieval}. */
export interface DenseSetupOptions {
  chunks: readonly Chunk[];
  embeddings: ModelEndpoint | undefined;
  rerank: ModelEndpoint | undefined;
  redis: Redis | undefined;
  keyPrefix: string;
  logger: Logger;
}

/** The hybrid reranker, or `undefined` for lexical retrieval alone. */
export async function setUpDenseRetrieval({
  chunks,
  embeddings,
  rerank,
  redis,
  keyPrefix,
  logger,
}: DenseSetupOptions): Promise<HitReranker | undefined> {
  if (!embeddings) return undefined;
  const embedder = createEmbedder(embeddings);
  try {
    const started = Date.now();
    const vectors = await cachedEmbeddings(
      chunks.map((chunk) => chunk.text),
      embedder,
      redis,
      keyPrefix,
    );
    logger.info(
      { chunks: chunks.length, ms: Date.now() - started, model: embedder.model },
      'dense index ready',
    );
    return createDenseReranker({ chunks, embedder, index: createVectorIndex(vectors), logger, rerank });
  } catch (error) {
    logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'embeddings unavailable; lexical only',
    );
    return undefined;
  }
}
