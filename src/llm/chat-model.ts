/**
 * @module The chat model: any OpenAI-compatible `/chat/completions` endpoint, streamed.
 *
 * `ChatOpenAICompletions` (not `ChatOpenAI`) because the latter silently switches some model names to the
 * Responses API, which DeepSeek, Qwen and local servers do not serve.
 */
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

/** Options for {@link createChatModel}. */
export interface ChatModelOptions extends ModelEndpoint {
  /** Longest silence allowed, before the first token and between tokens. */
  timeoutMs: number;
  maxRetries: number;
  temperature?: number;
}

/** Creates a streaming chat model over an OpenAI-compatible endpoint. */
export function createChatModel({
  baseURL,
  apiKey,
  model,
  timeoutMs,
  maxRetries,
  temperature = 0.3,
}: ChatModelOptions): ChatModel {
  const llm = new ChatOpenAICompletions({
    model,
    apiKey,
    configuration: { baseURL },
    temperature,
    maxRetries,
    timeout: timeoutMs,
    streamUsage: true,
  });
  return {
    name: model,
    async stream(messages, { onDelta, signal }) {
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
    },
  };
}

function toLangChain({ role, content }: ChatMessage): BaseMessage {
  if (role === 'system') return new SystemMessage(content);
  if (role === 'assistant') return new AIMessage(content);
  return new HumanMessage(content);
}
