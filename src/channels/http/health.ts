/**
 * @module Liveness, readiness and metrics for the bot process (docs/operations.md):
 *
 * - `GET /healthz` — the process answers: `200 ok`.
 * - `GET /readyz` — Redis answers PING within a second and the knowledge base has lessons: `200` JSON;
 *   otherwise `503` JSON naming what is wrong.
 * - `GET /metrics` — Prometheus text exposition; with a token set, only for `Authorization: Bearer <token>`.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Metrics } from '../../observability/metrics.ts';
import type { HttpPart } from './http-app.ts';

/** What the health routes look at. */
export interface HealthDeps {
  /** Resolves when Redis answers (e.g. `client.ping()`); rejects or hangs when it does not. */
  pingRedis: () => Promise<unknown>;
  /** Lessons in the loaded knowledge base. */
  lessonCount: () => number;
  metrics: Pick<Metrics, 'expose'>;
  /** When set, /metrics needs `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** How long Redis may take to answer PING (default 1000 ms). */
  redisTimeoutMs?: number;
}

/** One readiness check's outcome. */
interface Check {
  ok: boolean;
  detail?: string;
}

/** The health part, mounted at `/`. */
export function healthPart({
  pingRedis,
  lessonCount,
  metrics,
  metricsToken,
  redisTimeoutMs = 1_000,
}: HealthDeps): HttpPart {
  const app = new Hono();
  app.get('/healthz', (c) => c.text('ok'));
  app.get('/readyz', async (c) => {
    const [redis, knowledge] = await Promise.all([
      checkRedis(pingRedis, redisTimeoutMs),
      Promise.resolve(checkKnowledge(lessonCount)),
    ]);
    const ready = redis.ok && knowledge.ok;
    return c.json({ ready, checks: { redis, knowledge } }, ready ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    if (metricsToken && !bearerMatches(c.req.header('authorization'), metricsToken)) {
      c.header('www-authenticate', 'Bearer');
      return c.text('Unauthorized', 401);
    }
    const { contentType, body } = await metrics.expose();
    return c.body(body, 200, { 'content-type': contentType });
  });
  return { path: '/', app };
}

async function checkRedis(ping: () => Promise<unknown>, timeoutMs: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Check>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, detail: `no PING reply within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  const answered = ping().then(
    (): Check => ({ ok: true }),
    (error: unknown): Check => ({
      ok: false,
      detail: `PING failed: ${error instanceof Error ? error.message : String(error)}`,
    }),
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function checkKnowledge(lessonCount: () => number): Check {
  const lessons = lessonCount();
  return lessons > 0
    ? { ok: true, detail: `${lessons} lessons` }
    : { ok: false, detail: 'no lessons loaded' };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1]?.trim() ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
