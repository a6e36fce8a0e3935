/** @module Structured logs (pino). Secrets never reach them: see `redactPaths`. */
import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Field paths pino replaces with "[redacted]" wherever they appear in a log object. */
export const redactPaths = [
  'token',
  'apiKey',
  '*.token',
  '*.apiKey',
  'config.telegram.token',
  'headers.authorization',
];

/**
 * Creates the process logger. JSON lines to the given stream (stderr by default, so the terminal chat's
 * stdout stays readable and pipeable).
 */
export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino({ level, base: { app: 'cunbo' }, redact: redactPaths }, destination);
}
