/**
 * When a reworded question counts as the same one: paraphrases match an approved question, other questions
 * in the same domain do not. These pairs calibrate `sameQuestionThreshold`.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { loadKnowledge } from '../../src/knowledge-setup.ts';
import { createLogger } from '../../src/logging/logger.ts';
import {
  createQuestionMatcher,
  glossarySynonyms,
  normaliseQuestion,
  sameQuestionThreshold,
} from '../../src/trainer/question-match.ts';

const knowledge = await loadKnowledge({
  config: loadConfig({}),
  logger: createLogger('silent'),
  lexicalOnly: true,
});
const matcher = createQuestionMatcher({
  tokenizer: knowledge.grounding.tokenizer,
  synonyms: glossarySynonyms(knowledge.kb),
});
const similarity = (a: string, b: string) => matcher.similarity(matcher.terms(a), matcher.terms(b));

/** [approved question, a learner's rewording] */
const paraphrases: Array<[string, string]> = [
  ['鹿茸片可以寄到新疆吗', '鹿茸片能不能寄到新疆？'],
  ['鹿茸片可以寄到新疆吗', '新疆能寄鹿茸片吗'],
  ['直播间观众一直刷屏骂人怎么办', '直播时有观众刷屏骂人，怎么处理？'],
  ['抖音小店保证金多少钱', '抖店的保证金要交多少钱？'],
  ['鹿血片可以发顺丰冷链吗', '鹿血片能发顺丰冷链吗？'],
  ['快手小店怎么设置运费模板', '快手小店运费模板怎么设置'],
  ['村里网络不好直播卡顿怎么办', '村里网不好，直播老是卡顿怎么办啊'],
  ['梅花鹿养殖场可以开直播吗', '我们梅花鹿养殖场能开直播吗'],
  ['How much is the Douyin shop deposit?', 'What is the deposit for a Douyin shop?'],
  ['Can I ship deer antler slices to Xinjiang?', 'can i ship deer antler slices to xinjiang'],
  ['Can I ship deer antler slices to Xinjiang?', 'Is shipping deer antler slices to Xinjiang possible?'],
  ['How do I set up a shipping template on Kuaishou?', 'How to set up the Kuaishou shipping template'],
  [
    'My live stream lags because the village internet is slow',
    'live stream lags, village internet slow, help',
  ],
];

/** [approved question, a different question in the same domain] */
const differentQuestions: Array<[string, string]> = [
  ['鹿茸片可以寄到新疆吗', '鹿茸片怎么拍短视频'],
  ['鹿茸片可以寄到新疆吗', '鹿血片可以寄到国外吗'],
  ['抖音小店保证金多少钱', '抖音小店怎么上架商品'],
  ['抖音小店保证金多少钱', 'DOU+投多少钱合适'],
  ['直播间观众一直刷屏骂人怎么办', '直播间没人说话怎么办'],
  ['快手小店怎么设置运费模板', '快手小店怎么开通'],
  ['鹿血片可以发顺丰冷链吗', '鹿血片可以说补血吗'],
  ['村里网络不好直播卡顿怎么办', '直播间人少怎么办'],
  ['梅花鹿养殖场可以开直播吗', '梅花鹿养殖场怎么拍视频'],
  ['How much is the Douyin shop deposit?', 'How do I list products in my Douyin shop?'],
  ['How much is the Douyin shop deposit?', 'How much should I spend on DOU+?'],
  ['Can I ship deer antler slices to Xinjiang?', 'Can I say deer antler slices boost immunity?'],
  ['How do I set up a shipping template on Kuaishou?', 'How do I open a Kuaishou shop?'],
  ['My live stream lags because the village internet is slow', 'Nobody talks in my live stream'],
];

describe('question matching', () => {
  it('folds width, case, punctuation and spaces', () => {
    expect(normaliseQuestion('ＤＯＵ＋ 怎么投？')).toBe(normaliseQuestion('dou+怎么投'));
    expect(normaliseQuestion('How do I open a shop?')).toBe('howdoiopenashop');
  });

  it.each(paraphrases)('matches %s ≈ %s', (a, b) => {
    expect(similarity(a, b)).toBeGreaterThanOrEqual(sameQuestionThreshold);
  });

  it.each(differentQuestions)('keeps %s ≠ %s', (a, b) => {
    expect(similarity(a, b)).toBeLessThan(sameQuestionThreshold);
  });
});
