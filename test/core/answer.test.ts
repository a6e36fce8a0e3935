/**
 * The answerer's decisions with fake parts: a "can I say …?" verdict leads the answer; the lessons add to it
 * only when they cover the question, and a verdict is never followed by "not in the knowledge base".
 */
import { describe, expect, it } from 'vitest';
import { createAnswerer, type MayISayVerdict } from '../../src/core/answer.ts';
import type { Grounded, Grounding, Passage } from '../../src/core/grounding.ts';
import type { PromptLibrary } from '../../src/prompts/prompt-library.ts';

const prompts: PromptLibrary = { template: () => 'You are Cunbo.', render: () => 'You are Cunbo.' };

function passage(track: string, lessonId: string): Passage {
  return {
    n: 1,
    lessonId,
    title: lessonId,
    track,
    section: '步骤',
    text: `${lessonId} › 步骤\n- 一行。`,
    score: 5,
  };
}

function grounding(covered: boolean, top: Passage): Grounding {
  const grounded: Grounded = {
    query: 'q',
    understood: { text: 'q', intent: 'can-i-say', platforms: [], products: [], askWords: [], askText: 'q' },
    passages: [top],
    lessonIds: [top.lessonId],
    covered,
    topScore: 5,
    topCoverage: covered ? 1 : 0.2,
    topMatch: 0,
  };
  return {
    find: async () => grounded,
    answerOffline: (found) =>
      found.covered
        ? {
            text: `课程里说：一行。 [1]`,
            citations: [{ id: top.lessonId, title: top.title, track: top.track }],
            abstained: false,
          }
        : { text: '这个问题村播知识库里暂时还没有答案。', citations: [], abstained: true },
    cite: () => undefined,
  };
}

const breaks: MayISayVerdict = { verdict: 'breaks', phrase: '降血压', text: '⚠️ 不能这样说。' };

async function answer(found: Grounding, verdict?: MayISayVerdict) {
  const deltas: string[] = [];
  const answerer = createAnswerer({ prompts, grounding: found, mayISay: () => verdict });
  const { reply } = await answerer.answer('能说降血压吗', 'zh', [], (delta) => deltas.push(delta));
  return { reply, streamed: deltas.join('') };
}

describe('the answerer', () => {
  it('leads with the verdict, then what the lessons add when they cover the question', async () => {
    const { reply, streamed } = await answer(grounding(true, passage('compliance', 'health')), breaks);
    expect(reply.text).toBe('⚠️ 不能这样说。\n\n课程里说：一行。 [1]');
    expect(streamed).toBe(reply.text);
    expect(reply.abstained).toBe(false);
    expect(reply.citations.map((c) => c.id)).toEqual(['health']);
  });

  it('answers with the verdict alone, not "not in the knowledge base", when the lessons do not cover it', async () => {
    const { reply, streamed } = await answer(grounding(false, passage('compliance', 'health')), breaks);
    expect(reply.text).toBe('⚠️ 不能这样说。');
    expect(streamed).not.toContain('暂时还没有答案');
    expect(reply).toMatchObject({ abstained: false, citations: [] });
  });

  it('says honestly that the knowledge base lacks an answer when there is no verdict and nothing covers it', async () => {
    const { reply } = await answer(grounding(false, passage('live', 'planning')));
    expect(reply).toMatchObject({ text: '这个问题村播知识库里暂时还没有答案。', abstained: true });
  });
});
