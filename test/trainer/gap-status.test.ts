/** What trainers did about gaps, in real Redis, and the gaps report built on it. */
import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/redis/keys.ts';
import { createTrainerLists, gapReport } from '../../src/trainer/gap-report.ts';
import { createGapStatuses } from '../../src/trainer/gap-status.ts';
import type { GapGroup } from '../../src/trainer/reports.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis } = await useTestRedis();

function group(example: string, count: number, more: string[] = []): GapGroup {
  return { example, count, questions: [example, ...more], nearest: [] };
}

describe('gap status', () => {
  it('keys a gap by its normalised question', () => {
    const statuses = createGapStatuses({ redis, keys: redisKeys('x:') });
    expect(statuses.key('鹿场环评怎么做？')).toBe(statuses.key('鹿场环评 怎么做'));
    expect(statuses.key('ＡＢＣ shop?')).toBe(statuses.key('abc shop'));
    expect(statuses.key('鹿场环评怎么做')).not.toBe(statuses.key('鹿场招工怎么做'));
    expect(statuses.key('鹿场环评怎么做')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is open until marked, then handled or answered, and open again when reopened', async () => {
    const { prefix } = await useTestRedis();
    const statuses = createGapStatuses({ redis, keys: redisKeys(prefix), now: () => 5 });
    const [a, b, c] = ['甲', '乙', '丙'].map((q) => statuses.key(q)) as [string, string, string];
    expect(await statuses.get([a, b])).toEqual(
      new Map([
        [a, { status: 'open' }],
        [b, { status: 'open' }],
      ]),
    );
    await statuses.markHandled(a, 7, 'live-opening-zh');
    await statuses.markAnswered(b, 7, 'abcd1234');
    await statuses.markAnswered(c, 8, 'abcd1234');
    expect(await statuses.get([a, b])).toEqual(
      new Map([
        [a, { status: 'handled', by: 7, at: 5, lesson: 'live-opening-zh' }],
        [b, { status: 'answered', by: 7, at: 5, answerId: 'abcd1234' }],
      ]),
    );
    await statuses.reopen(a);
    expect((await statuses.get([a])).get(a)).toEqual({ status: 'open' });
    expect(await statuses.reopenAnswer('abcd1234')).toBe(2);
    expect((await statuses.get([b, c])).get(c)).toEqual({ status: 'open' });
    expect(await statuses.get([])).toEqual(new Map());
  });

  it('reads an unreadable state as open', async () => {
    const { prefix } = await useTestRedis();
    const statuses = createGapStatuses({ redis, keys: redisKeys(prefix) });
    await redis.hSet(redisKeys(prefix).gapStatus, 'k', '{"status":"weird"}');
    expect((await statuses.get(['k'])).get('k')).toEqual({ status: 'open' });
  });
});

describe('gaps report', () => {
  it('lists open groups first, then answered, then handled, each largest first; a state on any question counts', async () => {
    const { prefix } = await useTestRedis();
    let at = 1;
    const statuses = createGapStatuses({ redis, keys: redisKeys(prefix), now: () => at++ });
    await statuses.markHandled(statuses.key('大组'), 1, 'live-opening-zh');
    // Marked through a later question of the group: the group's example may change as old gaps age out.
    await statuses.markAnswered(statuses.key('中组的另一问'), 1, 'abcd1234');
    const report = await gapReport(
      [group('大组', 5), group('中组', 3, ['中组的另一问']), group('小组', 1), group('也开着', 2)],
      statuses,
    );
    expect(report.map((g) => [g.example, g.state.status])).toEqual([
      ['也开着', 'open'],
      ['小组', 'open'],
      ['中组', 'answered'],
      ['大组', 'handled'],
    ]);
    expect(report[3]!.state.lesson).toBe('live-opening-zh');
    expect(report[2]!.keys).toEqual([statuses.key('中组'), statuses.key('中组的另一问')]);
  });

  it('remembers the numbered list each trainer saw, for a day', async () => {
    const { prefix } = await useTestRedis();
    const lists = createTrainerLists({ redis, keys: redisKeys(prefix) });
    await lists.remember(1, 'gaps', [
      { question: '一', refs: ['k1'] },
      { question: '二', refs: ['k2'] },
    ]);
    await lists.remember(2, 'gaps', [{ question: '别人的', refs: ['k9'] }]);
    expect(await lists.item(1, 'gaps', 2)).toEqual({ question: '二', refs: ['k2'] });
    expect(await lists.item(1, 'gaps', 3)).toBeUndefined();
    expect(await lists.item(1, 'downvotes', 1)).toBeUndefined();
    expect(await lists.item(2, 'gaps', 1)).toEqual({ question: '别人的', refs: ['k9'] });
    const ttl = await redis.ttl(redisKeys(prefix).trainerList('1', 'gaps'));
    expect(ttl).toBeGreaterThan(86_000);
  });
});
