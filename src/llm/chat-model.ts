/**
 * @module The chat model: any OpenAI-compatible `/chat/completions` endpoint, streamed.
 *
 * `ChatOpenAICompletions` (not `ChatOpenAI`) because the latter silently switches some model names to the
 * Responses API, which DeepSeek, Qwen and local servers do not serve.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAICompletions } from '@langchain/openai';
import type { ModelEndpoint } from '../config/config.ts';

/** One message of a model conversation. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Token counts the endpoint reported, if any. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** A finished model answer. */
export interface ChatResult {
  text: string;
  usage: TokenUsage | undefined;
}

/** What the coach needs from a model. */
export interface ChatModel {
  /** The model's name, for logs. */
  name: string;
  /**
   * Streams a completion, calling `onDelta` for each piece of text.
   *
   * @throws ModelTimeoutError when the model goes quiet for longer than the configured timeout
   */
  stream(
    messages: ChatMessage[],
    options: { onDelta: (delta: string) => void; signal?: AbortSignal },
  ): Promise<ChatResult>;
}

/** The model stopped sending for longer than allowed. */
export class ModelTimeoutError extends Error {
  override name = 'ModelTimeoutError';
}

/** What went wrong with a model request, as the metrics count it. */
export type ModelErrorKind = 'timeout' | '429' | '5xx' | 'other';

/** Classifies a model error: our idle timeout or the client's, a 429, a 5xx, or anything else. */
export function modelErrorKind(error: unknown): ModelErrorKind {
  if (error instanceof ModelTimeoutError) return 'timeout';
  const status = statusOf(error);
  if (status === 429) return '429';
  if (status !== undefined && status >= 500) return '5xx';
  if (error instanceof Error && /timeout|timed out/i.test(`${error.name} ${error.message}`)) return 'timeout';
  return 'other';
}

/** Options for {@link createChatModel}. */
export interface ChatModelOptions extends ModelEndpoint {
  /** Longest silence allowed, before the first token and between tokens. */
  timeoutMs: number;
  /** Retries after a 429, a 5xx or a dropped connection, if the model had not written anything yet. */
  maxRetries: number;
  temperature?: number;
  /** First backoff; each retry waits twice as long (plus up to half again, at random). Default 500 ms. */
  retryBaseMs?: number;
  /**
   * Longest wait before a retry. A 429's `Retry-After` is honoured up to this; a longer one is not waited
   * for (the caller falls back at once). Default 10 s: the user is waiting.
   */
  maxRetryDelayMs?: number;
  /** Told of every failed attempt (retried or not), e.g. to count it. */
  onError?: (kind: ModelErrorKind, error: unknown) => void;
}

/** Creates a streaming chat model over an OpenAI-compatible endpoint. */
export function createChatModel({
  baseURL,
  apiKey,
  model,
  timeoutMs,
  maxRetries,
  temperature = 0.3,
  retryBaseMs = 500,
  maxRetryDelayMs = 10_000,
  onError,
}: ChatModelOptions): ChatModel {
  const llm = new ChatOpenAICompletions({
    model,
    apiKey,
    configuration: { baseURL },
    temperature,
    // Retries are ours (below), so they can be counted, capped, and never repeat text already streamed.
    maxRetries: 0,
    timeout: timeoutMs,
    streamUsage: true,
  });
  async function attempt(
    messages: ChatMessage[],
    onDelta: (delta: string) => void,
    signal: AbortSignal | undefined,
  ): Promise<ChatResult> {
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const armIdleTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => idle.abort(new ModelTimeoutError(`model silent for ${timeoutMs} ms`)),
        timeoutMs,
      );
    };
    const combined = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
    let text = '';
    let usage: TokenUsage | undefined;
    armIdleTimer();
    try {
      const chunks = await llm.stream(messages.map(toLangChain), { signal: combined });
      for await (const chunk of chunks) {
        armIdleTimer();
        const delta = typeof chunk.content === 'string' ? chunk.content : '';
        if (delta) {
          text += delta;
          onDelta(delta);
        }
        if (chunk.usage_metadata) {
          usage = {
            promptTokens: chunk.usage_metadata.input_tokens,
            completionTokens: chunk.usage_metadata.output_tokens,
          };
        }
      }
    } catch (error) {
      if (idle.signal.aborted) throw idle.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return { text, usage };
  }
  return {
    name: model,
    async stream(messages, { onDelta, signal }) {
      let written = false;
      const tracked = (delta: string) => {
        written = true;
        onDelta(delta);
      };
      for (let retry = 0; ; retry++) {
        try {
          return await attempt(messages, tracked, signal);
        } catch (error) {
          const kind = modelErrorKind(error);
          // A caller's cancel (shutdown, a dropped answer) is not the model failing.
          if (!signal?.aborted) onError?.(kind, error);
          const wait = retryDelay(error, kind, retry, retryBaseMs);
          // A timeout is not retried: the user has already waited the whole timeout once.
          if (
            written ||
            signal?.aborted ||
            retry >= maxRetries ||
            wait === undefined ||
            wait > maxRetryDelayMs
          )
            throw error;
          await sleep(wait, undefined, { signal }).catch(() => {
            throw error;
          });
        }
      }
    },
  };
}

/** How long to wait before retry number `retry` (0-based), or `undefined` when the error is not worth one. */
function retryDelay(error: unknown, kind: ModelErrorKind, retry: number, baseMs: number): number | undefined {
  const connectionLost = kind === 'other' && statusOf(error) === undefined && !isAbort(error);
  if (kind !== '429' && kind !== '5xx' && !connectionLost) return undefined;
  const backoff = baseMs * 2 ** retry * (1 + Math.random() / 2);
  const hinted = kind === '429' ? retryAfterMs(error) : undefined;
  return hinted === undefined ? backoff : Math.max(hinted, backoff / 2);
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && /abort|cancel/i.test(`${error.name} ${error.message}`);
}

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms` of an OpenAI API error, in ms. */
function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { headers?: unknown }).headers;
  const get = (name: string): string | null | undefined =>
    headers instanceof Headers
      ? headers.get(name)
      : typeof headers === 'object' && headers !== null
        ? (headers as Record<string, string | undefined>)[name]
        : undefined;
  const ms = Number(get('retry-after-ms'));
  if (get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const value = get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function toLangChain({ role, content }: ChatMessage): BaseMessage {
  if (role === 'system') return new SystemMessage(content);
  if (role === 'assistant') return new AIMessage(content);
  return new HumanMessage(content);
}
