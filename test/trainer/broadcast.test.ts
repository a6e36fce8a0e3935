/** The broadcast loop: its rate limit, slow-down answers, blocked users, and stopping. */
import { describe, expect, it } from 'vitest';
import { broadcast, createBackgroundBroadcasts, type SendOutcome } from '../../src/trainer/broadcast.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `tg:${1000 + i}`);

/** The largest number of send starts inside any window of `ms`. */
function busiest(starts: number[], ms: number): number {
  let most = 0;
  for (const [i, start] of starts.entries()) {
    most = Math.max(most, starts.slice(i).filter((at) => at < start + ms).length);
  }
  return most;
}

describe('broadcast', () => {
  it('keeps to the rate: 60 sends at 30/s take about 2 s and never more than 30 start in one second', async () => {
    const starts: number[] = [];
    const report = await broadcast(
      ids(60),
      'hi',
      async () => {
        starts.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 20));
        return 'sent';
      },
      { perSecond: 30, concurrency: 8 },
    );
    expect(report).toMatchObject({ recipients: 60, sent: 60, blocked: 0, failed: 0, skipped: 0 });
    expect(report.ms).toBeGreaterThanOrEqual(1_900);
    expect(report.ms).toBeLessThan(3_500);
    // The send sees the clock a microtask after the limiter does: allow it 2 ms of that.
    expect(busiest(starts, 998)).toBeLessThanOrEqual(30);
    expect(busiest(starts, 1_000)).toBeGreaterThanOrEqual(29);
  });

  it('counts blocked and failed users, sends to each user once, and pauses everyone on a slow-down answer', async () => {
    const sent: Array<{ id: string; at: number }> = [];
    let slowedAt = 0;
    let slowed = false;
    const outcomes: Array<[string, string]> = [];
    const report = await broadcast(
      ['tg:1', 'tg:2', 'tg:2', 'tg:3', 'tg:4', 'tg:5', 'tg:6'],
      'hello',
      async (id, text): Promise<SendOutcome> => {
        expect(text).toBe('hello');
        if (id === 'tg:3' && !slowed) {
          slowed = true;
          slowedAt = Date.now();
          return { retryAfterMs: 400 };
        }
        if (id === 'tg:4') return 'blocked';
        if (id === 'tg:5') throw new Error('network');
        sent.push({ id, at: Date.now() });
        return 'sent';
      },
      { perSecond: 100, concurrency: 3, onOutcome: (id, outcome) => void outcomes.push([id, outcome]) },
    );
    expect(report).toMatchObject({ recipients: 6, sent: 4, blocked: 1, failed: 1, blockedIds: ['tg:4'] });
    expect(sent.map((s) => s.id).sort()).toEqual(['tg:1', 'tg:2', 'tg:3', 'tg:6']);
    // Nothing was sent during the pause, by any worker.
    for (const s of sent) expect(s.at < slowedAt + 5 || s.at >= slowedAt + 395).toBe(true);
    expect(sent.find((s) => s.id === 'tg:3')!.at).toBeGreaterThanOrEqual(slowedAt + 395);
    expect(outcomes).toContainEqual(['tg:4', 'blocked']);
  });

  it('gives up on a user after repeated slow-down answers, as failed', async () => {
    let calls = 0;
    const report = await broadcast(
      ['tg:1'],
      'x',
      async () => {
        calls += 1;
        return { retryAfterMs: 10 };
      },
      { maxRetries: 2 },
    );
    expect(calls).toBe(3);
    expect(report).toMatchObject({ sent: 0, failed: 1 });
  });

  it('stops taking recipients when stopped, and the runner waits for it', async () => {
    const runner = createBackgroundBroadcasts(() => {});
    let report: Awaited<ReturnType<typeof broadcast>> | undefined;
    runner.start(async (signal) => {
      report = await broadcast(ids(100), 'x', async () => 'sent', { perSecond: 20, signal });
    });
    expect(runner.running).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 220));
    await runner.stop();
    expect(runner.running).toBe(0);
    expect(report!.sent).toBeGreaterThanOrEqual(3);
    expect(report!.sent).toBeLessThan(10);
    expect(report!.sent + report!.skipped).toBe(100);
  });
});
