/** The front matter schemas on their own. */
import { describe, expect, it } from 'vitest';
import {
  dateSchema,
  lessonMetaSchema,
  lessonMetaSchemaFor,
  referenceMetaSchemaFor,
  tipsMetaSchema,
  translatedId,
} from '../../src/knowledge/schema.ts';

const meta = {
  id: 'account-platforms-zh',
  title: '选平台',
  track: 'account',
  lang: 'zh',
  order: 1,
  level: 'beginner',
  platforms: ['douyin', 'all'],
  tags: ['抖音'],
  summary: '一句话。',
  updated: '2026-11-29',
  translation: 'account-platforms-en',
};

describe('lesson front matter', () => {
  it('accepts a valid lesson and infers its type', () => {
    const parsed = lessonMetaSchema.parse(meta);
    expect(parsed.rules_checked).toBeUndefined();
    expect(parsed.platforms).toEqual(['douyin', 'all']);
  });

  it('requires the translation to be the same id in the other language', () => {
    const result = lessonMetaSchema.safeParse({ ...meta, translation: 'account-register-en' });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['translation'], 'expected "account-platforms-en" (this lesson\'s id in the other language)'],
    ]);
  });

  it('requires the id to start with the track and end with the language', () => {
    const result = lessonMetaSchema.safeParse({
      ...meta,
      id: 'video-platforms-en',
      translation: 'video-platforms-zh',
    });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'expected an id starting with "account-"',
      'expected an id ending with "-zh"',
    ]);
  });

  it('ties id, track, lang and order to the file path', () => {
    const schema = lessonMetaSchemaFor({
      id: 'account-platforms-zh',
      track: 'account',
      lang: 'zh',
      order: 2,
    });
    expect(schema.safeParse(meta).error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['order'], 'expected 2 (from the file name)'],
    ]);
  });

  it('rejects unknown fields and strict values', () => {
    const result = lessonMetaSchema.safeParse({ ...meta, colour: 'red', order: 0, tags: [] });
    expect(result.error?.issues.map((i) => i.code).sort()).toEqual([
      'too_small',
      'too_small',
      'unrecognized_keys',
    ]);
  });
});

describe('glossary and tips front matter', () => {
  it('expects <kind>-<lang> ids', () => {
    const tips = { id: 'tips-en', title: 'Tips', lang: 'en', updated: '2026-11-29', translation: 'tips-zh' };
    expect(tipsMetaSchema.safeParse(tips).success).toBe(true);
    expect(
      referenceMetaSchemaFor('tips', 'zh')
        .safeParse(tips)
        .error?.issues.map((i) => i.path[0]),
    ).toEqual(['lang', 'id', 'translation']);
  });
});

describe('helpers', () => {
  it('checks dates on the calendar', () => {
    expect(dateSchema.safeParse('2026-02-28').success).toBe(true);
    expect(dateSchema.safeParse('2026-02-30').success).toBe(false);
    expect(dateSchema.safeParse('2026-2-3').success).toBe(false);
  });

  it('translates ids', () => {
    expect(translatedId('live-lines-zh', 'zh')).toBe('live-lines-en');
    expect(translatedId('live-lines-en', 'en')).toBe('live-lines-zh');
  });
});
