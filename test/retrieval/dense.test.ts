/**
 * Hybrid retrieval when an embedding model is configured: chunk vectors come from the OpenAI-compatible
 * endpoint once and are cached in Redis; a failing endpoint falls back to lexical retrieval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { loadKnowledge } from '../../src/knowledge-setup.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { lessonRanking } from '../../src/retrieval/evaluation.ts';
import { type OpenAiServer, startOpenAiServer } from '../support/openai-server.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis, prefix } = await useTestRedis();
let openai: OpenAiServer;
beforeAll(async () => {
  openai = await startOpenAiServer();
});
afterAll(() => openai.close());

const logger = createLogger('silent');
const config = (extra: Record<string, string> = {}) =>
  loadConfig({
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: openai.baseURL,
    EMBEDDING_MODEL: 'test-embed',
    REDIS_PREFIX: prefix,
    ...extra,
  });
const embeddingCalls = () => openai.requests.filter((r) => r.path.endsWith('/embeddings')).length;

describe('hybrid retrieval', () => {
  it('embeds every chunk once, caches the vectors in Redis, and still finds the right lesson', async () => {
    const first = await loadKnowledge({ config: config(), logger, redis });
    expect(first.hybrid).toBe(true);
    const callsAfterFirstLoad = embeddingCalls();
    expect(callsAfterFirstLoad).toBeGreaterThan(0);
    const cached = await redis.keys(`${prefix}v1:emb:test-embed:*`);
    expect(cached.length).toBe(first.grounding.retriever.chunks.length);

    const second = await loadKnowledge({ config: config(), logger, redis });
    expect(embeddingCalls()).toBe(callsAfterFirstLoad);
    const grounded = await second.grounding.find('抖加投100块有用吗', 'zh', []);
    expect(lessonRanking(grounded).slice(0, 3)).toContain('traffic-dou-plus-zh');
    expect(embeddingCalls()).toBe(callsAfterFirstLoad + 1);
  });

  it('reranks through a Cohere-style /rerank endpoint when one is configured', async () => {
    const knowledge = await loadKnowledge({ config: config({ RERANK_MODEL: 'test-rerank' }), logger, redis });
    await knowledge.grounding.find('直播间没人说话怎么办', 'zh', []);
    const rerank = openai.requests.find((r) => r.path.endsWith('/rerank'));
    expect(rerank?.body).toMatchObject({ model: 'test-rerank', query: '直播间没人说话怎么办' });
  });

  it('falls back to lexical retrieval when the embeddings endpoint fails', async () => {
    openai.setEmbeddingsHandler(() => ({ status: 404, error: 'no embeddings here' }));
    const knowledge = await loadKnowledge({
      config: config({ EMBEDDING_MODEL: 'missing-model' }),
      logger,
      redis,
    });
    openai.setEmbeddingsHandler();
    expect(knowledge.hybrid).toBe(false);
    expect((await knowledge.grounding.find('蓝V要多少钱', 'zh', [])).covered).toBe(true);
  });
});
