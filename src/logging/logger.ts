/**
 * @module Structured logs (pino). Secrets never reach them: known fields are redacted by path (see
 * `redactPaths`), and the secret values themselves (bot token, API keys, webhook secret, metrics token) are
 * replaced wherever they appear in a line, e.g. inside an error message.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { Config } from '../config/config.ts';

export type { Logger } from 'pino';

/** Field paths pino replaces with "[Redacted]" wherever they appear in a log object. */
export const redactPaths = [
  'token',
  'apiKey',
  'secret',
  'password',
  'metricsToken',
  '*.token',
  '*.apiKey',
  '*.secret',
  '*.password',
  '*.metricsToken',
  '*.*.apiKey',
  '*.*.token',
  '*.*.secret',
  'config.telegram.token',
  'headers.authorization',
  'headers.cookie',
  'headers["x-telegram-bot-api-secret-token"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-telegram-bot-api-secret-token"]',
];

/** The secret values in `config`, for {@link createLogger}'s `secrets`. */
export function secretsOf(config: Config): string[] {
  return [
    config.telegram.token,
    config.chat?.apiKey,
    config.embeddings?.apiKey,
    config.rerank?.apiKey,
    config.transcription?.apiKey,
    config.webhook?.secret,
    config.metricsToken,
    config.redis.url ? redisPassword(config.redis.url) : undefined,
  ].filter((value): value is string => value !== undefined && value.length > 0);
}

/**
 * Creates the process logger. JSON lines to the given stream (stderr by default, so the terminal chat's
 * stdout stays readable and pipeable).
 *
 * @param secrets values replaced by `[redacted]` anywhere in a line (see {@link secretsOf})
 */
export function createLogger(
  level: string,
  destination: NodeJS.WritableStream = process.stderr,
  secrets: readonly string[] = [],
): Logger {
  return pino({ level, base: { app: 'cunbo' }, redact: redactPaths }, scrubbing(destination, secrets));
}

// Very short values would blank out ordinary words; real secrets are long.
const minSecretLength = 6;

function scrubbing(destination: NodeJS.WritableStream, secrets: readonly string[]): DestinationStream {
  const values = [...new Set(secrets.filter((value) => value.length >= minSecretLength))];
  if (values.length === 0) return destination;
  return {
    write(line: string) {
      let out = line;
      for (const value of values) if (out.includes(value)) out = out.replaceAll(value, '[redacted]');
      destination.write(out);
    },
  };
}

function redisPassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
