/** The checker: a small valid knowledge base passes; each way of breaking a copy gives the exact problem. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkKnowledgeBase } from '../../src/knowledge/check.ts';
import {
  edit,
  enLesson,
  first,
  glossary,
  type KnowledgeFiles,
  lessonPair,
  lessonPath,
  lineOf,
  second,
  useKnowledgeDirs,
  validKnowledgeBase,
  without,
  zhLesson,
} from './fixtures.ts';

const write = useKnowledgeDirs();
const check = async (files: KnowledgeFiles) => checkKnowledgeBase(await write(files));

const zh1 = lessonPath(first, 'zh');
const en1 = lessonPath(first, 'en');
const zh2 = lessonPath(second, 'zh');
const en2 = lessonPath(second, 'en');
const valid = validKnowledgeBase();

describe('checkKnowledgeBase on a valid knowledge base', () => {
  it('finds no problems', async () => {
    expect(await check(valid)).toEqual([]);
  });
});

describe('checkKnowledgeBase on broken copies', () => {
  it('names a bad front matter field on its line', async () => {
    const files = edit(valid, zh1, 'level: beginner', 'level: expert');
    expect(await check(files)).toEqual([
      {
        file: zh1,
        line: lineOf(files[zh1], 'level:'),
        message: 'front matter: level: expected one of beginner|intermediate|advanced, got "expert"',
      },
    ]);
  });

  it('reports a duplicate id (a lesson copied under a new number but the same slug)', async () => {
    const copy = { ...first, order: 3 };
    const files: KnowledgeFiles = { ...valid, ...lessonPair(copy) };
    const zh3 = lessonPath(copy, 'zh');
    const en3 = lessonPath(copy, 'en');
    expect(await check(files)).toEqual([
      { file: en3, line: 2, message: `id "account-platforms-en" is already used by ${en1}` },
      { file: zh3, line: 2, message: `id "account-platforms-zh" is already used by ${zh1}` },
    ]);
  });

  it('names the owner of an id copied into another lesson', async () => {
    const files = edit(valid, zh2, 'id: account-listing-zh', 'id: account-platforms-zh');
    expect(await check(files)).toEqual([
      {
        file: zh2,
        line: 2,
        message:
          'front matter: id: expected "account-listing-zh" (from the file path), got "account-platforms-zh"',
      },
      { file: zh2, line: 2, message: `id "account-platforms-zh" is already used by ${zh1}` },
    ]);
  });

  it('reports a missing translation', async () => {
    const files = without(valid, en2);
    expect(await check(files)).toEqual([
      {
        file: zh2,
        line: lineOf(files[zh2], 'translation:'),
        message: `missing translation: ${en2} does not exist`,
      },
    ]);
  });

  it('reports a missing section where it belongs', async () => {
    const files = edit(valid, zh1, /## 示例：其他农产品\n\n.*\n\n/, '');
    expect(await check(files)).toEqual([
      {
        file: zh1,
        line: lineOf(files[zh1], '## 示例：鹿产品'),
        message: 'missing section "## 示例：其他农产品" (expected after "## 示例：鹿产品")',
      },
    ]);
  });

  it('reports a quiz answer that is not one of the options', async () => {
    const files = edit(valid, en1, 'Answer: B', 'Answer: D');
    expect(await check(files)).toEqual([
      {
        file: en1,
        line: lineOf(files[en1], '### 1.'),
        message: 'quiz question 1: answer "D" is not one of the options (A, B)',
      },
    ]);
  });

  it('reports a dangling link', async () => {
    const files = edit(valid, zh2, '01-platforms.zh.md', '09-missing.zh.md');
    expect(await check(files)).toEqual([
      {
        file: zh2,
        line: lineOf(files[zh2], '09-missing'),
        message: 'link "09-missing.zh.md" does not resolve to a file in the knowledge base',
      },
    ]);
  });

  it('reports a missing tips situation', async () => {
    const files = edit(valid, 'tips.en.md', /## Situation 8 \(shipping\)\n(- .*\n)+/, '');
    expect(await check(files)).toEqual([
      { file: 'tips.en.md', line: 1, message: 'missing situation "shipping"' },
    ]);
  });

  it('reports a body that is too short', async () => {
    const files: KnowledgeFiles = { ...valid, [zh1]: zhLesson({ ...first, filler: 0 }) };
    expect(await check(files)).toEqual([
      { file: zh1, line: 1, message: 'body: 179 Chinese characters, expected 400-1,500' },
    ]);
  });

  it('reports an English body that is too long', async () => {
    const files: KnowledgeFiles = { ...valid, [en1]: enLesson({ ...first, filler: 80 }) };
    expect(await check(files)).toEqual([
      { file: en1, line: 1, message: 'body: 1,077 words, expected 250-900' },
    ]);
  });
});

describe('front matter checks', () => {
  it('names every bad field, an unknown field and a missing one', async () => {
    let files = edit(valid, en1, 'order: 1', 'order: one');
    files = edit(files, en1, 'platforms: [douyin, kuaishou]', 'platforms: [douyin, tiktok]');
    files = edit(files, en1, 'updated: 2026-11-29', 'updated: 2026-13-01\nrule_checked: 2026-11-29');
    files = edit(files, en1, /summary: .*\n/, '');
    const text = files[en1];
    expect(await check(files)).toEqual([
      { file: en1, line: 1, message: 'front matter: summary: missing' },
      {
        file: en1,
        line: lineOf(text, 'order:'),
        message: 'front matter: order: expected a whole number, got "one"',
      },
      {
        file: en1,
        line: lineOf(text, 'platforms:'),
        message:
          'front matter: platforms[1]: expected one of douyin|kuaishou|channels|xiaohongshu|all, got "tiktok"',
      },
      {
        file: en1,
        line: lineOf(text, 'updated:'),
        message: 'front matter: updated: expected a real date YYYY-MM-DD, got "2026-13-01"',
      },
      {
        file: en1,
        line: lineOf(text, 'rule_checked:'),
        message: 'front matter: unknown field "rule_checked"',
      },
    ]);
  });

  it('ties the id, the translation and the order to the file path', async () => {
    let files = edit(valid, zh2, 'id: account-listing-zh', 'id: account-listings-zh');
    files = edit(files, zh2, 'order: 2', 'order: 3');
    files = edit(files, en2, 'translation: account-listing-zh', 'translation: account-platforms-zh');
    expect(await check(files)).toEqual([
      {
        file: en2,
        line: lineOf(files[en2], 'translation:'),
        message:
          'front matter: translation: expected "account-listing-zh" (this lesson\'s id in the other language), got "account-platforms-zh"',
      },
      {
        file: zh2,
        line: 2,
        message:
          'front matter: id: expected "account-listing-zh" (from the file path), got "account-listings-zh"',
      },
      {
        file: zh2,
        line: lineOf(files[zh2], 'order:'),
        message: 'front matter: order: expected 2 (from the file name), got 3',
      },
    ]);
  });

  it('reports YAML errors, a missing front matter and one never closed', async () => {
    let files = edit(valid, zh1, 'tags: [测试, 开店]', 'tags: [测试, 开店');
    files = edit(files, zh2, /^---\n[\s\S]*?\n---\n/, '');
    files = edit(files, en2, /\n---\n\nThis lesson/, '\n\nThis lesson');
    const problems = await check(files);
    // YAML notices the unclosed list on the line after it.
    expect(problems).toContainEqual({
      file: zh1,
      line: lineOf(files[zh1], 'tags:') + 1,
      message: expect.stringMatching(/^front matter: not valid YAML: /),
    });
    expect(problems).toContainEqual({
      file: zh2,
      line: 1,
      message: 'front matter: missing (the file must start with a "---" line)',
    });
    expect(problems).toContainEqual({ file: en2, line: 1, message: 'front matter: no closing "---" line' });
  });

  it('checks glossary and tips front matter against their file names', async () => {
    const files = edit(valid, 'glossary.en.md', 'id: glossary-en', 'id: glossary-zh');
    expect(await check(files)).toEqual([
      {
        file: 'glossary.en.md',
        line: 2,
        message: 'front matter: id: expected "glossary-en" (from the file name), got "glossary-zh"',
      },
    ]);
  });
});

describe('lesson checks', () => {
  it('checks that a translation matches in track, order and level', async () => {
    const files = edit(valid, en1, 'level: beginner', 'level: advanced');
    expect(await check(files)).toEqual([
      {
        file: en1,
        line: lineOf(files[en1], 'level:'),
        message: `level: "advanced" differs from the translation ${zh1} ("beginner")`,
      },
    ]);
  });

  it('checks that orders run 1..n without gaps', async () => {
    const third = { slug: 'positioning', order: 4 };
    const files: KnowledgeFiles = { ...valid, ...lessonPair(third) };
    const problems = await check(files);
    expect(problems).toEqual([
      {
        file: lessonPath(third, 'en'),
        line: lineOf(files[lessonPath(third, 'en')], 'order:'),
        message: 'order: no en lesson in track "account" has order 3 (orders run 1..n without gaps)',
      },
      {
        file: lessonPath(third, 'zh'),
        line: lineOf(files[lessonPath(third, 'zh')], 'order:'),
        message: 'order: no zh lesson in track "account" has order 3 (orders run 1..n without gaps)',
      },
    ]);
  });

  it('reports misplaced lesson files', async () => {
    const files: KnowledgeFiles = {
      ...valid,
      'lessons/videos/01-x.zh.md': 'x',
      'lessons/account/1-x.zh.md': 'x',
    };
    expect(await check(files)).toEqual([
      {
        file: 'lessons/account/1-x.zh.md',
        line: 1,
        message: 'file name must be <NN>-<slug>.<zh|en>.md (slug: lowercase letters, digits and hyphens)',
      },
      {
        file: 'lessons/videos/01-x.zh.md',
        line: 1,
        message: 'folder "videos" is not a track (expected one of account|video|traffic|live|compliance)',
      },
    ]);
  });

  it('checks section headings: near misses, order and extra sections', async () => {
    let files = edit(valid, en1, '## Example: deer products', '## Example: Deer Products');
    files = edit(files, en1, '## Common mistakes', '## Notes\n\nA note.\n\n## Common mistakes');
    files = edit(files, en1, '## Tasks', '## More\n\nMore.\n\n## Tasks');
    files = edit(files, zh1, /(## 示例：鹿产品\n\n.*\n\n)(## 示例：其他农产品\n\n.*\n\n)/, '$2$1');
    const text = files[en1];
    expect(await check(files)).toEqual([
      {
        file: en1,
        line: lineOf(text, '## Example: Deer'),
        message: 'heading "## Example: Deer Products" should be exactly "## Example: deer products"',
      },
      {
        file: en1,
        line: lineOf(text, '## More'),
        message:
          'section "## More" is not allowed here: extra sections go between "## Steps" and "## Common mistakes"',
      },
      {
        file: zh1,
        line: lineOf(files[zh1], '## 示例：鹿产品'),
        message: 'section "## 示例：鹿产品" is out of order: it belongs before "## 示例：其他农产品"',
      },
    ]);
  });

  it('checks the number of tasks and quiz questions, and the quiz format', async () => {
    let files = edit(valid, zh1, '- [ ] 选定一个主平台。\n', '- 选定一个主平台。\n');
    files = edit(files, en1, /### 2\.[\s\S]*$/, '');
    files = edit(files, zh2, '- B. 邻居的说法\n答案：A\n解析：规则会变，要看规则中心。', '答案：A');
    const problems = await check(files);
    expect(problems).toEqual([
      {
        file: en1,
        line: lineOf(files[en1], '## Quiz'),
        message: 'quiz: expected 2-3 questions ("### 1. …"), found 1',
      },
      {
        file: zh1,
        line: lineOf(files[zh1], '## 任务'),
        message: 'tasks: expected 2-5 checklist items ("- [ ] …"), found 1',
      },
      {
        file: zh1,
        line: lineOf(files[zh1], '- 选定一个主平台'),
        message: 'tasks: list items here must be checklist items "- [ ] …"',
      },
      {
        file: zh2,
        line: lineOf(files[zh2], '### 2.'),
        message: 'quiz question 2: expected at least 2 options ("- A. …"), found 1',
      },
      {
        file: zh2,
        line: lineOf(files[zh2], '### 2.'),
        message: 'quiz question 2: missing the explanation "解析：…"',
      },
    ]);
  });

  it('requires lessons with rules_checked to send the reader to the rules centre', async () => {
    let files = edit(valid, en1, "confirm the rules in the platform's rules centre", 'check the rules');
    files = edit(files, en1, /rules centre/g, 'platform');
    expect(await check(files)).toEqual([
      {
        file: en1,
        line: lineOf(files[en1], 'rules_checked:'),
        message: 'rules_checked is set, so the body must tell the reader to confirm in the "rules centre"',
      },
    ]);
  });
});

describe('glossary and tips checks', () => {
  it('requires every glossary key in both languages, once', async () => {
    const files: KnowledgeFiles = {
      ...valid,
      'glossary.zh.md': glossary('zh', ['completion-rate', 'gmv', 'gmv', 'live-room']),
    };
    const text = files['glossary.zh.md'];
    expect(await check(files)).toEqual([
      {
        file: 'glossary.en.md',
        line: lineOf(files['glossary.en.md'], '(blue-v)'),
        message: 'glossary key "blue-v" has no entry in glossary.zh.md',
      },
      {
        file: 'glossary.zh.md',
        line: lineOf(text, '术语3 (gmv)'),
        message: `glossary key "gmv" is used twice (first at line ${lineOf(text, '术语2 (gmv)')})`,
      },
      {
        file: 'glossary.zh.md',
        line: lineOf(text, '(live-room)'),
        message: 'glossary key "live-room" has no entry in glossary.en.md',
      },
    ]);
  });

  it('checks tip length, unknown situations and the number of tips', async () => {
    let files = edit(valid, 'tips.zh.md', '- 第1条：', `- ${'很长'.repeat(101)}`);
    files = edit(files, 'tips.en.md', '(opening)', '(greeting)');
    files = { ...files, 'tips.zh.md': files['tips.zh.md']!.replace(/(- 第[78]条.*\n)/g, '') };
    const problems = await check(files);
    expect(problems).toEqual([
      { file: 'tips.en.md', line: 1, message: 'missing situation "opening"' },
      {
        file: 'tips.en.md',
        line: lineOf(files['tips.en.md'], '(greeting)'),
        message:
          'unknown situation "greeting" (expected one of opening, viewers-leaving, nobody-talking, quiet-room, price-objection, authenticity, health-question, shipping, closing-sale, negative-comment, technical-trouble, compliance-save)',
      },
      { file: 'tips.zh.md', line: 1, message: '72 tips, expected at least 80' },
      {
        file: 'tips.zh.md',
        line: lineOf(files['tips.zh.md'], '很长'),
        message: 'tip opening-1: 221 characters, at most 200',
      },
    ]);
  });

  it('reports missing glossary and tips files', async () => {
    const files = without(without(valid, 'glossary.en.md'), 'tips.zh.md');
    expect(await check(files)).toEqual([
      {
        file: 'glossary.en.md',
        line: 1,
        message: 'missing: the knowledge base needs glossary.zh.md and glossary.en.md',
      },
      { file: 'tips.zh.md', line: 1, message: 'missing: the knowledge base needs tips.zh.md and tips.en.md' },
    ]);
  });
});

describe('problem order', () => {
  it('sorts problems by file, then line', async () => {
    let files = edit(valid, zh1, 'level: beginner', 'level: expert');
    files = edit(files, zh1, '答案：B', '答案：C');
    files = edit(files, en2, 'lang: en', 'lang: fr');
    files = edit(files, 'tips.en.md', /## Situation 8 \(shipping\)\n(- .*\n)+/, '');
    const problems = await check(files);
    expect(problems.length).toBeGreaterThanOrEqual(4);
    const keys = problems.map((p) => `${p.file}:${String(p.line).padStart(4, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('the shipped knowledge base', () => {
  it('has no problems', async () => {
    const problems = await checkKnowledgeBase(fileURLToPath(new URL('../../knowledge', import.meta.url)));
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });
});
