import { describe, expect, it } from 'vitest';
import { createConversationMemory } from '../../src/memory/conversation-memory.ts';
import type { UserRecord } from '../../src/memory/users.ts';
import { redisKeys } from '../../src/redis/keys.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis, prefix } = await useTestRedis();
const keys = redisKeys(prefix);
const memory = createConversationMemory({
  redis,
  keys,
  historyTurns: 3,
  historyTtlSeconds: 60,
  turnLogMax: 1000,
});

function user(id: string, at: number): UserRecord {
  return { id, channel: 'telegram', language: 'zh', firstSeen: 1, lastSeen: at, turns: at };
}

async function recordTurn(id: string, n: number) {
  await memory.record({
    user: user(id, n),
    question: { role: 'user', text: `问题${n}`, at: n },
    answer: { role: 'assistant', text: `回答${n}`, at: n },
    log: {
      userId: id,
      channel: 'telegram',
      at: n,
      language: 'zh',
      question: `问题${n}`,
      answer: `回答${n}`,
      mode: 'offline',
      latencyMs: 5,
      citations: ['live-lines-zh'],
      abstained: false,
    },
  });
}

describe('conversation memory', () => {
  it('keeps the most recent turns only, oldest first', async () => {
    for (let n = 1; n <= 5; n++) await recordTurn('tg:1', n);
    const { user: stored, history } = await memory.load('tg:1');
    expect(stored?.turns).toBe(5);
    expect(history.map((h) => h.text)).toEqual(['问题3', '回答3', '问题4', '回答4', '问题5', '回答5']);
    expect(await redis.ttl(keys.history('tg:1'))).toBeGreaterThan(0);
  });

  it('logs every turn in the stream, readable back with types', async () => {
    await recordTurn('tg:2', 7);
    const [latest] = await memory.recentTurns(1);
    expect(latest).toMatchObject({
      userId: 'tg:2',
      question: '问题7',
      citations: ['live-lines-zh'],
      abstained: false,
    });
  });

  it('reads only the previous question when asked (offline answers need nothing else)', async () => {
    expect((await memory.load('tg:6', { lastQuestionOnly: true })).history).toEqual([]);
    for (const n of [1, 2, 3]) await recordTurn('tg:6', n);
    expect((await memory.load('tg:6')).history).toHaveLength(6);
    const { history } = await memory.load('tg:6', { lastQuestionOnly: true });
    expect(history.map(({ role, text }) => ({ role, text }))).toEqual([{ role: 'user', text: '问题3' }]);
  });

  it('keeps users apart', async () => {
    await recordTurn('tg:3', 1);
    expect((await memory.load('tg:4')).history).toEqual([]);
    expect((await memory.load('tg:3')).history).toHaveLength(2);
  });

  it('survives values of an older or broken shape instead of crashing', async () => {
    await redis.set(keys.user('tg:5'), '{"name":"old shape"}');
    await redis.rPush(keys.history('tg:5'), [
      'not json',
      JSON.stringify({ role: 'user', text: 'ok', at: 1 }),
    ]);
    const loaded = await memory.load('tg:5');
    expect(loaded.user).toBeUndefined();
    expect(loaded.history).toEqual([{ role: 'user', text: 'ok', at: 1 }]);
  });
});
