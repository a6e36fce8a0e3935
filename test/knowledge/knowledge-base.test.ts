/**
 * The shipped knowledge base passes its own checker, and a broken copy fails it with the exact problem,
 * through the same command trainers run (`cunbo kb check`).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { KnowledgeBaseError, loadKnowledgeBase } from '../../src/knowledge/load.ts';
import { lineOf } from './fixtures.ts';

const copies: string[] = [];
afterAll(() => Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A copy of the shipped knowledge base, changed by `edit`. */
async function brokenCopy(edit: (dir: string) => Promise<void>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cunbo-kb-'));
  copies.push(dir);
  await cp('knowledge', dir, { recursive: true });
  await edit(dir);
  return dir;
}

async function replaceIn(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  await writeFile(file, changed);
}

async function kbCheck(dir: string): Promise<{ code: number; lines: string[] }> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (data) => {
    text += data;
  });
  const code = await main(['kb', 'check', dir], {
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough(),
    env: {},
  });
  return { code, lines: text.trim().split('\n') };
}

const lesson = 'lessons/live/04-lines';

describe('cunbo kb check', () => {
  it('passes on the shipped knowledge base', async () => {
    const { code, lines } = await kbCheck('knowledge');
    expect(lines).toEqual([
      expect.stringMatching(/^knowledge base OK: 84 lessons, \d+ glossary terms, \d+ tips$/),
    ]);
    expect(code).toBe(0);
  });

  it('names a bad front-matter field, with file and line', async () => {
    const dir = await brokenCopy((d) =>
      replaceIn(join(d, `${lesson}.zh.md`), /^level: \w+$/m, 'level: expert'),
    );
    const { code, lines } = await kbCheck(dir);
    expect(code).toBe(1);
    expect(lines).toContain(
      `${dir}/${lesson}.zh.md:7: front matter: level: expected one of beginner|intermediate|advanced, got "expert"`,
    );
  });

  it('finds a duplicate id', async () => {
    const dir = await brokenCopy(async (d) => {
      await replaceIn(join(d, 'lessons/live/05-interaction.zh.md'), /^id: .*$/m, 'id: live-lines-zh');
    });
    const { lines } = await kbCheck(dir);
    expect(lines.join('\n')).toMatch(
      /05-interaction\.zh\.md:2: front matter: id: expected "live-interaction-zh" \(from the file path\), got "live-lines-zh"/,
    );
    expect(lines.join('\n')).toMatch(
      /05-interaction\.zh\.md:2: id "live-lines-zh" is already used by lessons\/live\/04-lines\.zh\.md/,
    );
  });

  it('finds a lesson whose translation is missing', async () => {
    const dir = await brokenCopy((d) => rm(join(d, `${lesson}.en.md`)));
    const { code, lines } = await kbCheck(dir);
    expect(code).toBe(1);
    expect(lines.join('\n')).toContain(
      `.zh.md:${lineOf(await readFile(`knowledge/${lesson}.zh.md`, 'utf8'), 'translation:')}: missing translation: ${lesson}.en.md does not exist`,
    );
  });

  it('finds a missing section, a quiz answer that is not an option, and a dangling link', async () => {
    const dir = await brokenCopy(async (d) => {
      const file = join(d, `${lesson}.zh.md`);
      await replaceIn(file, '## 常见错误', '## 易错点');
      await replaceIn(file, /^答案：[A-C]$/m, '答案：D');
      await writeFile(file, `${await readFile(file, 'utf8')}\n见[不存在的课](../live/99-nothing.zh.md)\n`);
    });
    const text = (await kbCheck(dir)).lines.join('\n');
    expect(text).toMatch(/04-lines\.zh\.md:\d+: missing section "## 常见错误"/);
    expect(text).toMatch(/04-lines\.zh\.md:\d+: quiz question 1: answer "D" is not one of the options/);
    expect(text).toMatch(/04-lines\.zh\.md:\d+: link "\.\.\/live\/99-nothing\.zh\.md" does not resolve/);
  });

  it('stops the bot from loading a structurally broken knowledge base, naming the file', async () => {
    const dir = await brokenCopy((d) =>
      replaceIn(join(d, `${lesson}.en.md`), /^track: live$/m, 'track: cooking'),
    );
    const error = await loadKnowledgeBase(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    expect((error as Error).message).toMatch(/lessons\/live\/04-lines\.en\.md:4: front matter: track:/);
  });
});

describe('the knowledge base follows its own compliance lessons', () => {
  it('has no absolute term, health claim or "wild" outside a marked ❌bad example❌', async () => {
    const forbidden =
      /最好|最佳|第一(?!次|步|条|天|个|周|场|件|句|眼|批|轮|单|屏|位|时间|章|节|遍|印象|年|月|课|部分|类|层|阶段|档|种|道)|顶级|国家级|全网最低|100%|治疗|治愈|根治|壮阳|补肾|降血压|降血糖|抗癌|防癌|增强免疫力|野生|\bcures?\b|\bbest\b|\bNo\. ?1\b/i;
    const kb = await loadKnowledgeBase('knowledge');
    const texts = [
      ...kb.lessons.map((l) => ({ file: l.path, text: l.body })),
      ...Object.values(kb.glossaries).map((g) => ({
        file: g!.path,
        text: g!.entries.map((e) => e.text).join('\n'),
      })),
      ...Object.values(kb.tips).map((t) => ({
        file: t!.path,
        text: t!.situations.flatMap((s) => s.tips.map((tip) => tip.text)).join('\n'),
      })),
    ];
    const offending = texts.flatMap(({ file, text }) =>
      text
        .split('\n')
        .map((line) => line.replace(/❌[^❌]*❌/g, ''))
        .filter((line) => forbidden.test(line))
        .map((line) => `${file}: ${line.match(forbidden)?.[0]}`),
    );
    expect(offending).toEqual([]);
  });
});
