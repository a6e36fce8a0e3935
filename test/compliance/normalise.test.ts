/** The normaliser: what the rules see, and the map back to the original text. */
import { describe, expect, it } from 'vitest';
import { compileEvasions } from '../../src/compliance/evasions.ts';
import { type NormalisedText, normalise, originalRange } from '../../src/compliance/normalise.ts';
import { quotedRegions } from '../../src/compliance/quoted.ts';

const evasions = compileEvasions({
  substitutions: [
    { to: '微信', from: ['vx', 'v信', '威信', '薇信', 'wx', 'weixin'] },
    { to: '二维码', from: ['2维码'] },
  ],
  pinyin: [
    { hanzi: '降血压', pinyin: 'jiang xue ya' },
    { hanzi: '补肾', pinyin: 'bu shen' },
  ],
});

const text = (input: string) => normalise(input, evasions).text;

/** The original text behind each normalised character, for checking the map. */
function sources(normalised: NormalisedText): string[] {
  return [...normalised.text].map((_, i) => {
    const { start, end } = originalRange(normalised, i, i + 1);
    return normalised.original.slice(start, end);
  });
}

describe('normalise', () => {
  it('folds full-width letters, digits and punctuation to half-width, and lower-cases', () => {
    expect(text('ＶＸ：ＤＥＥＲ８８８，ＮＯ．１！')).toBe('微信:deer888,no1!');
    expect(text('Best Venison')).toBe('best venison');
  });

  it('removes spaces, emoji, zero-width characters and filler punctuation between characters', () => {
    expect(text('最 好 吃')).toBe('最好吃');
    expect(text('最😍好\u200b的')).toBe('最好的');
    expect(text('加.微-信*')).toBe('加微信');
    expect(text('“最好”的《鹿肉》')).toBe('最好的鹿肉');
    expect(text('加 V 领')).toBe('加v领');
  });

  it('keeps one space between Latin words, a decimal point, and a full stop that ends a sentence', () => {
    expect(text('lowers   blood\tpressure')).toBe('lowers blood pressure');
    expect(text('3.5斤 only 3.5 kg')).toBe('3.5斤only 3.5 kg');
    expect(text('It cures. Buy now')).toBe('it cures.buy now');
    expect(text('anti-cancer, best-before')).toBe('anticancer,bestbefore');
  });

  it('joins digits split by spaces, dashes or emoji keycaps', () => {
    expect(text('138 1234-5678')).toBe('13812345678');
    expect(text('1️⃣3️⃣8️⃣')).toBe('138');
  });

  it('turns 7 or more numerals spelled in Chinese into digits, and leaves shorter runs alone', () => {
    expect(text('幺三八一二三四五六七八')).toBe('13812345678');
    expect(text('一三八 1234 五六七八')).toBe('13812345678');
    expect(text('第一次直播，三七分账')).toBe('第一次直播,三七分账');
  });

  it('maps homophones and letter codes back to the word they hide, and marks them disguised', () => {
    const normalised = normalise('加vx，威信，wx号', evasions);
    expect(normalised.text).toBe('加微信,微信,微信号');
    expect(normalised.disguised.slice(1, 3)).toEqual([true, true]);
    expect(normalise('加微信', evasions).disguised).toEqual([false, false, false]);
    expect(text('vortex wxyz')).toBe('vortex wxyz');
  });

  it('maps pinyin, with or without spaces and tone marks, or mixed with characters', () => {
    expect(text('jiang xue ya')).toBe('降血压');
    expect(text('Jiàng Xuè Yā')).toBe('降血压');
    expect(text('jiangxueya')).toBe('降血压');
    expect(text('bu肾')).toBe('补肾');
    expect(text('降xue压')).toBe('降血压');
    expect(text('bushel of rice')).toBe('bushel of rice');
  });

  it('maps every normalised character back to the original characters it came from', () => {
    const original = '🦌 加 vx：ＡＢ';
    const normalised = normalise(original, evasions);
    expect(normalised.text).toBe('加微信:ab');
    expect(sources(normalised)).toEqual(['加', 'vx', 'vx', '：', 'Ａ', 'Ｂ']);
    expect(originalRange(normalised, 0, 3)).toEqual({ start: 3, end: 7 });
  });

  it('replaces each ❌…❌ quote, with a bracketed translation right after it, by a line break', () => {
    expect(text('不能说❌"治疗"❌，要说产地')).toBe('不能说\n,要说产地');
    expect(text('say ❌"主页有惊喜"❌ ("a surprise on my profile") never')).toBe('say\nnever');
    expect(text('❌最好的')).toBe('最好的');
  });
});

describe('quotedRegions', () => {
  it('pairs the marks in order and ignores a lone one', () => {
    const input = 'a❌b❌c❌d';
    expect(quotedRegions(input)).toEqual([{ start: 1, end: 4 }]);
  });

  it('takes a bracketed gloss on the same line into the quote, but not one on the next line', () => {
    expect(quotedRegions('❌x❌ (y) z')).toEqual([{ start: 0, end: 7 }]);
    expect(quotedRegions('❌x❌（y）z')).toEqual([{ start: 0, end: 6 }]);
    expect(quotedRegions('❌x❌\n(y)')).toEqual([{ start: 0, end: 3 }]);
  });
});
