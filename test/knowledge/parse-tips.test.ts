/** Parsing a tips file. */
import { describe, expect, it } from 'vitest';
import { parseTips } from '../../src/knowledge/parse-tips.ts';
import { lineOf, tips } from './fixtures.ts';

const header = '---\nid: tips-en\ntitle: Tips\nlang: en\nupdated: 2026-11-29\ntranslation: tips-zh\n---\n';

describe('parseTips', () => {
  it('reads situations and tips with ids and lines', () => {
    const text = `${header}
## Viewers leaving (viewers-leaving)
- Re-introduce yourself every 15 minutes.
- Show the product up close,
  then say the price.
`;
    const parsed = parseTips('tips.en.md', 'en', text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.tips?.situations).toEqual([
      {
        key: 'viewers-leaving',
        title: 'Viewers leaving',
        line: lineOf(text, '## Viewers'),
        tips: [
          {
            id: 'viewers-leaving-1',
            text: 'Re-introduce yourself every 15 minutes.',
            line: lineOf(text, '- Re-'),
          },
          {
            id: 'viewers-leaving-2',
            text: 'Show the product up close, then say the price.',
            line: lineOf(text, '- Show'),
          },
        ],
      },
    ]);
  });

  it('reads the generated fixture', () => {
    const parsed = parseTips('tips.zh.md', 'zh', tips('zh'));
    expect(parsed.tips?.situations).toHaveLength(12);
    expect(parsed.tips?.situations[0]?.tips[7]?.id).toBe('opening-8');
  });

  it('reports text that is not a list item and a heading without a key', () => {
    const text = `${header}\n## Opening\n- a tip\n\n## Shipping (shipping)\nJust a paragraph.\n`;
    expect(parseTips('tips.en.md', 'en', text).problems).toEqual([
      {
        file: 'tips.en.md',
        line: lineOf(text, '## Opening'),
        message: 'tips: heading "## Opening" should read "## title (situation-key)"',
      },
      {
        file: 'tips.en.md',
        line: lineOf(text, 'Just a'),
        message: 'tips: expected one tip per list item "- …"',
      },
    ]);
  });

  it('never throws on bad input', () => {
    const inputs = [
      '',
      '---',
      '---\n---\n## (x)\n',
      '---\nid: [\n---\n## a (b)\n  - x\n',
      '\u0000## ((()))\n- \n',
    ];
    for (const input of inputs) expect(() => parseTips('tips.en.md', 'en', input)).not.toThrow();
  });
});
