/**
 * @module A model whose answer is structured data validated by a zod schema, through tool calling (which
 * DeepSeek, Qwen and most local servers serve, unlike `response_format: json_schema`).
 */
import { ChatOpenAICompletions } from '@langchain/openai';
import type { z } from 'zod';
import type { ModelEndpoint } from '../config/config.ts';

/** Options for {@link createStructuredModel}. */
export interface StructuredModelOptions<T extends z.ZodType> {
  endpoint: ModelEndpoint & { timeoutMs: number };
  schema: T;
  /** The tool's name the model fills in. */
  name: string;
  temperature?: number;
}

/** Sends messages and returns the model's tool arguments, parsed by `schema` (throws if they do not fit). */
export function createStructuredModel<T extends z.ZodType>({
  endpoint,
  schema,
  name,
  temperature = 0,
}: StructuredModelOptions<T>): (
  messages: Array<{ role: 'system' | 'user'; content: string }>,
) => Promise<z.infer<T>> {
  const model = new ChatOpenAICompletions({
    model: endpoint.model,
    apiKey: endpoint.apiKey,
    configuration: { baseURL: endpoint.baseURL },
    temperature,
    maxRetries: 0,
    timeout: endpoint.timeoutMs,
  }).withStructuredOutput(schema, { name, method: 'functionCalling' });
  return async (messages) => schema.parse(await model.invoke(messages));
}
