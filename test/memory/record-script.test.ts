/**
 * `memory.record` runs one Lua script where it used to run a MULTI. These tests pin that the script leaves
 * exactly what the MULTI left: the reference below is the MULTI version, run side by side under another
 * prefix, and every key both wrote is read back raw (stream fields in order) and compared.
 */
import { describe, expect, it } from 'vitest';
import { createConversationMemory, type TurnRecord } from '../../src/memory/conversation-memory.ts';
import { toStreamFields } from '../../src/memory/turn-log.ts';
import type { Redis } from '../../src/redis/connect.ts';
import { type RedisKeys, redisKeys } from '../../src/redis/keys.ts';
import { keysUnder, testPrefix, useTestRedis } from '../support/redis.ts';

const { redis } = await useTestRedis();

interface Settings {
  historyTurns: number;
  historyTtlSeconds: number;
  turnLogMax: number;
}

/** The MULTI `record` replaced by the script, kept verbatim as the reference. */
async function recordWithMulti(
  keys: RedisKeys,
  { historyTurns, historyTtlSeconds, turnLogMax }: Settings,
  { user, question, answer, log, gap }: TurnRecord,
): Promise<string | undefined> {
  const historyKey = keys.history(user.id);
  const transaction = redis.multi();
  if (gap) {
    transaction.xAdd(
      keys.gapLog,
      '*',
      {
        userId: gap.userId,
        at: String(gap.at),
        language: gap.language,
        question: gap.question,
        query: gap.query,
        topScore: gap.topScore.toFixed(3),
        topCoverage: gap.topCoverage.toFixed(3),
        nearest: gap.nearest.join(','),
      },
      { TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: turnLogMax } },
    );
  }
  const results = await transaction
    .rPush(historyKey, [JSON.stringify(question), JSON.stringify(answer)])
    .lTrim(historyKey, -historyTurns * 2, -1)
    .expire(historyKey, historyTtlSeconds)
    .set(keys.user(user.id), JSON.stringify(user))
    .zAdd(keys.usersByActivity, { score: user.lastSeen, value: user.id })
    .xAdd(keys.turnLog, '*', toStreamFields(log), {
      TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: turnLogMax },
    })
    .exec();
  const turnId = results.at(-1);
  return typeof turnId === 'string' ? turnId : undefined;
}

/** Turn `n` of user `id`; every third has a gap, every fourth the optional log fields. */
function turn(id: string, n: number): TurnRecord {
  const at = 1_700_000_000_000 + n;
  return {
    user: { id, channel: 'telegram', language: 'zh', firstSeen: 1, lastSeen: at, turns: n },
    question: { role: 'user', text: `问题${n} "quoted"`, at },
    answer: { role: 'assistant', text: `回答${n}\nline two`, at: at + 5 },
    log: {
      userId: id,
      channel: 'telegram',
      at,
      language: 'zh',
      question: `问题${n}`,
      answer: `回答${n}`,
      mode: n % 4 === 0 ? 'model:test' : 'offline',
      latencyMs: 5,
      ...(n % 4 === 0 ? { promptTokens: 12, completionTokens: 34, error: 'timeout' } : {}),
      citations: n % 2 === 0 ? [] : ['live-lines-zh', 'refunds-zh'],
      abstained: n % 3 === 0,
    },
    gap:
      n % 3 === 0
        ? {
            userId: id,
            at,
            language: 'zh',
            question: `问题${n}`,
            query: `上文 问题${n}`,
            topScore: 0.12345,
            topCoverage: 0.5,
            nearest: n % 2 === 0 ? [] : ['a-zh', 'b-zh'],
          }
        : undefined,
  };
}

/** Everything under `prefix`, by key without the prefix: raw values, stream entries as field lists. */
async function dump(prefix: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of (await keysUnder(redis, prefix)).sort()) {
    const name = key.slice(prefix.length);
    const type = await redis.type(key);
    const ttl = await redis.ttl(key);
    let value: unknown;
    if (type === 'string') value = await redis.get(key);
    else if (type === 'list') value = await redis.lRange(key, 0, -1);
    else if (type === 'zset') value = await redis.sendCommand(['ZRANGE', key, '0', '-1', 'WITHSCORES']);
    else if (type === 'stream') {
      const entries = (await redis.sendCommand(['XRANGE', key, '-', '+'])) as Array<[string, string[]]>;
      value = entries.map(([, fields]) => fields);
    } else throw new Error(`unexpected ${type} at ${key}`);
    // TTLs of the two runs may be a second apart; whether one is set, and its size, is checked below.
    out[name] = { type, value, expires: ttl > 0 };
  }
  return out;
}

/** Records `turns` with the script under one prefix and the MULTI under another; returns both. */
async function sideBySide(settings: Settings, turns: TurnRecord[]) {
  const scriptPrefix = testPrefix();
  const multiPrefix = testPrefix();
  const memory = createConversationMemory({
    redis: redis as Redis,
    keys: redisKeys(scriptPrefix),
    ...settings,
  });
  const scriptIds: Array<string | undefined> = [];
  const multiIds: Array<string | undefined> = [];
  for (const record of turns) {
    scriptIds.push(await memory.record(record));
    multiIds.push(await recordWithMulti(redisKeys(multiPrefix), settings, record));
  }
  return {
    script: await dump(scriptPrefix),
    multi: await dump(multiPrefix),
    scriptIds,
    multiIds,
    scriptKeys: redisKeys(scriptPrefix),
  };
}

const settings: Settings = { historyTurns: 2, historyTtlSeconds: 60, turnLogMax: 1000 };

