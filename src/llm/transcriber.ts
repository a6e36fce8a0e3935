/**
 * @module Speech to text through an OpenAI-compatible `/audio/transcriptions` endpoint (Whisper and
 * compatible servers), for voice questions.
 */
import OpenAI, { toFile } from 'openai';
import type { ModelEndpoint } from '../config/config.ts';

/** Turns a recording into text. */
export type Transcriber = (audio: Buffer, filename: string, language?: string) => Promise<string>;

/** A transcriber over `endpoint`; requests give up after `timeoutMs`. */
export function createTranscriber(
  { baseURL, apiKey, model }: ModelEndpoint,
  timeoutMs = 60_000,
): Transcriber {
  const client = new OpenAI({ baseURL, apiKey, timeout: timeoutMs, maxRetries: 1 });
  return async (audio, filename, language) => {
    const result = await client.audio.transcriptions.create({
      file: await toFile(audio, filename),
      model,
      ...(language ? { language } : {}),
    });
    return result.text.trim();
  };
}
