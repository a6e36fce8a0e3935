/** Parsing a glossary file. */
import { describe, expect, it } from 'vitest';
import { parseGlossary } from '../../src/knowledge/parse-glossary.ts';
import { glossary, lineOf } from './fixtures.ts';

const header =
  '---\nid: glossary-zh\ntitle: 术语表\nlang: zh\nupdated: 2026-11-29\ntranslation: glossary-en\n---\n';

describe('parseGlossary', () => {
  it('reads key, term, aliases, text and line', () => {
    const text = `${header}
## 完播率 (completion-rate)
别名：完播、看完率, 完播比
看完整条视频的次数占播放次数的比例。
越短越容易看完。

## GMV (gmv)
成交总额。
`;
    const parsed = parseGlossary('glossary.zh.md', 'zh', text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.glossary?.lang).toBe('zh');
    expect(parsed.glossary?.meta.title).toBe('术语表');
    expect(parsed.glossary?.entries).toEqual([
      {
        key: 'completion-rate',
        term: '完播率',
        aliases: ['完播', '看完率', '完播比'],
        text: '看完整条视频的次数占播放次数的比例。\n越短越容易看完。',
        line: lineOf(text, '## 完播率'),
      },
      { key: 'gmv', term: 'GMV', aliases: [], text: '成交总额。', line: lineOf(text, '## GMV') },
    ]);
  });

  it('reads English aliases', () => {
    const entries = parseGlossary('glossary.en.md', 'en', glossary('en')).glossary!.entries;
    expect(entries[0]).toMatchObject({
      key: 'completion-rate',
      term: 'Term 1',
      aliases: ['term A', 'term B'],
    });
  });

  it('reports a heading without a key and an entry without text', () => {
    const text = `${header}\n## 完播率\n解释。\n\n## GMV (gmv)\n别名：成交额\n`;
    expect(parseGlossary('glossary.zh.md', 'zh', text).problems).toEqual([
      {
        file: 'glossary.zh.md',
        line: lineOf(text, '## 完播率'),
        message: 'glossary: heading "## 完播率" should read "## term (key)"',
      },
      {
        file: 'glossary.zh.md',
        line: lineOf(text, '## GMV'),
        message: 'glossary entry "gmv": no explanation',
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
    for (const input of inputs) expect(() => parseGlossary('glossary.zh.md', 'zh', input)).not.toThrow();
  });
});
