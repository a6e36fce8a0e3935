/**
 * The benchmarks at toy sizes, so their code keeps working as the bot changes. The real figures come from
 * `npm run bench`; here only their shape is checked.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { benchMemory } from '../../bench/memory.ts';
import { benchRetrieval } from '../../bench/retrieval.ts';
import { benchThroughput } from '../../bench/throughput.ts';
import { benchTtft } from '../../bench/ttft.ts';
import { testRedisUrl } from '../support/redis.ts';

describe('benchmarks (toy sizes)', () => {
  let printed: string[];
  beforeEach(() => {
    printed = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  const output = () => printed.join('\n');

  it('retrieval: times the shipped and a synthetic corpus next to the naive scan', async () => {
    const rows = await benchRetrieval({ sizes: [300], repeats: 1 });
    expect(rows.map((row) => row.chunks)).toEqual([expect.any(Number), 300]);
    for (const row of rows) {
      expect(row.p50).toBeGreaterThan(0);
      expect(row.p99).toBeGreaterThanOrEqual(row.p50);
      expect(row.naive?.p50).toBeGreaterThan(0);
    }
    expect(output()).toContain('synthetic 300');
  }, 60_000);

  it('throughput: answers every queued message with each bot in its own process and prints the ratio', async () => {
    const result = await benchThroughput({
      messages: 24,
      users: 6,
      warmup: 3,
      rounds: 1,
      passes: 1,
      redisUrl: testRedisUrl(),
    });
    expect(result.echo.updatesPerSecond).toBeGreaterThan(0);
    expect(result.echoWithCunboSettings.updatesPerSecond).toBeGreaterThan(0);
    expect(result.cunbo.updatesPerSecond).toBeGreaterThan(0);
    expect(result.ratio).toBeCloseTo(result.cunbo.updatesPerSecond / result.echo.updatesPerSecond);
    expect(result.cunbo.cpuMicrosPerUpdate).toBeGreaterThan(0);
    expect(output()).toMatch(/Cunbo, offline answering \+ Redis\s+[\d.]+\s+\d+\s+\d+%\s+\d+/);
    expect(output()).toContain("echo bot with Cunbo's transport and concurrency (reference)");
  }, 60_000);

  it('memory: measures per-user keys, the shared logs and the bare user record', async () => {
    const result = await benchMemory({ users: 20, turns: 2, concurrency: 5 });
    expect(result.userRecordOnly).toBeGreaterThan(0);
    expect(result.byKey.history).toBeGreaterThan(0);
    expect(result.byKey.progress).toBeGreaterThan(0);
    expect(result.ownKeysPerUser).toBeGreaterThan(result.userRecordOnly);
    expect(result.logsPerUser).toBeGreaterThan(0);
    expect(output()).toContain('bare user record (baseline)');
  }, 60_000);

  it('ttft: sees the first draft after the model starts streaming', async () => {
    const result = await benchTtft({ samples: 2, warmup: 1, firstTokenMs: 60, redisUrl: testRedisUrl() });
    expect(result.model.p50).toBeGreaterThanOrEqual(60);
    // The bot cannot show text before the model has written any.
    expect(result.bot.p50).toBeGreaterThanOrEqual(60);
    expect(output()).toContain('added by the bot');
  }, 60_000);
});
