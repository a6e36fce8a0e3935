/**
 * @module Reading profile facts from a message with a model (structured output, validated by zod), for
 * what rules cannot catch ("我们家就是养蜂的，主要在视频号上卖"). Called only for messages that talk about the
 * writer, so most turns cost nothing.
 */
import { z } from 'zod';
import type { ModelEndpoint } from '../config/config.ts';
import { createStructuredModel } from '../llm/structured-model.ts';
import type { PromptLibrary } from '../prompts/prompt-library.ts';
import { platformIds } from './profile.ts';

/** What the model may return; anything else is dropped. */
export const extractedProfileSchema = z.object({
  products: z.string().max(200).optional().describe('what the writer sells, in their words'),
  platforms: z.array(z.enum(platformIds)).optional().describe('platforms the writer uses'),
  role: z.enum(['owner', 'anchor']).optional().describe('owner of the shop/farm, or live-stream host'),
});

/** Profile facts from one message. */
export type ExtractedProfile = z.infer<typeof extractedProfileSchema>;

/** Finds profile facts in a message. */
export type ProfileExtractor = (text: string) => Promise<ExtractedProfile>;

// Messages that talk about the writer: only these are worth a model call.
const aboutMe =
  /我(们|家)?.{0,6}(卖|养|种|做|开|在|是|用)|俺|\bI(?:'m| am)?\b.{0,12}\b(sell|grow|raise|farm|make|run|host|use|on)\b|\bmy (farm|shop|store)\b/i;

/** Whether a message may carry profile facts. */
export function mentionsSelf(text: string): boolean {
  return aboutMe.test(text);
}

/** A model-backed extractor over an OpenAI-compatible endpoint (tool calling, which most providers serve). */
export function createProfileExtractor(
  endpoint: ModelEndpoint & { timeoutMs: number },
  prompts: PromptLibrary,
): ProfileExtractor {
  const extract = createStructuredModel({
    endpoint: { ...endpoint, timeoutMs: Math.min(endpoint.timeoutMs, 10_000) },
    schema: extractedProfileSchema,
    name: 'learner_profile',
  });
  const instructions = prompts.render('profile-extract');
  return (text) =>
    extract([
      { role: 'system', content: instructions },
      { role: 'user', content: text },
    ]);
}
