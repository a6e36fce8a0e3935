/**
 * @module Prometheus metrics: one registry per app (never prom-client's global one, so a test process can
 * build several apps), served at `GET /metrics` by the health part (see `docs/operations.md`).
 *
 * The core does not import prom-client: the coach reports each turn through `onTurn`, the chat model its
 * errors through `onError`, and the metrics here turn those reports into series.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { TurnObservation } from '../core/coach.ts';
import type { ModelErrorKind } from '../llm/chat-model.ts';

/** What the coach reports about one finished turn. */
export type TurnRecord = TurnObservation;

/** The app's metrics. */
export interface Metrics {
  registry: Registry;
  /** Counts a finished turn, its latency, time to first text and model tokens. */
  recordTurn(record: TurnRecord): void;
  /** Counts one failed model request (each attempt, retries included). */
  recordModelError(kind: ModelErrorKind): void;
  /** Counts one failed Bot API call, by Telegram's `error_code`. */
  recordTelegramError(code: number): void;
  /** Where `cunbo_queue_depth` reads from (the webhook queue's length); unset, it reports 0. */
  setQueueDepth(depth: (() => number | Promise<number>) | undefined): void;
  /** The text exposition format and its content type. */
  expose(): Promise<{ contentType: string; body: string }>;
}

// Answers take from ~50 ms (offline) to tens of seconds (a slow model with retries).
const latencyBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

/** Creates a registry with Cunbo's series and the default process metrics (`cunbo_process_…`, `cunbo_nodejs_…`). */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cunbo_' });
  const registers = [registry];
  const turns = new Counter({
    name: 'cunbo_turns_total',
    help: 'Questions answered, by channel, answer mode and whether the knowledge base lacked an answer.',
    labelNames: ['channel', 'mode', 'abstained'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'cunbo_turn_latency_seconds',
    help: 'Time from receiving a question to the finished answer.',
    labelNames: ['mode'] as const,
    buckets: latencyBuckets,
    registers,
  });
  const firstText = new Histogram({
    name: 'cunbo_time_to_first_token_seconds',
    help: 'Time from receiving a question to the first text of its answer.',
    labelNames: ['mode'] as const,
    buckets: latencyBuckets,
    registers,
  });
  const modelErrors = new Counter({
    name: 'cunbo_model_errors_total',
    help: 'Failed chat-model requests (each attempt), by kind: timeout, 429, 5xx, other.',
    labelNames: ['kind'] as const,
    registers,
  });
  const tokens = new Counter({
    name: 'cunbo_model_tokens_total',
    help: 'Model tokens the endpoint reported, by type: prompt, completion.',
    labelNames: ['type'] as const,
    registers,
  });
  const telegramErrors = new Counter({
    name: 'cunbo_telegram_api_errors_total',
    help: 'Failed Bot API calls, by error code (429, 403, …), each attempt counted.',
    labelNames: ['code'] as const,
    registers,
  });
  let depth: (() => number | Promise<number>) | undefined;
  new Gauge({
    name: 'cunbo_queue_depth',
    help: 'Updates waiting to be handled (webhook queue); 0 when there is none.',
    registers,
    async collect() {
      // A failing depth reader must not break the whole scrape.
      const value = depth ? await Promise.resolve(depth()).catch(() => Number.NaN) : 0;
      this.set(value);
    },
  });
  for (const kind of ['timeout', '429', '5xx', 'other'] as const) modelErrors.inc({ kind }, 0);
  for (const type of ['prompt', 'completion'] as const) tokens.inc({ type }, 0);

  return {
    registry,
    recordTurn({ channel, mode, abstained, latencyMs, firstTextMs, usage }) {
      turns.inc({ channel, mode, abstained: String(abstained) });
      latency.observe({ mode }, latencyMs / 1000);
      if (firstTextMs !== undefined) firstText.observe({ mode }, firstTextMs / 1000);
      if (usage) {
        tokens.inc({ type: 'prompt' }, usage.promptTokens);
        tokens.inc({ type: 'completion' }, usage.completionTokens);
      }
    },
    recordModelError(kind) {
      modelErrors.inc({ kind });
    },
    recordTelegramError(code) {
      telegramErrors.inc({ code: String(code) });
    },
    setQueueDepth(next) {
      depth = next;
    },
    async expose() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
