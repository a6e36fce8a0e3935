/**
 * Reading a question: its intent, the platforms and products it names, the words that carry the ask, and
 * follow-ups re-asked with what changed swapped in. Uses the shipped `knowledge/question-words.yaml`.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenizer } from '../../src/retrieval/tokenizer.ts';
import { loadQuestionWords } from '../../src/understanding/question-words.ts';
import { createQuestionReader, type QuestionReader } from '../../src/understanding/reader.ts';

let reader: QuestionReader;
beforeAll(async () => {
  const words = await loadQuestionWords('knowledge');
  reader = createQuestionReader(words, createTokenizer(['抖音小店', '快手小店', '鹿血片']));
});

describe('the question reader', () => {
  it('names the intent from cue words, in Chinese and English', () => {
    const intent = (question: string) => reader.read(question).intent;
    expect(intent('DOU+是什么意思')).toBe('definition');
    expect(intent('抖音小店怎么开')).toBe('how-to');
    expect(intent('一天直播多久合适')).toBe('how-much');
    expect(reader.read('一天直播多久合适').measure).toBe('time');
    expect(intent('蓝V要多少钱')).toBe('how-much');
    expect(intent('直播时说鹿血能降血压行不行')).toBe('can-i-say');
    expect(intent('is it ok to say our venison is the best in China')).toBe('can-i-say');
    expect(intent('直播间没人说话怎么办')).toBe('situation');
    expect(intent('抖音和快手哪个好')).toBe('comparison');
    expect(intent('What is the difference between Douyin and Kuaishou?')).toBe('comparison');
    expect(intent('为什么视频没人看')).toBe('why');
  });

  it('finds the platforms and products a question names, and leaves them out of the ask', () => {
    const invoice = reader.read('抖音小店怎么给买家开发票');
    expect(invoice.platforms).toEqual(['douyin']);
    expect(invoice.askWords).toEqual(expect.arrayContaining(['买家', '开发票']));
    expect(invoice.askWords).not.toContain('抖音');
    const claim = reader.read('鹿血片可以说降血压吗');
    expect(claim.products).toEqual([{ id: 'deer-blood', deer: true }]);
    expect(claim.askWords).not.toContain('鹿血片');
    // A question about the platforms themselves keeps them as its ask.
    expect(reader.read('抖音和快手哪个好').askWords).toEqual(['抖音', '快手']);
  });

  it('leaves filler and question words out of the ask, and reads traditional characters as simplified', () => {
    expect(reader.read('一天直播多久合适').askWords).toEqual(['直播']);
    expect(reader.read('新號起步,為什么要做賬號定位?').askWords).toEqual(
      expect.arrayContaining(['账号', '定位']),
    );
  });

  it('re-asks the previous question for a follow-up, swapping the platform, product or track', () => {
    expect(reader.readAfter('那抖音呢？', '快手小店怎么开通').text).toBe('抖音小店怎么开通');
    expect(reader.readAfter('What about Kuaishou?', 'How do I open a Douyin shop?').text).toBe(
      'how do i open a kuaishou shop?',
    );
    expect(reader.readAfter('那鹿肉呢？', '鹿血片要办什么证').products).toEqual([
      { id: 'venison', deer: true },
    ]);
    expect(reader.readAfter('那短视频呢？', '抖音直播流量有哪些来源').text).toBe('抖音短视频流量有哪些来源');
    const why = reader.readAfter('为什么？', '直播间没人说话怎么办');
    expect(why.intent).toBe('why');
    expect(why.followUpOf).toBe('直播间没人说话怎么办');
    // A question with an ask of its own is not a follow-up.
    expect(reader.readAfter('观众都走了说啥？', '抖音怎么开店').followUpOf).toBeUndefined();
  });

  it('adds the platform-choice topic to a comparison of platforms', () => {
    expect(reader.read('视频号和抖音哪个平台好').topicWords).toContain('选平台');
    expect(reader.read('直播和短视频哪个好').topicWords).toBeUndefined();
  });
});

describe('question-words.yaml', () => {
  it('stops loading with the file and field named when a pattern is broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cunbo-words-'));
    await writeFile(
      join(dir, 'question-words.yaml'),
      'updated: x\nintents:\n  - intent: how-to\n    patterns: ["(unclosed"]\nplatforms: []\nproducts: []\ntracks: []\ngeneric: {zh: [], en: []}\n',
    );
    await expect(loadQuestionWords(dir)).rejects.toThrow(
      /question-words\.yaml: intents\.0\.patterns\.0: expected a valid regular expression/,
    );
  });
});
