/**
 * Retrieval and the offline answer over the shipped knowledge base, through the coach's `Grounding`
 * interface, and the dev-set targets: recall@5 ≥ 0.90 and MRR ≥ 0.75 per language, ≥ 90% of out-of-scope
 * questions declined, and no offline answer that recommends an absolute term or a health claim.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { type Knowledge, loadKnowledge } from '../../src/knowledge-setup.ts';
import { createLogger } from '../../src/logging/logger.ts';
import {
  buildReport,
  devQuestionSchema,
  lessonRanking,
  type Outcome,
} from '../../src/retrieval/evaluation.ts';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await loadKnowledge({
    config: loadConfig({}),
    logger: createLogger('silent'),
    lexicalOnly: true,
  });
});

const find = (question: string, lang: 'zh' | 'en', previous?: string) =>
  knowledge.grounding.find(
    question,
    lang,
    previous ? [{ role: 'user', text: previous, at: Date.now() }] : [],
  );

describe('retrieval', () => {
  it('understands a farmer’s wording: slang, full-width letters and synonyms from the glossary', async () => {
    const lessons = async (question: string) => lessonRanking(await find(question, 'zh'));
    expect((await lessons('抖加投100块有用吗'))[0]).toBe('traffic-dou-plus-zh');
    expect((await lessons('ＤＯＵ＋怎么投')).slice(0, 3)).toContain('traffic-dou-plus-zh');
    expect((await lessons('抖音小店怎么开')).slice(0, 3)).toContain('account-open-shop-zh');
  });

  it('answers in the language asked, from lessons in that language', async () => {
    const grounded = await find('How do I plan my first live stream?', 'en');
    expect(grounded.passages.every((p) => p.lessonId.endsWith('-en'))).toBe(true);
    const answer = knowledge.grounding.answerOffline(grounded, 'en');
    expect(answer.abstained).toBe(false);
    expect(answer.citations[0]?.id).toBe('live-planning-en');
  });

  it('re-asks the previous question for a follow-up, with what it names swapped in', async () => {
    const grounded = await find('那视频号呢？', 'zh', '抖音怎么开店');
    expect(grounded.covered).toBe(true);
    expect(grounded.query).toBe('抖音怎么开店 → 视频号怎么开店');
    expect(grounded.understood.platforms).toEqual(['channels']);
    expect(grounded.lessonIds.slice(0, 3)).toContain('account-open-shop-zh');
    // Not the glossary's definition of the platform: the previous question, asked of it.
    expect(knowledge.grounding.answerOffline(grounded, 'zh').citations[0]?.id).toBe('account-open-shop-zh');
    const en = await find('What about Kuaishou?', 'en', 'How do I open a Douyin shop?');
    expect(en.query).toBe('How do I open a Douyin shop? → how do i open a kuaishou shop?');
    const product = await find('那鹿肉呢？', 'zh', '蜂蜜要办什么证');
    expect(product.understood.products.map((p) => p.id)).toEqual(['venison']);
  });

  it('keeps the previous question\'s ask for "why?" and "how long?", changing only the intent', async () => {
    const why = await find('为什么？', 'zh', '直播间没人说话怎么办');
    expect(why.understood.intent).toBe('why');
    expect(why.understood.askWords).toEqual(expect.arrayContaining(['没人说话']));
  });

  it('reads a follow-up as a question of its own when the previous one is more than an hour old', async () => {
    const asked = (minutesAgo: number) => [
      { role: 'user' as const, text: '抖音怎么开店', at: Date.now() - minutesAgo * 60_000 },
    ];
    expect((await knowledge.grounding.find('那快手呢？', 'zh', asked(5))).query).toContain('快手怎么开店');
    const nextMorning = await knowledge.grounding.find('那快手呢？', 'zh', asked(61));
    expect(nextMorning.query).toBe('那快手呢？');
    // A question with an ask of its own is never merged with the previous one.
    expect((await knowledge.grounding.find('观众都走了说啥？', 'zh', asked(5))).query).toBe(
      '观众都走了说啥？',
    );
  });

  it('cites the lessons it quotes, with [n] markers that match the citations', async () => {
    const grounded = await find('直播间没人说话怎么办', 'zh');
    const answer = knowledge.grounding.answerOffline(grounded, 'zh');
    expect(answer.abstained).toBe(false);
    const markers = [...new Set([...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
    expect(markers.sort()).toEqual(answer.citations.flatMap((c) => c.refs ?? []).sort());
    expect(answer.citations.map((c) => c.refs)).toEqual(answer.citations.map((_, i) => [i + 1]));
  });

  it('says when the knowledge base does not cover a question, and points at the nearest lessons', async () => {
    const grounded = await find('鹿场的环评怎么做？', 'zh');
    expect(grounded.covered).toBe(false);
    const answer = knowledge.grounding.answerOffline(grounded, 'zh');
    expect(answer).toMatchObject({ abstained: true, citations: [] });
    expect(answer.text).toMatch(/暂时还没有答案[\s\S]*你可以先看看这些相关课程：\n1\. /);
  });

  it('declines requests to fake reviews or evade checks, but answers questions about those rules', async () => {
    expect((await find('帮我写20条好评', 'zh')).decline?.key).toBe('fake-reviews');
    expect((await find('怎么发微信号不被检测', 'zh')).decline?.key).toBe('evade-rules');
    expect((await find('Write 20 five-star reviews for my honey', 'en')).decline?.key).toBe('fake-reviews');
    expect((await find('刷单能把权重刷上去不', 'zh')).decline).toBeUndefined();
    expect((await find('能说降血压吗', 'zh')).decline).toBeUndefined();
    expect((await find('直播间人少怎么办', 'zh')).decline).toBeUndefined();
    // Repairing a phone is not e-commerce; a repair shop asking how to sell online is.
    expect((await find('怎么修手机屏幕', 'zh')).decline?.key).toBe('off-topic');
    expect((await find('How do I fix my cracked phone screen?', 'en')).decline?.key).toBe('off-topic');
    expect((await find('我是修手机的，怎么开抖音小店', 'zh')).decline).toBeUndefined();
    expect((await find('直播时手机屏幕太暗怎么办', 'zh')).decline).toBeUndefined();
  });
});

describe('answers that answer the question (issue 15: what users saw)', () => {
  const answer = async (question: string, lang: 'zh' | 'en', previous?: string) =>
    knowledge.grounding.answerOffline(await find(question, lang, previous), lang);

  it('says honestly that the knowledge base lacks an answer when only the platform words match', async () => {
    for (const question of [
      '抖音小店怎么给买家开发票',
      '快手小店的运费险怎么设置',
      '冷链快递发鹿血去新疆要几天',
    ])
      expect((await answer(question, 'zh')).abstained, question).toBe(true);
  });

  it('leads with the sentence that answers, not a glossary entry or a worked example', async () => {
    const sources = await answer('抖音直播流量有哪些来源', 'zh');
    expect(sources.citations[0]?.track).not.toBe('glossary');
    expect(sources.text.split('\n')[0]).toMatch(/推荐|搜索|同城/);
    const howLong = await answer('一天直播多久合适', 'zh');
    expect(howLong.text).toMatch(/2到4小时/);
    expect(howLong.text).not.toMatch(/老李/);
    const leaving = await answer('Why do viewers leave my Douyin livestream within seconds?', 'en');
    expect(leaving.abstained).toBe(false);
    expect(leaving.citations[0]?.track).toMatch(/live|tips|video/);
  });

  it('fits the learner: a Kuaishou seller gets no Douyin example', async () => {
    const grounded = await knowledge.grounding.find('快手小店咋开', 'zh', [], { platforms: ['kuaishou'] });
    const text = knowledge.grounding.answerOffline(grounded, 'zh', { platforms: ['kuaishou'] }).text;
    expect(text.split('\n')[0]).toMatch(/快手|开店|入驻/);
    expect(text).not.toMatch(/老李的鹿肉抖店/);
  });

  it('answers diversion and platform-choice questions that name Taobao or Pinduoduo, declines husbandry', async () => {
    expect((await find('直播间能说去淘宝搜我们店吗？', 'zh')).decline).toBeUndefined();
    expect((await find('农产品放在抖音卖好还是拼多多卖好？', 'zh')).decline).toBeUndefined();
    expect((await find('鹿场的鹿吃什么饲料长得快', 'zh')).decline?.key).toBe('husbandry');
  });
});

describe('the dev set (test/eval/dev-set.jsonl), offline', async () => {
  const questions = (await readFile('test/eval/dev-set.jsonl', 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => devQuestionSchema.parse(JSON.parse(line)));
  let outcomes: Outcome[] = [];
  const answers: string[] = [];

  beforeAll(async () => {
    outcomes = [];
    for (const question of questions) {
      const grounded = await find(question.question, question.lang, question.previous);
      outcomes.push({
        question,
        ranking: lessonRanking(grounded),
        abstained: Boolean(grounded.decline) || !grounded.covered,
      });
      answers.push(knowledge.grounding.answerOffline(grounded, question.lang).text);
    }
  });

  it('has enough questions in both languages', () => {
    const count = (lang: string, kind: string) =>
      questions.filter((q) => q.lang === lang && q.kind === kind).length;
    expect(count('zh', 'answerable') + count('zh', 'follow-up')).toBeGreaterThanOrEqual(60);
    expect(count('en', 'answerable') + count('en', 'follow-up')).toBeGreaterThanOrEqual(60);
    expect(questions.length).toBeGreaterThanOrEqual(120);
  });

  it.each(['zh', 'en'] as const)('finds the right lesson in %s: recall@5 ≥ 0.90, MRR ≥ 0.75', (lang) => {
    const metrics = buildReport(outcomes).byLanguage[lang];
    expect(metrics.recallAt5).toBeGreaterThanOrEqual(0.9);
    expect(metrics.mrr).toBeGreaterThanOrEqual(0.75);
  });

  it('declines at least 90% of out-of-scope questions', () => {
    expect(buildReport(outcomes).overall.abstentionRecall).toBeGreaterThanOrEqual(0.9);
  });

  it('never recommends an absolute term or a health claim (quoted bad examples ❌…❌ aside)', () => {
    const forbidden =
      /最好|最佳|第一|顶级|国家级|全网最低|100%|治疗|治愈|根治|壮阳|补肾|降血压|降血糖|抗癌|防癌|增强免疫力|\bcures?\b|\bbest\b|\bNo\. ?1\b/i;
    const offending = answers
      .map((text) => text.replace(/❌[^❌]*❌/g, ''))
      .filter((text) => forbidden.test(text))
      .map((text) => text.match(forbidden)?.[0]);
    expect(offending).toEqual([]);
  });
});
