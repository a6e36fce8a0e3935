import { describe, expect, it } from 'vitest';
import { markdownToHtml, splitText } from '../../../src/channels/telegram/format.ts';

describe('markdownToHtml', () => {
  it('renders bold and code and escapes everything else', () => {
    expect(markdownToHtml('**注意** a<b & `x<y`')).toBe('<b>注意</b> a&lt;b &amp; <code>x&lt;y</code>');
  });

  it('leaves unbalanced marks as text', () => {
    expect(markdownToHtml('**half')).toBe('**half');
  });
});

describe('splitText', () => {
  it('keeps every part within the limit and loses no text', () => {
    const paragraph = '直播间留人要靠节奏。'.repeat(60);
    const text = Array.from({ length: 12 }, () => paragraph).join('\n\n');
    const parts = splitText(text, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
    expect(parts.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
  });

  it('cuts at a paragraph break when there is one', () => {
    const parts = splitText(`${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}`, 4096);
    expect(parts).toEqual(['a'.repeat(3000), 'b'.repeat(3000)]);
  });
});