describe('memory.record (one Lua script)', () => {
  it('writes exactly what the MULTI wrote, with and without a gap, trimming history', async () => {
    const turns = [1, 2, 3, 4, 5, 6].map((n) => turn(n % 2 === 0 ? 'tg:a' : 'tg:b', n));
    const { script, multi, scriptIds, multiIds, scriptKeys } = await sideBySide(settings, turns);
    expect(script).toEqual(multi);

    // And, independently of the reference, what that is.
    expect(Object.keys(script).sort()).toEqual([
      'v1:gaps',
      'v1:history:tg:a',
      'v1:history:tg:b',
      'v1:turns',
      'v1:user:tg:a',
      'v1:user:tg:b',
      'v1:users',
    ]);
    // tg:a had turns 2, 4, 6; two are kept, oldest first.
    expect(script['v1:history:tg:a']).toEqual({
      type: 'list',
      expires: true,
      value: [turns[3]!.question, turns[3]!.answer, turns[5]!.question, turns[5]!.answer].map((entry) =>
        JSON.stringify(entry),
      ),
    });
    expect(await redis.ttl(scriptKeys.history('tg:a'))).toBeGreaterThan(55);
    expect(await redis.ttl(scriptKeys.history('tg:a'))).toBeLessThanOrEqual(60);
    expect(script['v1:user:tg:a']).toEqual({
      type: 'string',
      expires: false,
      value: JSON.stringify(turns[5]!.user),
    });
    expect(script['v1:users']).toEqual({
      type: 'zset',
      expires: false,
      value: [
        ['tg:b', 1_700_000_000_005],
        ['tg:a', 1_700_000_000_006],
      ],
    });
    const turnLog = script['v1:turns'] as { value: string[][] };
    expect(turnLog.value).toHaveLength(6);
    expect(turnLog.value[0]).toEqual([
      ...['userId', 'tg:b', 'channel', 'telegram', 'at', '1700000000001', 'language', 'zh'],
      ...['question', '问题1', 'answer', '回答1', 'mode', 'offline', 'latencyMs', '5'],
      ...['citations', 'live-lines-zh,refunds-zh', 'abstained', '0'],
    ]);
    expect(turnLog.value[3]).toEqual([
      ...['userId', 'tg:a', 'channel', 'telegram', 'at', '1700000000004', 'language', 'zh'],
      ...['question', '问题4', 'answer', '回答4', 'mode', 'model:test', 'latencyMs', '5'],
      ...[
        'citations',
        '',
        'abstained',
        '0',
        'promptTokens',
        '12',
        'completionTokens',
        '34',
        'error',
        'timeout',
      ],
    ]);
    // Gaps on turns 3 and 6 only.
    expect((script['v1:gaps'] as { value: string[][] }).value).toEqual([
      [
        ...['userId', 'tg:b', 'at', '1700000000003', 'language', 'zh', 'question', '问题3'],
        ...['query', '上文 问题3', 'topScore', '0.123', 'topCoverage', '0.500', 'nearest', 'a-zh,b-zh'],
      ],
      [
        ...['userId', 'tg:a', 'at', '1700000000006', 'language', 'zh', 'question', '问题6'],
        ...['query', '上文 问题6', 'topScore', '0.123', 'topCoverage', '0.500', 'nearest', ''],
      ],
    ]);

    // The turn log ids come back as the MULTI's did.
    const ids = ((await redis.xRange(scriptKeys.turnLog, '-', '+')) ?? []).map(({ id }) => id);
    expect(scriptIds).toEqual(ids);
    expect(multiIds.every((id) => typeof id === 'string' && /^\d+-\d+$/.test(id))).toBe(true);
  });

  it('trims both logs approximately (MAXLEN ~) as the MULTI did', async () => {
    // MAXLEN ~ drops whole stream nodes only (≤ 100 entries each). Five entries sit in one node, so a cap of
    // 3 keeps all five where an exact MAXLEN would keep three.
    const small: Settings = { historyTurns: 1, historyTtlSeconds: 60, turnLogMax: 3 };
    const five = await sideBySide(
      small,
      [1, 2, 3, 4, 5].map((n) => turn('tg:x', 3 * n)),
    );
    expect(five.script).toEqual(five.multi);
    expect((five.script['v1:turns'] as { value: unknown[] }).value).toHaveLength(5);
    expect((five.script['v1:gaps'] as { value: unknown[] }).value).toHaveLength(5);

    // 250 entries span at least three nodes, so a cap of 1 drops the oldest whole nodes. Where a node ends
    // also depends on its bytes, hence on the ids' timestamps, so the two runs may keep different counts;
    // the newest agree.
    const tiny: Settings = { historyTurns: 1, historyTtlSeconds: 60, turnLogMax: 1 };
    const many = await sideBySide(
      tiny,
      Array.from({ length: 250 }, (_, n) => turn(`tg:${n % 5}`, 3 * n)),
    );
    const { 'v1:turns': scriptTurns, 'v1:gaps': scriptGaps, ...scriptRest } = many.script;
    const { 'v1:turns': multiTurns, 'v1:gaps': multiGaps, ...multiRest } = many.multi;
    expect(scriptRest).toEqual(multiRest);
    for (const [kept, keptByMulti] of [
      [scriptTurns, multiTurns],
      [scriptGaps, multiGaps],
    ] as Array<[{ value: string[][] }, { value: string[][] }]>) {
      expect(kept.value.length).toBeGreaterThanOrEqual(1);
      expect(kept.value.length).toBeLessThan(250);
      expect(keptByMulti.value.length).toBeLessThan(250);
      const newest = Math.min(kept.value.length, keptByMulti.value.length);
      expect(kept.value.slice(-newest)).toEqual(keptByMulti.value.slice(-newest));
    }
  });
});
