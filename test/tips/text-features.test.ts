/** Text features for tip matching: normalisation, the crude stemmer, bigrams and stop words. */
import { describe, expect, it } from 'vitest';
import { normaliseText, stem, textFeatures } from '../../src/tips/text-features.ts';

describe('text features', () => {
  it('normalises full-width letters, case, apostrophes and spaces between Chinese characters', () => {
    expect(normaliseText('ＶＸ 人 都 走了')).toBe('vx 人都走了');
    expect(normaliseText("Can't HEAR")).toBe('cant hear');
  });

  it('stems English words so that forms of one word meet', () => {
    for (const group of [
      ['leave', 'leaves', 'leaving'],
      ['price', 'prices', 'priced'],
      ['ship', 'shipping', 'shipped'],
      ['lag', 'lagging'],
      ['viewer', 'viewers'],
      ['reply', 'replies'],
    ]) {
      expect(new Set(group.map(stem)).size, group.join(', ')).toBe(1);
    }
    expect(stem('glass')).toBe('glass');
    expect(stem('is')).toBe('is');
  });

  it('turns Chinese into bigrams and characters, English into words, leaving out stop words', () => {
    const zh = textFeatures('人都走了怎么办');
    expect(zh.han).toBe('人都走了怎么办');
    expect(zh.terms).toContain('b:人都');
    expect(zh.terms).toContain('b:走了');
    expect(zh.terms).toContain('u:走');
    expect(zh.terms).not.toContain('b:怎么');
    expect(zh.terms).not.toContain('u:了');
    const en = textFeatures('The viewers are leaving!');
    expect(en.words).toBe(' viewer leav ');
    expect([...en.terms]).toEqual(['w:viewer', 'w:leav']);
    expect(en.length).toBe('viewer'.length + 'leav'.length);
  });

  it('keeps Chinese runs apart across punctuation', () => {
    expect(textFeatures('太贵了！假的吧').han).toBe('太贵了|假的吧');
    expect(textFeatures('太贵了！假的吧').terms).not.toContain('b:了假');
  });
});
