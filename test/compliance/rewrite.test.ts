/**
 * Rewriting: violations replaced by a vetted safe wording, or their clause removed with a note, so generated
 * text is never sent as is and never mangled. `rewrite-pairs.jsonl` holds hand-checked input → output pairs.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
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
      '咱家的鹿肉是我们家卖得好的，想要的点关注进粉丝群',
    );
    expect(checker.rewrite('我家鹿都是野生的').text).toBe('我家鹿都是自家鹿场养的');
  });
});

const pairSchema = z.strictObject({
  lang: z.enum(['zh', 'en']),
  input: z.string().min(1),
  expected: z.string(),
});

/** `rewrite-pairs.jsonl`: hand-written inputs and the exact text the rewrite must give. */
function readPairs(): Array<z.infer<typeof pairSchema>> {
  const path = fileURLToPath(new URL('./rewrite-pairs.jsonl', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = pairSchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`rewrite-pairs.jsonl line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

// What a clause may not end on: a verb or particle whose object the rewrite took away.
const zhDangling = [
  '能治',
  '保证',
  '能',
  '可以',
  '帮助',
  '有助于',
  '帮你',
  '是',
  '和',
  '跟',
  '把',
  '让',
  '给',
  '比',
  '还能',
  '很',
  '最',
];
const enDangling = [
  'it',
  'what it',
  'is',
  'are',
  'the',
  'a',
  'an',
  'and',
  'to',
  'of',
  'for',
  'with',
  'your',
  'can',
  'will',
];

/** The clause ends of `text` outside the removal notes: each clause's last words. */
function clauseEnds(text: string): string[] {
  const body = text.replace(/（已删去[^）]*）|\(Removed [^)]*\)/gu, '');
  return body
    .split(/[,，;；:：。!！?？\n]|\.(?=\s|$)/u)
    .map((clause) => clause.trim())
    .filter(Boolean);
}

function dangling(text: string): string | undefined {
  for (const clause of clauseEnds(text)) {
    for (const word of zhDangling) if (clause.endsWith(word)) return `${clause} (…${word})`;
    for (const word of enDangling)
      if (new RegExp(`(^|\\s)${word}$`, 'iu').test(clause)) return `${clause} (…${word})`;
  }
  return undefined;
}

describe('rewrite pairs', () => {
  const pairs = readPairs();

  it('has at least 100 pairs, about two in three Chinese, the rest English', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(100);
    const zh = pairs.filter((p) => p.lang === 'zh').length;
    expect(zh / pairs.length).toBeGreaterThan(0.55);
    expect(zh / pairs.length).toBeLessThan(0.75);
    expect(new Set(pairs.map((p) => p.input)).size).toBe(pairs.length);
  });

  it('rewrites every input to exactly its expected text, which passes the checker', () => {
    const wrong = pairs
      .map((pair) => ({ ...pair, got: checker.rewrite(pair.input).text }))
      .filter((pair) => pair.got !== pair.expected)
      .map((pair) => `${pair.input}\n   got      ${pair.got}\n   expected ${pair.expected}`);
    expect(wrong).toEqual([]);
    for (const pair of pairs) expect(checker.check(pair.expected).violations, pair.expected).toEqual([]);
  });

  it('never leaves a clause ending on a dangling verb or particle (pairs and the labelled set)', () => {
    const texts = [...pairs.map((p) => p.input), ...readLabelled().map((s) => s.text)];
    const found = texts
      .filter((text) => dangling(text) === undefined)
      .map((text) => ({ text, out: checker.rewrite(text).text }))
      .map(({ text, out }) => ({ text, out, end: dangling(out) }))
      .filter((r) => r.end !== undefined)
      .map((r) => `${r.text} → ${r.out}: ${r.end}`);
    expect(found).toEqual([]);
  });

  it('notes each removal at the end, in the language of the text, and the note passes the checker', () => {
    expect(checker.rewrite('吃了能治高血压').text).toBe(
      '（已删去一句功效说法：普通食品不能宣传治病或保健作用。）',
    );
    expect(checker.rewrite('保证治好你的失眠').text).not.toMatch(/保证|你的$/u);
    expect(checker.rewrite('This is the best venison in China and it cures high blood pressure!').text).toBe(
      'This is really good venison in China! (Removed a health claim: ordinary food must not claim to treat or prevent illness.)',
    );
    expect(checker.rewrite('If asked what it cures, say it is an ordinary food.').violations).toEqual([]);
    const velvet = checker.rewrite('鹿茸片泡酒，男人喝了壮阳补肾').text;
    expect(velvet).not.toMatch(/不是普通食品，男人/u);
    expect(checker.check(velvet).violations).toEqual([]);
  });
});
