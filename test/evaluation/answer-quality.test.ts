/**
 * Answer quality: the judge (facts held, wrong, abstained, declined), and the real-question dev set answered
 * offline through the same answerer as the bot, kept at or above its measured figures.
 */
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { complianceHooks } from '../../src/compliance/hooks.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createAnswerer } from '../../src/core/answer.ts';
import type { Reply } from '../../src/core/turn.ts';
import {
  holdsFacts,
  type Judged,
  judge,
  type RealQuestion,
  realQuestionSchema,
  reportAnswers,
} from '../../src/evaluation/answer-quality.ts';
import { type Knowledge, loadKnowledge } from '../../src/knowledge-setup.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { loadPrompts } from '../../src/prompts/prompt-library.ts';

const marks = { breaks: /^⚠️/u, fine: /^✅/u };

function question(extra: Partial<RealQuestion>): RealQuestion {
  return realQuestionSchema.parse({
    id: 'q',
    lang: 'zh',
    question: '直播间没人说话怎么办',
    source: 'https://example.org/q',
    expect: 'answer',
    ...extra,
  });
}

function reply(text: string, extra: Partial<Reply> = {}): Reply {
  return { text, language: 'zh', citations: [], mode: 'offline', abstained: false, ...extra };
}

describe('the judge', () => {
  it('needs one alternative of every group of facts, case and width folded', () => {
    expect(holdsFacts('用扣1、二选一的问题', [['扣1', '扣一'], ['二选一']])).toBe(true);
    expect(holdsFacts('用扣1的问题', [['扣1'], ['二选一']])).toBe(false);
    expect(holdsFacts('Ｆｉｘ it first', [['fix it first']])).toBe(true);
  });

  it('tells an answer with the facts from a wrong one, an honest abstention and a decline', () => {
    const asked = question({ facts: [['扣1']] });
    expect(judge(asked, reply('问好答的问题，扣1。'), marks).verdict).toBe('answered');
    expect(judge(asked, reply('多拍视频。'), marks).verdict).toBe('wrong');
    expect(judge(asked, reply('知识库里没有。', { abstained: true }), marks).verdict).toBe('abstained');
    expect(judge(asked, reply('不在范围。', { mode: 'declined', abstained: true }), marks).verdict).toBe(
      'declined',
    );
    // Answering an out-of-scope question is wrong, whatever it says.
    expect(judge(question({ expect: 'decline' }), reply('好的。'), marks).verdict).toBe('wrong');
  });

  it('counts a "can I say" answer as recognised only when it leads with the right verdict', () => {
    const breaks = question({ sayable: false, phrase: '降血压' });
    expect(judge(breaks, reply('⚠️ 不能这样说。'), marks).recognised).toBe(true);
    expect(judge(breaks, reply('✅ 可以说。'), marks).recognised).toBe(false);
    expect(judge(question({ sayable: true }), reply('✅ "新鲜" 没有查到违规'), marks).recognised).toBe(true);
  });

  it('adds up wrong answers over all questions, out-of-scope ones answered included', () => {
    const report = reportAnswers([
      { question: question({}), verdict: 'wrong', text: '' },
      { question: question({ expect: 'decline' }), verdict: 'wrong', text: '' },
      { question: question({ expect: 'abstain_ok' }), verdict: 'abstained', text: '' },
    ] satisfies Judged[]);
    expect(report.wrong).toBe(2);
    expect(report.abstainOk.answeredOrAbstained).toBe(1);
  });
});

describe('the real-question dev set (test/eval/real-dev.jsonl), offline', async () => {
  const questions = (await readFile('test/eval/real-dev.jsonl', 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => realQuestionSchema.parse(JSON.parse(line)));
  let knowledge: Knowledge;
  let judged: Judged[] = [];

  beforeAll(async () => {
    knowledge = await loadKnowledge({
      config: loadConfig({}),
      logger: createLogger('silent'),
      lexicalOnly: true,
    });
    const answerer = createAnswerer({
      prompts: await loadPrompts('prompts'),
      grounding: knowledge.grounding,
      ...complianceHooks(knowledge.compliance),
    });
    judged = [];
    for (const asked of questions) {
      const history = asked.previous ? [{ role: 'user' as const, text: asked.previous, at: Date.now() }] : [];
      const { reply: answer } = await answerer.answer(asked.question, asked.lang, history, () => {});
      judged.push(judge(asked, answer, marks));
    }
  }, 120_000);

  it('holds real questions of every kind, each with the page it was asked on', () => {
    const count = (test: (q: RealQuestion) => boolean) => questions.filter(test).length;
    expect(questions.length).toBeGreaterThanOrEqual(250);
    expect(count((q) => q.lang === 'zh') / questions.length).toBeGreaterThanOrEqual(0.6);
    expect(count((q) => q.expect === 'abstain_ok')).toBeGreaterThanOrEqual(40);
    expect(count((q) => q.expect === 'decline')).toBeGreaterThanOrEqual(30);
    expect(count((q) => q.previous !== undefined)).toBeGreaterThanOrEqual(30);
    expect(count((q) => q.sayable !== undefined)).toBeGreaterThanOrEqual(30);
    for (const asked of questions) expect(asked.source, asked.id).toMatch(/^https?:\/\//);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
  });

  // Floors at the figures measured when this test was written (README, "How well it answers"): a change
  // that answers fewer real questions, or more of them wrongly, fails here.
  it('answers with the facts, abstains honestly, declines, and rarely answers wrongly', () => {
    const report = reportAnswers(judged);
    expect(report.answer.answered / report.answer.n).toBeGreaterThanOrEqual(0.65);
    expect(report.wrong / report.total).toBeLessThanOrEqual(0.11);
    expect(report.abstainOk.answeredOrAbstained / report.abstainOk.n).toBeGreaterThanOrEqual(0.9);
    expect(report.decline.declined / report.decline.n).toBeGreaterThanOrEqual(0.95);
    expect(report.canISay.recognised / report.canISay.n).toBeGreaterThanOrEqual(0.95);
    expect(report.followUps.answered / report.followUps.n).toBeGreaterThanOrEqual(0.74);
  });
});
