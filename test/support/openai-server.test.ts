import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultChatText, fakeEmbedding, type OpenAiServer, startOpenAiServer } from './openai-server.ts';

describe('fake OpenAI server', () => {
  let llm: OpenAiServer;
  let openai: OpenAI;

  beforeEach(async () => {
    llm = await startOpenAiServer();
    openai = new OpenAI({ apiKey: 'test-key', baseURL: llm.baseURL, maxRetries: 0 });
  });

  afterEach(async () => {
    await llm.close();
  });

  it('answers a plain completion with the default text', async () => {
    const completion = await openai.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(completion.choices[0]?.message.content).toBe(defaultChatText);
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(llm.requests[0]).toMatchObject({ path: '/v1/chat/completions', status: 200, aborted: false });
    expect(llm.requests[0]?.headers.authorization).toBe('Bearer test-key');
  });

  it('streams text in chunks, with usage when asked', async () => {
    llm.setChatHandler((request) => ({
      text: `你好, ${request.messages.length} message(s)!`,
      usage: { prompt_tokens: 11, completion_tokens: 7 },
    }));
    const stream = await openai.chat.completions.create({
      model: 'fake-model',
      messages: [{ role: 'user', content: '你好' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let chunks = 0;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('你好, 1 message(s)!');
    expect(chunks).toBeGreaterThan(3);
    expect(finish).toBe('stop');
    expect(usage).toEqual({ prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
    expect(llm.chatRequests()[0]?.stream_options).toEqual({ include_usage: true });
  });

  it('answers tool calls, streamed and not', async () => {
    llm.setChatHandler(() => ({ toolCall: { name: 'search_knowledge', arguments: { query: '直播 话术' } } }));
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'search_knowledge', parameters: { type: 'object', properties: {} } },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'help' }];
    const plain = await openai.chat.completions.create({ model: 'fake-model', messages, tools });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(plain.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ query: '直播 话术' });

    const stream = openai.chat.completions.stream({ model: 'fake-model', messages, tools });
    const final = await stream.finalChatCompletion();
    const streamed = final.choices[0]?.message.tool_calls?.[0];
    expect(streamed?.type === 'function' && streamed.function.name).toBe('search_knowledge');
    expect(streamed?.type === 'function' && JSON.parse(streamed.function.arguments)).toEqual({
      query: '直播 话术',
    });
  });

  it('surfaces a 500 as an APIError and a 429 with retry-after', async () => {
    llm.setChatHandler(() => ({ status: 500, error: 'boom' }));
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'hi' }];
    const error = await openai.chat.completions
      .create({ model: 'fake-model', messages })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 500, message: '500 boom', type: 'server_error' });

    llm.setChatHandler(() => ({ status: 429, error: 'Rate limit reached', retryAfter: 3 }));
    const limited = await openai.chat.completions
      .create({ model: 'fake-model', messages })
      .catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    expect((limited as APIError).headers?.get('retry-after')).toBe('3');
  });

  it('makes deterministic embeddings, default base64 or floats', async () => {
    const first = await openai.embeddings.create({
      model: 'fake-embed',
      input: ['直播带货', 'live selling'],
    });
    const again = await openai.embeddings.create({
      model: 'fake-embed',
      input: '直播带货',
      encoding_format: 'float',
    });
    expect(first.data).toHaveLength(2);
    expect(first.data[0]?.embedding).toHaveLength(64);
    expect(again.data[0]?.embedding).toEqual(fakeEmbedding('直播带货'));
    const fromBase64 = first.data[0]!.embedding;
    for (const [i, value] of fakeEmbedding('直播带货').entries()) expect(fromBase64[i]).toBeCloseTo(value, 6);
    expect(Math.hypot(...fakeEmbedding('anything', 16))).toBeCloseTo(1, 10);
    llm.setEmbeddingsHandler(() => ({ status: 503, error: 'overloaded' }));
    await expect(openai.embeddings.create({ model: 'fake-embed', input: 'x' })).rejects.toMatchObject({
      status: 503,
    });
  });

  it('transcribes uploads and reranks by term overlap', async () => {
    llm.setTranscription((file, fields) => `${file.length} bytes via ${fields.model}`);
    const transcript = await openai.audio.transcriptions.create({
      model: 'whisper-1',
      file: new File([Buffer.from('OggS-fake-voice')], 'voice.oga', { type: 'audio/ogg' }),
    });
    expect(transcript.text).toBe('15 bytes via whisper-1');
    expect(llm.requests.at(-1)?.body).toMatchObject({
      model: 'whisper-1',
      file: { filename: 'voice.oga', size: 15 },
    });

    const response = await fetch(`${llm.baseURL}/rerank`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'rerank',
        query: '直播 tips',
        documents: ['tips for 直播', 'unrelated', '播 only'],
        top_n: 2,
      }),
    });
    const { results } = (await response.json()) as { results: { index: number; relevance_score: number }[] };
    expect(results.map((r) => r.index)).toEqual([0, 2]);
    expect(results[0]?.relevance_score).toBe(1);
  });

  it('lets the client time out a hung request, and close() ends stalled streams', async () => {
    llm.setChatHandler(() => ({ hang: true }));
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'hi' }];
    const impatient = new OpenAI({ apiKey: 'test', baseURL: llm.baseURL, maxRetries: 0, timeout: 150 });
    const started = Date.now();
    await expect(impatient.chat.completions.create({ model: 'fake-model', messages })).rejects.toBeInstanceOf(
      APIConnectionTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(1000);

    llm.setChatHandler(() => ({ text: 'abcdefghijkl', stallAfterChars: 4 }));
    const stream = await openai.chat.completions.create({ model: 'fake-model', messages, stream: true });
    let text = '';
    const reading = (async () => {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (text === 'abcd') void llm.close();
      }
    })();
    await expect(reading).rejects.toThrow();
    expect(text).toBe('abcd');
  });
});
