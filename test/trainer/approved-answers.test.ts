/** Trainer-approved answers in real Redis: stored, listed, matched for reworded questions, seen by every process. */
import { describe, expect, it } from 'vitest';
import { redisKeys } from '../../src/redis/keys.ts';
import { createTokenizer } from '../../src/retrieval/tokenizer.ts';
import { createApprovedAnswers } from '../../src/trainer/approved-answers.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis } = await useTestRedis();
const tokenizer = createTokenizer(['抖店', '抖音小店', '保证金']);
const synonyms = [['抖店', '抖音小店', '抖音商城店铺']];

function store(prefix: string, now = () => 1_000) {
  return createApprovedAnswers({ redis, keys: redisKeys(prefix), tokenizer, synonyms, now });
}

const trainer = { trainerId: 7, trainerName: '王老师' };

describe('approved answers', () => {
  it('stores an answer with who approved it, lists newest first, gets and removes by id', async () => {
    const { prefix } = await useTestRedis();
    let at = 1_000;
    const answers = store(prefix, () => at);
    const first = await answers.approve({
      question: '抖店保证金多少钱？',
      answer: '类目不同，保证金不同。',
      ...trainer,
    });
    at = 2_000;
    const second = await answers.approve({
      question: 'How do I ship deer antler?',
      answer: 'Use cold-chain couriers.',
      ...trainer,
      source: { kind: 'feedback', ref: '1-0' },
      lesson: 'live-opening-en',
    });
    expect(first).toMatchObject({
      language: 'zh',
      trainerName: '王老师',
      approvedAt: 1_000,
      source: { kind: 'manual' },
    });
    expect(second).toMatchObject({ language: 'en', lesson: 'live-opening-en' });
    expect((await answers.list()).map((a) => a.id)).toEqual([second.id, first.id]);
    expect(await answers.get(first.id)).toEqual(first);
    expect(await answers.remove(first.id)).toBe(true);
    expect(await answers.remove(first.id)).toBe(false);
    expect(await answers.get(first.id)).toBeUndefined();
    expect((await answers.list()).map((a) => a.id)).toEqual([second.id]);
  });

  it('replaces an earlier approval of the same question', async () => {
    const { prefix } = await useTestRedis();
    const answers = store(prefix);
    await answers.approve({ question: '抖店保证金多少钱', answer: '旧的', ...trainer });
    const newer = await answers.approve({ question: '抖店保证金多少钱？', answer: '新的', ...trainer });
    expect(await answers.list()).toEqual([newer]);
  });

  it('matches the same question in other width, case and punctuation, and reworded; not a different question', async () => {
    const { prefix } = await useTestRedis();
    const answers = store(prefix);
    const approved = await answers.approve({
      question: '抖音小店保证金多少钱',
      answer: '看类目。',
      ...trainer,
    });
    const english = await answers.approve({
      question: 'How much is the Douyin shop deposit?',
      answer: 'It depends.',
      ...trainer,
    });
    expect((await answers.best('抖音小店保证金多少钱！'))?.similarity).toBe(1);
    expect((await answers.match('ＨＯＷ much is the douyin shop deposit'))?.id).toBe(english.id);
    expect((await answers.match('抖店的保证金要交多少钱？'))?.id).toBe(approved.id);
    expect(await answers.match('抖音小店怎么上架商品')).toBeUndefined();
    expect(await answers.match('How do I list products in my Douyin shop?')).toBeUndefined();
    expect(await answers.match('？？')).toBeUndefined();
  });

  it('serves an approval made by another process at once, and stops serving a withdrawn one', async () => {
    const { prefix } = await useTestRedis();
    const here = store(prefix);
    const there = store(prefix);
    expect(await there.match('鹿血片可以发顺丰冷链吗')).toBeUndefined();
    const approved = await here.approve({
      question: '鹿血片可以发顺丰冷链吗',
      answer: '可以，要保温箱。',
      ...trainer,
    });
    expect((await there.match('鹿血片能发顺丰冷链吗？'))?.answer).toBe('可以，要保温箱。');
    await here.remove(approved.id);
    expect(await there.match('鹿血片能发顺丰冷链吗？')).toBeUndefined();
  });

  it('skips stored values it cannot read instead of failing', async () => {
    const { prefix } = await useTestRedis();
    const answers = store(prefix);
    const good = await answers.approve({ question: '直播卡顿怎么办', answer: '换网络。', ...trainer });
    await redis.hSet(redisKeys(prefix).approvedAnswers, 'broken', '{"id":');
    await redis.incr(redisKeys(prefix).approvedVersion);
    expect((await answers.list()).map((a) => a.id)).toEqual([good.id]);
    expect((await answers.match('直播卡顿怎么办'))?.id).toBe(good.id);
  });

  it('refuses an empty question or answer', async () => {
    const { prefix } = await useTestRedis();
    await expect(store(prefix).approve({ question: ' ', answer: 'x', ...trainer })).rejects.toThrow(
      /question/,
    );
    await expect(store(prefix).approve({ question: 'x', answer: '', ...trainer })).rejects.toThrow(/answer/);
  });
});
