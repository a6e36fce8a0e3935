/** Capturing what the bot logs, to assert on it (no secrets, no huge payloads, no unexpected errors). */
import { Writable } from 'node:stream';

/** A log destination that keeps every line. */
export interface CapturedLogs {
  /** Pass as `startTestBot(env, { logTo })` or `createLogger(level, stream)`. */
  stream: Writable;
  /** Everything written so far, as one string. */
  text(): string;
  /** The JSON lines written so far, parsed. */
  lines(): Record<string, unknown>[];
}

/** A fresh in-memory log destination. */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    stream,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
