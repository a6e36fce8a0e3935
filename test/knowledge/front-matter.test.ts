/** Front matter: split off, parsed with key lines, validated field by field. */

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFrontMatter, validateFrontMatter } from '../../src/knowledge/front-matter.ts';
import { glossaryMetaSchema, lessonMetaSchema } from '../../src/knowledge/schema.ts';
import { parseSimpleMapping } from '../../src/knowledge/simple-yaml.ts';
import { enLesson, first, zhLesson } from './fixtures.ts';

describe('readFrontMatter', () => {
  it('returns the data, the line of each key and where the body starts', () => {
    const front = readFrontMatter('a.md', '---\nid: x\ntags: [a, b]\n---\n\nBody\n');
    expect(front.data).toEqual({ id: 'x', tags: ['a', 'b'] });
    expect([...front.keyLines]).toEqual([
      ['id', 2],
      ['tags', 3],
    ]);
    expect(front.body).toBe('\nBody\n');
    expect(front.bodyLine).toBe(5);
    expect(front.problems).toEqual([]);
  });

  it('reports YAML errors on their file line', () => {
    const front = readFrontMatter('a.md', '---\nid: x\nid: y\n---\n');
    expect(front.data).toBeUndefined();
    expect(front.problems).toEqual([
      { file: 'a.md', line: 3, message: 'front matter: not valid YAML: Map keys must be unique' },
    ]);
  });

  it('reports front matter that is not a mapping', () => {
    expect(readFrontMatter('a.md', '---\n- a\n---\n').problems).toEqual([
      { file: 'a.md', line: 2, message: 'front matter: expected "key: value" lines' },
    ]);
  });
});

describe('validateFrontMatter', () => {
  it('names the field, what was expected and what it got', () => {
    const front = readFrontMatter(
      'a.md',
      '---\nid: glossary-zh\ntitle: 术语表\nlang: de\nupdated: 29.11.2026\ntranslation: glossary-en\n---\n',
    );
    expect(validateFrontMatter('a.md', front, glossaryMetaSchema).problems).toEqual([
      { file: 'a.md', line: 4, message: 'front matter: lang: expected one of zh|en, got "de"' },
      {
        file: 'a.md',
        line: 5,
        message: 'front matter: updated: expected a date YYYY-MM-DD, got "29.11.2026"',
      },
    ]);
  });

  it('accepts the fixtures', () => {
    for (const text of [zhLesson(first), enLesson(first)]) {
      const front = readFrontMatter('a.md', text);
      expect(validateFrontMatter('a.md', front, lessonMetaSchema).problems).toEqual([]);
    }
  });
});

describe('parseSimpleMapping (the fast path)', () => {
  it('reads what the fixtures use exactly as the yaml package does', () => {
    for (const text of [zhLesson(first), enLesson(first)]) {
      const yaml = text.split('\n---\n')[0]!.replace(/^---\n/, '');
      expect(parseSimpleMapping(yaml, 2)?.data).toEqual(parse(yaml));
    }
  });

  it('gives the same value as yaml, or declines', () => {
    const values = [
      'plain text',
      '选平台：抖音、快手',
      '"quoted: with colon"',
      "'single ''quoted'''",
      '"escaped \\" quote"',
      '12',
      '012',
      '-3',
      '1.5',
      '1e3',
      '0x1F',
      'true',
      'null',
      '~',
      '.inf',
      '2026-11-29',
      '[a, b, 中文]',
      '[]',
      '[a, [b]]',
      '[a: b]',
      '[a, b,]',
      'a: b',
      'text # comment',
      'text#not-comment',
      '&anchor x',
      '*alias',
      '!tag x',
      '- item',
      '? key',
      '|',
      '>',
      '%x',
      '@x',
      '`x`',
      '"unterminated',
      '[1, 2]',
      '[yes, no]',
      '5秒完播率',
      '"a" trailing',
    ];
    for (const value of values) {
      const text = `key: ${value}`;
      const simple = parseSimpleMapping(text, 2);
      if (!simple) continue;
      let expected: unknown;
      try {
        expected = parse(text);
      } catch (error) {
        throw new Error(`fast path accepted ${text}, which yaml rejects: ${(error as Error).message}`);
      }
      expect(simple.data, text).toEqual(expected);
    }
  });

  it('declines what it does not know', () => {
    expect(parseSimpleMapping('a:\n  - b', 2)).toBeUndefined();
    expect(parseSimpleMapping('a: 1\na: 2', 2)).toBeUndefined();
    expect(parseSimpleMapping('a: b: c', 2)).toBeUndefined();
  });
});
