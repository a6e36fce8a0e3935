/** /healthz, /readyz and /metrics: served by the real bot's HTTP server, and readiness failing for real. */
import { afterAll, describe, expect, it } from 'vitest';
import { healthPart } from '../../../src/channels/http/health.ts';
import { createHttpApp } from '../../../src/channels/http/http-app.ts';
import { listenHttp } from '../../../src/channels/http/server.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { createMetrics } from '../../../src/observability/metrics.ts';
import { createRedisClient } from '../../../src/redis/connect.ts';
import { freePort } from '../../support/listen.ts';
import { useBotWorld } from '../../support/test-bot.ts';

const port = await freePort();
const metricsToken = 'scrape-token-0123456789';
const world = useBotWorld({
  extra: { PORT: String(port), HTTP_HOST: '127.0.0.1', METRICS_TOKEN: metricsToken },
});
const base = `http://127.0.0.1:${port}`;

/** The value of one sample line, e.g. `cunbo_turns_total{channel="telegram",…}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(): Promise<string> {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

describe('health and metrics of the running bot', () => {
  it('answers /healthz and /readyz (Redis answers, 42+ lessons loaded)', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      ready: boolean;
      checks: Record<string, { ok: boolean; detail?: string }>;
    };
    expect(body.ready).toBe(true);
    expect(body.checks.redis).toEqual({ ok: true });
    expect(body.checks.knowledge!.ok).toBe(true);
    expect(Number(/^(\d+) lessons$/.exec(body.checks.knowledge!.detail!)![1])).toBeGreaterThanOrEqual(42);
  });

  it('counts turns, latency, time to first token and tokens; /metrics needs the bearer token', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
    ).toBe(401);
    const before = await scrape();
    expect(sample(before, 'cunbo_model_tokens_total{type="prompt"}')).toBe(0);
    expect(before).toMatch(/^cunbo_process_cpu_user_seconds_total /m);
    expect(before).toMatch(/^cunbo_nodejs_eventloop_lag_seconds /m);

    world.openai.setChatHandler(() => ({
      text: '先跟观众打招呼 [1]。',
      usage: { prompt_tokens: 321, completion_tokens: 12 },
    }));
    const user = world.api.user({ id: 88001, first_name: '小李', language_code: 'zh-hans' });
    user.send('直播间没人说话怎么办？');
    expect((await user.waitForMessage()).text).toMatch(/^先跟观众打招呼/);
    user.send('鹿场的环评怎么做？'); // not covered: answered offline, abstained
    await user.waitForMessage();
    world.openai.setChatHandler();

    const after = await scrape();
    expect(sample(after, 'cunbo_turns_total{channel="telegram",mode="model",abstained="false"}')).toBe(1);
    expect(sample(after, 'cunbo_turns_total{channel="telegram",mode="offline",abstained="true"}')).toBe(1);
    expect(sample(after, 'cunbo_turn_latency_seconds_count{mode="model"}')).toBe(1);
    expect(sample(after, 'cunbo_turn_latency_seconds_bucket{le="+Inf",mode="model"}')).toBe(1);
    expect(sample(after, 'cunbo_time_to_first_token_seconds_count{mode="model"}')).toBe(1);
    expect(sample(after, 'cunbo_model_tokens_total{type="prompt"}')).toBe(321);
    expect(sample(after, 'cunbo_model_tokens_total{type="completion"}')).toBe(12);
    expect(sample(after, 'cunbo_model_errors_total{kind="5xx"}')).toBe(0);
    expect(sample(after, 'cunbo_queue_depth')).toBe(0);

    world.bot.app.metrics.setQueueDepth(() => 7);
    expect(sample(await scrape(), 'cunbo_queue_depth')).toBe(7);
    world.bot.app.metrics.setQueueDepth(undefined);
  });
});

describe('readiness when something is wrong', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  async function serve(deps: Parameters<typeof healthPart>[0]): Promise<string> {
    const server = await listenHttp(
      createHttpApp([healthPart(deps)], createLogger('silent')),
      0,
      '127.0.0.1',
    );
    servers.push(server);
    return server.url;
  }

  it('is 503 naming Redis when Redis is down, or silent past the deadline, and naming an empty knowledge base', async () => {
    const metrics = createMetrics();
    // Nothing listens on this port: the client cannot connect, so PING fails at once.
    const down = createRedisClient(`redis://127.0.0.1:${await freePort()}`);
    down.on('error', () => {});
    const url = await serve({ pingRedis: () => down.ping(), lessonCount: () => 42, metrics });
    const response = await fetch(`${url}/readyz`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as {
      ready: boolean;
      checks: { redis: { ok: boolean; detail: string } };
    };
    expect(body.ready).toBe(false);
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.redis.detail).toMatch(/^PING failed: /);

    // A Redis that never answers (a stuck server, a black-holed network): readiness gives up at the deadline.
    const muteUrl = await serve({
      pingRedis: () => new Promise(() => {}),
      lessonCount: () => 0,
      metrics,
      redisTimeoutMs: 300,
    });
    const started = Date.now();
    const slow = await fetch(`${muteUrl}/readyz`);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(slow.status).toBe(503);
    expect(await slow.json()).toEqual({
      ready: false,
      checks: {
        redis: { ok: false, detail: 'no PING reply within 300 ms' },
        knowledge: { ok: false, detail: 'no lessons loaded' },
      },
    });
    // Without a token, /metrics is open.
    expect((await fetch(`${muteUrl}/metrics`)).status).toBe(200);
  });
});
