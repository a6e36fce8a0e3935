/** "Can I say …?" questions get the rule they break first, in the rules' own words. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceChecker } from '../../src/compliance/checker.ts';
import { createMayISay } from '../../src/compliance/may-i-say.ts';
import { shipped } from './shipped.ts';

let checker: ComplianceChecker;
let mayISay: ReturnType<typeof createMayISay>;
beforeAll(async () => {
  ({ checker } = await shipped());
  mayISay = createMayISay(checker);
});

describe('may I say', () => {
  it('answers "can I say X?" with the rule X breaks, X quoted as a bad example', () => {
    const note = mayISay('鹿血片可以说降血压吗？', 'zh')!;
    expect(note).toMatch(/^⚠️ 按合规规则，这样说不行：\n• ❌"降血压"❌ /);
    expect(note).toContain('《食品安全法》第七十三条');
    expect(mayISay('直播间能不能喊全网最低价', 'zh')).toContain('❌"全网最低价"❌');
    const en = mayISay('Can I say our venison lowers blood pressure?', 'en')!;
    expect(en).toMatch(/^⚠️ By the compliance rules, that may not be said:\n• ❌"lowers blood pressure"❌ /);
    // Asked in one language about a phrase of the other, answered in the language of the answer.
    expect(mayISay('Can I say our coffee is 壮阳补肾?', 'en')).toMatch(
      /^⚠️ By the compliance rules.*\n• ❌"壮阳"❌ /,
    );
  });

  it('says nothing when the phrase breaks no rule, or the question does not ask what may be said', () => {
    expect(mayISay('鹿血片可以说是自家鹿场养殖的吗？', 'zh')).toBeUndefined();
    expect(mayISay('直播间人少怎么办', 'zh')).toBeUndefined();
    // A flagged word in a question that is not "may I say it": the lessons answer it.
    expect(mayISay('全网最低价的货从哪进', 'zh')).toBeUndefined();
    expect(mayISay('How do I price venison?', 'en')).toBeUndefined();
  });

  it('passes the compliance rewrite unchanged: what the rules forbid is marked as a bad example', () => {
    for (const [question, language] of [
      ['鹿血片可以说降血压吗？', 'zh'],
      ['直播间能说抗癌吗', 'zh'],
      ['Can I say our coffee is 壮阳补肾?', 'en'],
      ['Can I say lowest price anywhere?', 'en'],
      ['蜂蜜能说增强免疫力吗', 'zh'],
      // A reason that itself shows the ❌…❌ mark.
      ['鹿茸片能说治疗高血压吗', 'zh'],
    ] as const) {
      const note = mayISay(question, language)!;
      expect(note, question).toBeDefined();
      expect(checker.rewrite(note).text, question).toBe(note);
    }
    expect(mayISay('鹿血片可以说降血压吗？', 'zh')).toContain('❌降血压❌、❌降血糖❌、❌降血脂❌是疾病作用');
  });
});
