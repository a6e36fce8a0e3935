/** Counting the knowledge base. */
import { describe, expect, it } from 'vitest';
import { inspectKnowledgeBase } from '../../src/knowledge/load.ts';
import { knowledgeBaseStats } from '../../src/knowledge/stats.ts';
import { edit, lessonPath, second, useKnowledgeDirs, validKnowledgeBase } from './fixtures.ts';

const write = useKnowledgeDirs();

describe('knowledgeBaseStats', () => {
  it('counts lessons, lengths, glossary entries and tips', async () => {
    let files = edit(validKnowledgeBase(), lessonPath(second, 'en'), 'level: beginner', 'level: advanced');
    files = edit(files, lessonPath(second, 'zh'), 'level: beginner', 'level: advanced');
    const { kb } = await inspectKnowledgeBase(await write(files));
    const stats = knowledgeBaseStats(kb);
    expect(stats.lessons.total).toBe(4);
    expect(stats.lessons.byTrack.account).toEqual({ zh: 2, en: 2 });
    expect(stats.lessons.byTrack.video).toEqual({ zh: 0, en: 0 });
    expect(stats.lessons.byLevel).toEqual({
      beginner: { zh: 1, en: 1 },
      intermediate: { zh: 0, en: 0 },
      advanced: { zh: 1, en: 1 },
    });
    expect(stats.length.zh).toMatchObject({ unit: 'Chinese characters', lessons: 2 });
    expect(stats.length.zh.min).toBe(stats.lengthById['account-platforms-zh']);
    expect(stats.length.zh.max).toBe(stats.lengthById['account-listing-zh']);
    expect(stats.length.zh.median).toBe(Math.round((stats.length.zh.min + stats.length.zh.max) / 2));
    expect(stats.length.en.unit).toBe('words');
    expect(stats.lacking).toEqual({ tasks: [], quiz: [] });
    expect(stats.glossaryEntries).toEqual({ zh: 3, en: 3 });
    expect(stats.tips).toEqual({ zh: 96, en: 96 });
  });

  it('lists lessons lacking tasks or a quiz (in a knowledge base being written)', async () => {
    const files = edit(
      validKnowledgeBase(),
      lessonPath(second, 'zh'),
      /## 任务[\s\S]*$/,
      '## 任务\n\n## 小测验\n',
    );
    const { kb, problems } = await inspectKnowledgeBase(await write(files));
    expect(problems.length).toBeGreaterThan(0);
    expect(knowledgeBaseStats(kb).lacking).toEqual({
      tasks: ['account-listing-zh'],
      quiz: ['account-listing-zh'],
    });
  });
});
