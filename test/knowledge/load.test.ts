/** Loading: the typed knowledge base, its content hash, and refusing to load one with problems. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectKnowledgeBase, KnowledgeBaseError, loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { edit, first, lessonPath, lineOf, useKnowledgeDirs, validKnowledgeBase } from './fixtures.ts';

const write = useKnowledgeDirs();
const valid = validKnowledgeBase();

describe('loadKnowledgeBase', () => {
  it('loads lessons in teaching order, by id, with glossaries and tips', async () => {
    const dir = await write(valid);
    const kb = await loadKnowledgeBase(dir);
    expect(kb.dir).toBe(dir);
    expect(kb.lessons.map((l) => l.id)).toEqual([
      'account-platforms-zh',
      'account-platforms-en',
      'account-listing-zh',
      'account-listing-en',
    ]);
    expect(kb.lessonsById.get('account-listing-en')?.path).toBe('lessons/account/02-listing.en.md');
    expect(kb.glossaries.zh?.entries.map((e) => e.key)).toEqual(['completion-rate', 'gmv', 'blue-v']);
    expect(kb.glossaries.en?.lang).toBe('en');
    expect(kb.tips.zh?.situations).toHaveLength(12);
    expect(kb.tips.en?.situations[0]?.tips[0]).toMatchObject({ id: 'opening-1' });
    expect(kb.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has a content hash that follows the content, not the directory', async () => {
    const a = await loadKnowledgeBase(await write(valid));
    const b = await loadKnowledgeBase(await write(valid));
    const changed = await loadKnowledgeBase(
      await write(edit(valid, 'glossary.en.md', 'What the word means', 'What the term means')),
    );
    const withReadme = await loadKnowledgeBase(await write({ ...valid, 'README.md': '# Changed\n' }));
    expect(b.contentHash).toBe(a.contentHash);
    expect(changed.contentHash).not.toBe(a.contentHash);
    expect(withReadme.contentHash).toBe(a.contentHash);
  });

  it('throws KnowledgeBaseError naming file and line', async () => {
    const path = lessonPath(first, 'zh');
    const files = edit(valid, path, 'level: beginner', 'level: expert');
    const dir = await write(files);
    const error = await loadKnowledgeBase(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    const problems = (error as KnowledgeBaseError).problems;
    expect(problems).toEqual([
      {
        file: path,
        line: lineOf(files[path], 'level:'),
        message: 'front matter: level: expected one of beginner|intermediate|advanced, got "expert"',
      },
    ]);
    expect((error as Error).message).toContain(`${dir}/${path}:${problems[0]!.line}: front matter: level:`);
  });

  it('fails plainly when the directory does not exist', async () => {
    await expect(loadKnowledgeBase('/nonexistent/knowledge')).rejects.toThrow(
      /^cannot read the knowledge base directory \/nonexistent\/knowledge/,
    );
  });
});

describe('inspectKnowledgeBase', () => {
  it('returns what loads and the problems, without throwing', async () => {
    const files = edit(valid, lessonPath(first, 'en'), 'Answer: B', 'Answer: Z');
    const { kb, problems } = await inspectKnowledgeBase(await write(files));
    expect(kb.lessons).toHaveLength(4);
    expect(problems).toHaveLength(1);
  });
});

describe('the shipped knowledge base', () => {
  it('loads quickly', async () => {
    const dir = fileURLToPath(new URL('../../knowledge', import.meta.url));
    await inspectKnowledgeBase(dir);
    const started = performance.now();
    const { kb } = await inspectKnowledgeBase(dir);
    // Well under 200 ms on a quiet machine (typically ~30 ms warm, ~100 ms cold); generous for busy CI.
    expect(performance.now() - started).toBeLessThan(400);
    expect(kb.lessons.length).toBeGreaterThan(0);
  });
});
