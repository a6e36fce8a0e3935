/** Rewriting: violations replaced by their safe rewrite or removed, so generated text is never sent as is. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceChecker } from '../../src/compliance/checker.ts';
import { rewriteCompliant } from '../../src/compliance/rewrite.ts';
import { readLabelled, shipped } from './shipped.ts';

let checker: ComplianceChecker;

beforeAll(async () => {
  ({ checker } = await shipped());
});

const span = (text: string, part: string) => {
  const start = text.indexOf(part);
  return { start, end: start + part.length, text: part };
};

describe('rewriteCompliant', () => {
  it('replaces each span with its rewrite', () => {
    const text = '最好的鹿肉，加我微信';
    expect(
      rewriteCompliant(text, [
        { span: span(text, '最好的'), rewrite: '很好的' },
        { span: span(text, '加我微信'), rewrite: '点关注进粉丝群' },
      ]),
    ).toBe('很好的鹿肉，点关注进粉丝群');
  });

  it('removes a span with an empty rewrite without leaving doubled or hanging punctuation', () => {
    const text = '喝蜂蜜排毒，养颜，好喝';
    expect(rewriteCompliant(text, [{ span: span(text, '排毒'), rewrite: '' }])).toBe('喝蜂蜜，养颜，好喝');
    const opening = '私聊，下单';
    expect(rewriteCompliant(opening, [{ span: span(opening, '私聊'), rewrite: '' }])).toBe('下单');
    const english = 'This honey cures colds, and tastes great.';
    expect(rewriteCompliant(english, [{ span: span(english, 'cures colds'), rewrite: '' }])).toBe(
      'This honey, and tastes great.',
    );
  });

  it('merges overlapping spans and uses the longest one’s rewrite', () => {
    const text = '全网最低价';
    expect(
      rewriteCompliant(text, [
        { span: span(text, '最低价'), rewrite: '很低价' },
        { span: span(text, '全网最低价'), rewrite: '实惠价' },
      ]),
    ).toBe('实惠价');
  });

  it('leaves text without violations as it is', () => {
    expect(rewriteCompliant('鹿肉炖土豆', [])).toBe('鹿肉炖土豆');
  });
});

describe('checker.rewrite', () => {
  it('makes every violating sentence of the labelled set pass, and leaves innocent ones unchanged', () => {
    for (const sentence of readLabelled()) {
      const { text, violations } = checker.rewrite(sentence.text);
      expect(checker.check(text).violations, `${sentence.text} → ${text}`).toEqual([]);
      if (sentence.categories.length === 0) expect(text).toBe(sentence.text);
      else expect(violations.length).toBeGreaterThan(0);
    }
  });

  it('keeps quoted bad examples and rewrites readable lines', () => {
    expect(checker.rewrite('别说❌"最好的鹿肉"❌').text).toBe('别说❌"最好的鹿肉"❌');
    expect(checker.rewrite('咱家的鹿肉是最好的，想要的加我微信').text).toBe(
      '咱家的鹿肉是很好的，想要的点关注进粉丝群',
    );
    expect(checker.rewrite('我家鹿都是野生的').text).toBe('我家鹿都是自家鹿场养的');
  });
});
