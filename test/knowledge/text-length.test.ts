/** Measuring length: Han characters for Chinese, words for English; Markdown syntax never counts. */
import { describe, expect, it } from 'vitest';
import { countHan, countWords, lessonLength, plainText } from '../../src/knowledge/text-length.ts';

describe('text length', () => {
  it('counts Han characters only', () => {
    expect(countHan('完播率 5秒，abc！𠀀')).toBe(5);
  });

  it('counts words like a word processor', () => {
    expect(countWords("Don't post the same video 3 times — it's 完播率 (completion rate).")).toBe(11);
    expect(countWords('  ')).toBe(0);
  });

  it('strips Markdown markers and link targets', () => {
    expect(plainText('## Steps\n1. Do [this](../a/01-x.en.md)\n- [ ] Task\n- A. Option')).toBe(
      'Steps\nDo this\nTask\nOption',
    );
  });

  it('measures a lesson in its language', () => {
    expect(lessonLength('zh', '## 步骤\n1. 写下[买家](x.md)。')).toBe(6);
    expect(lessonLength('en', '## Steps\n1. Write down [the buyers](x.md).')).toBe(5);
  });
});
