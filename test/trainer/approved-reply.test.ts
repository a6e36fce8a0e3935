/** Serving an approved answer: the trainer's text byte for byte, signed; the bot never edits it. */
import { describe, expect, it } from 'vitest';
import { loadComplianceChecker } from '../../src/compliance/load.ts';
import { approvedReply } from '../../src/core/approved.ts';
import type { Citation } from '../../src/core/turn.ts';
import { rulesDir } from '../compliance/shipped.ts';

const checker = await loadComplianceChecker(rulesDir);

describe('approvedReply', () => {
  it('serves the approved text byte for byte, even where the checker would flag or rewrite it', () => {
    // The case: a rewrite once turned this trainer's warning into "…说就是宣传…".
    const answer =
      '不能说。鹿血片是普通食品，说降血压就是宣传治病，会被罚款。\n可以讲配料、产地和吃法，这是最好的办法。  ';
    expect(checker.rewrite(answer).text).not.toBe(answer);
    const { reply, logCitations } = approvedReply({ id: '1a2b3c4d', answer, trainerName: '王老师' }, 'zh');
    expect(reply.text).toBe(`${answer}\n\n— 培训老师 王老师 审核的回答`);
    expect(reply.text.startsWith(answer)).toBe(true);
    expect(Buffer.from(reply.text.slice(0, answer.length)).equals(Buffer.from(answer))).toBe(true);
    expect(reply).toMatchObject({ language: 'zh', mode: 'approved', abstained: false, citations: [] });
    expect(logCitations).toEqual(['approved:1a2b3c4d']);
  });

  it('signs in English and cites the linked lesson', () => {
    const lesson: Citation = {
      id: 'compliance-health-claims-en',
      title: 'Health claims',
      track: 'compliance',
    };
    const answer = 'Never say it "cures" anything: it is food.';
    const { reply, logCitations } = approvedReply(
      { id: 'ffff0000', answer, trainerName: 'Wang', lesson },
      'en',
    );
    expect(reply.text).toBe(`${answer}\n\n— answer approved by trainer Wang`);
    expect(reply.citations).toEqual([lesson]);
    expect(logCitations).toEqual(['approved:ffff0000', 'compliance-health-claims-en']);
  });
});
