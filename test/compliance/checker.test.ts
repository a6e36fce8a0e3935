/** The checker: original spans, ❌ quotes, languages, overlaps, disguises, speed. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type ComplianceChecker, createComplianceChecker } from '../../src/compliance/checker.ts';
import type { ComplianceRule } from '../../src/compliance/schema.ts';
import { readLabelled, shipped } from './shipped.ts';

let checker: ComplianceChecker;

beforeAll(async () => {
  ({ checker } = await shipped());
});

const spansOf = (text: string) => checker.check(text).violations.map((v) => v.span.text);

function rule(overrides: Partial<ComplianceRule> & Pick<ComplianceRule, 'id' | 'patterns'>): ComplianceRule {
  return {
    category: 'absolute-terms',
    source: 'test',
    exceptions: [],
    disguisedOnly: false,
    reason: { zh: '原因', en: 'reason' },
    rewrite: { zh: '', en: '' },
    ...overrides,
  };
}

describe('check: spans', () => {
  it('reports the span of the original text, however it was disguised', () => {
    for (const [text, span] of [
      ['家人们 最 😍 好 的鹿肉', '最 😍 好 的'],
      ['加 薇 ❤ 信：luxiang_deer', '加 薇 ❤ 信：luxiang_deer'],
      ['ＶＸ：ｄｅｅｒ８８８', 'ＶＸ：ｄｅｅｒ８８８'],
      ['电话 一三九 零四三一 二二三三 来', '一三九 零四三一 二二三三'],
      ['蜂蜜 jiang xue tang 效果好', 'jiang xue tang'],
    ] as const) {
      const violations = checker.check(text).violations;
      expect(
        violations.map((v) => v.span.text),
        text,
      ).toContain(span);
      for (const v of violations) expect(text.slice(v.span.start, v.span.end)).toBe(v.span.text);
    }
  });

  it('counts offsets in UTF-16 units, after emoji outside the BMP', () => {
    const [violation] = checker.check('🦌🦌最好的鹿肉').violations;
    expect(violation?.span).toEqual({ start: 4, end: 7, text: '最好的' });
  });

  it('reports each violation with its rule, category, reason, rewrite, source and lines to say instead', () => {
    expect(checker.check('鹿血片能降血压').violations).toEqual([
      {
        span: { start: 3, end: 7, text: '能降血压' },
        rule: 'health-blood',
        category: 'health-claims',
        reason: expect.stringContaining('降血压'),
        rewrite: '',
        drop: true,
        source: expect.stringContaining('《中华人民共和国食品安全法》第七十三条'),
        instead: ['鹿血片是普通食品，配料和营养成分都印在包装上'],
      },
    ]);
  });

  it('finds several violations in one line, in order', () => {
    const violations = checker.check('最好的鹿血片，降三高，前50名半价，加V私聊').violations;
    expect(violations.map((v) => v.category)).toEqual([
      'absolute-terms',
      'health-claims',
      'price-urgency',
      'diversion',
      'diversion',
    ]);
  });
});

describe('check: quoted bad examples', () => {
  it('does not flag what is inside ❌…❌, nor its bracketed translation', () => {
    expect(spansOf('普通食品不能说❌"治疗"❌，也不能说❌"降血压"❌')).toEqual([]);
    expect(spansOf('Never write ❌"主页有惊喜"❌ ("a surprise on my profile") in a bio')).toEqual([]);
  });

  it('passes a phrase a clause says not to say, quoted or not, but flags the rest and a wink', () => {
    for (const text of [
      '咱不能说治疗',
      '别说"降血压"',
      '不能说"第一"',
      '平台规定不能说最好、第一这些词，咱就讲事实',
      '风水宝地不敢说，就是背风向阳',
      "Don't say 'cures'; just tell them how it tastes",
      "never say 'the best' on stream",
      '这饺子馅是我奶奶传下来的做法，不是什么独家秘方',
    ])
      expect(spansOf(text), text).toEqual([]);
    expect(spansOf('别说❌"最好"❌，最好的说法是讲事实')).toEqual(['最好的']);
    expect(spansOf('这是最好的鹿肉，别说我没告诉你')).toEqual(['最好的']);
    expect(spansOf('咱不能说治疗，这个你懂的')).toEqual(['治疗']);
    expect(spansOf('不用说，这是最好的鹿肉')).toEqual(['最好的']);
  });

  it('flags text after a lone ❌', () => {
    expect(spansOf('❌最好的鹿肉')).toEqual(['最好的']);
  });
});

describe('check: innocent text that looks risky', () => {
  it.each([
    '最近天冷，最后一步装箱',
    '第一次直播，第一步先解冻',
    '一级椴树蜜，特级大米',
    '加入购物车，关注主播',
    '我们在微信视频号也开播',
    '支持7天无理由退货',
    'Best before 2027-03-16',
    'A sweet treat for the family',
  ])('passes %s', (text) => {
    expect(checker.check(text).violations).toEqual([]);
  });
});

describe('check: languages', () => {
  it('gives reasons in the text language, or in the language asked for', () => {
    const [zh] = checker.check('最好的鹿肉').violations;
    const [en] = checker.check('最好的鹿肉', { lang: 'en' }).violations;
    expect(zh?.reason).toMatch(/广告法/);
    expect(en?.reason).toMatch(/Advertising Law/);
    expect(en?.rewrite).toBe('我们家卖得好的');
  });

  it('checks English and Chinese rules in any text', () => {
    expect(checker.check('Our venison is the best, 加我微信').violations.map((v) => v.rule)).toEqual([
      'abs-superlative-en',
      'div-add-wechat',
    ]);
  });

  it('rewrites an English span in English', () => {
    const [violation] = checker.check('Wild sika deer blood').violations;
    expect(violation?.rewrite).toBe('farm-raised sika deer');
  });
});

describe('check: overlaps and disguises', () => {
  it("reports one phrase once: an absolute term inside another category's claim is part of it", () => {
    const violations = checker.check('全网最低价').violations;
    expect(violations.map((v) => [v.category, v.span.text])).toEqual([['price-urgency', '全网最低价']]);
    expect(checker.rewrite('全网最低价，不信你去比').text).toBe('今天直播间的价格，不信你去比');
  });

  it('still reports overlapping hits of categories that are not absolute terms, each once', () => {
    const violations = checker.check('顶级鹿茸片泡水喝，私聊下单').violations;
    expect(new Set(violations.map((v) => v.category))).toEqual(
      new Set(['absolute-terms', 'deer-category', 'diversion']),
    );
  });

  it('flags a disguised WeChat spelling on its own, but not the word 微信', () => {
    expect(checker.check('vx联系').violations.map((v) => v.rule)).toEqual(['div-disguised-wechat']);
    expect(checker.check('微信联系').violations).toEqual([]);
  });
});

describe('createComplianceChecker', () => {
  it('drops a hit that overlaps an exception, and fills $1 from the original text', () => {
    const custom = createComplianceChecker({
      rules: [
        rule({
          id: 'zui',
          patterns: ['最({han})'],
          exceptions: ['最近'],
          rewrite: { zh: '很$1', en: 'very $1' },
        }),
      ],
    });
    expect(custom.check('最近').violations).toEqual([]);
    const [violation] = custom.check('最 香').violations;
    expect(violation).toMatchObject({ span: { start: 0, end: 3, text: '最 香' }, rewrite: '很香' });
  });

  it('refuses a pattern that is not a regular expression, naming the rule', () => {
    expect(() => createComplianceChecker({ rules: [rule({ id: 'broken', patterns: ['(最'] })] })).toThrow(
      /compliance rule "broken": patterns\[0\]: not a valid regular expression/,
    );
  });
});

describe('speed', () => {
  it('checks a typical sentence in well under a millisecond', () => {
    const texts = readLabelled().map((s) => s.text);
    for (const text of texts) checker.check(text);
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round += 1) {
      const started = performance.now();
      for (const text of texts) checker.check(text);
      best = Math.min(best, (performance.now() - started) / texts.length);
    }
    expect(best).toBeLessThan(1);
  });
});
