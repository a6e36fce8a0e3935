/**
 * @module A live-stream script written by the model as structured output (zod-validated), grounded in the
 * live-track lessons. Any failure — timeout, invalid output — falls back to the offline script.
 */
import type { ModelEndpoint } from '../config/config.ts';
import type { Grounding } from '../core/grounding.ts';
import { createStructuredModel } from '../llm/structured-model.ts';
import type { PromptLibrary } from '../prompts/prompt-library.ts';
import { type LiveScript, liveScriptSchema } from './live-script.ts';
import type { ScriptRequest } from './request.ts';

/** Writes a script for a request. */
export type ScriptWriter = (request: ScriptRequest) => Promise<LiveScript>;

/** A model-backed writer. */
export function createModelScriptWriter(
  endpoint: ModelEndpoint & { timeoutMs: number },
  prompts: PromptLibrary,
  grounding: Grounding,
): ScriptWriter {
  const writeScript = createStructuredModel({
    endpoint,
    schema: liveScriptSchema,
    name: 'live_script',
    temperature: 0.4,
  });
  return async (request) => {
    const query =
      request.language === 'zh'
        ? '直播流程 时间表 话术 排品 留人 互动'
        : 'live stream run of show lines product mix interaction';
    const grounded = await grounding.find(query, request.language, []);
    const passages = grounded.passages
      .filter((p) => p.track === 'live' || p.track === 'tips')
      .map((p) => `[${p.n}] ${p.title} › ${p.section}\n${p.text}`)
      .join('\n\n');
    const prompt = prompts.render('live-script', {
      language: request.language === 'zh' ? 'Simplified Chinese' : 'English',
      request: JSON.stringify({ ...request, language: undefined }),
      passages,
    });
    return writeScript([{ role: 'user', content: prompt }]);
  };
}
