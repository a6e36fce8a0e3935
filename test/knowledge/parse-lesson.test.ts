/** Parsing one lesson file: the typed structure, with 1-based line numbers, and no throwing on bad input. */
import { describe, expect, it } from 'vitest';
import { lessonLocation } from '../../src/knowledge/lesson-path.ts';
import { parseLesson } from '../../src/knowledge/parse-lesson.ts';
import { enLesson, first, lessonPath, lineOf, zhLesson } from './fixtures.ts';

function locate(path: string) {
  const found = lessonLocation(path);
  if ('problem' in found) throw new Error(found.problem);
  return found.location;
}

describe('parseLesson', () => {
  const path = lessonPath(first, 'zh');
  const text = zhLesson({ ...first, extra: '- 见[站外导流红线](../traffic/07-diversion-rules.zh.md)。\n' });
  const parsed = parseLesson(locate(path), text);
  const lesson = parsed.lesson!;

  it('returns the lesson with its front matter', () => {
    expect(parsed.problems).toEqual([]);
    expect(lesson.id).toBe('account-platforms-zh');
    expect(lesson.path).toBe(path);
    expect(lesson.title).toBe('测试课：platforms');
    expect(lesson.meta).toMatchObject({
      track: 'account',
      lang: 'zh',
      order: 1,
      platforms: ['douyin', 'kuaishou'],
      updated: '2026-11-29',
      rules_checked: '2026-11-29',
    });
    expect(parsed.keyLines.get('level')).toBe(lineOf(text, 'level:'));
  });

  it('splits the body into intro and sections with their lines', () => {
    expect(lesson.body.startsWith('这一课讲清楚一件事')).toBe(true);
    expect(lesson.body).not.toContain('translation:');
    expect(lesson.intro).toBe('这一课讲清楚一件事。先看为什么重要，再一步一步做。');
    expect(lesson.sections.map((s) => [s.heading, s.level, s.line])).toEqual([
      ['步骤', 2, lineOf(text, '## 步骤')],
      ['示例：鹿产品', 2, lineOf(text, '## 示例：鹿产品')],
      ['示例：其他农产品', 2, lineOf(text, '## 示例：其他农产品')],
      ['常见错误', 2, lineOf(text, '## 常见错误')],
      ['任务', 2, lineOf(text, '## 任务')],
      ['小测验', 2, lineOf(text, '## 小测验')],
      ['1. 新账号最应该先做什么？', 3, lineOf(text, '### 1.')],
      ['2. 规则以哪里为准？', 3, lineOf(text, '### 2.')],
    ]);
    expect(lesson.sections[1]!.text).toBe('鹿乡镇的老李卖冷冻鹿肉。');
  });

  it('reads tasks, quiz and links with their lines', () => {
    expect(lesson.tasks).toEqual([
      { index: 1, text: '写下买家是谁。', line: lineOf(text, '- [ ] 写下') },
      { index: 2, text: '选定一个主平台。', line: lineOf(text, '- [ ] 选定') },
    ]);
    expect(lesson.quiz[0]).toEqual({
      index: 1,
      question: '新账号最应该先做什么？',
      options: [
        { letter: 'A', text: '买粉丝' },
        { letter: 'B', text: '固定一个方向' },
      ],
      answer: 'B',
      explanation: '固定方向才能积累粉丝。',
      line: lineOf(text, '### 1.'),
    });
    expect(lesson.quiz).toHaveLength(2);
    expect(lesson.links).toEqual([
      {
        text: '站外导流红线',
        target: '../traffic/07-diversion-rules.zh.md',
        line: lineOf(text, '站外导流红线'),
      },
    ]);
  });

  it('reads the English labels', () => {
    const en = parseLesson(locate(lessonPath(first, 'en')), enLesson(first)).lesson!;
    expect(en.quiz.map((q) => [q.answer, q.explanation])).toEqual([
      ['B', 'One niche builds followers.'],
      ['A', 'Rules change; check the rules centre.'],
    ]);
    expect(en.tasks).toHaveLength(2);
  });

  it('keeps multi-line explanations and ignores headings and links in code', () => {
    const text = zhLesson(first)
      .replace('解析：固定方向才能积累粉丝。', '解析：固定方向才能积累粉丝。\n第二行解释。')
      .replace('## 示例：鹿产品\n', '## 示例：鹿产品\n\n```\n## 不是标题\n[不是链接](x.md)\n```\n');
    const lesson = parseLesson(locate(path), text).lesson!;
    expect(lesson.quiz[0]!.explanation).toBe('固定方向才能积累粉丝。\n第二行解释。');
    expect(lesson.sections.map((s) => s.heading)).not.toContain('不是标题');
    expect(lesson.links).toEqual([]);
  });

  it('still parses the body when the front matter is invalid', () => {
    const parsed = parseLesson(locate(path), zhLesson(first).replace('level: beginner', 'level: expert'));
    expect(parsed.lesson).toBeUndefined();
    expect(parsed.meta).toBeUndefined();
    expect(parsed.content?.tasks).toHaveLength(2);
    expect(parsed.problems).toHaveLength(1);
  });

  it('never throws on bad input', () => {
    const inputs = [
      '',
      '---',
      '---\n---\n',
      '---\n: : :\n---\n',
      '---\n[1, 2]\n---\n## 小测验\n### x\n答案：\n',
      '---\na: &x [*x]\n---\n',
      '---\nid: 5\ntags: {a: 1}\n---\n## 任务\n- [ ]\n- plain\n',
      '\u0000\uFFFF\uD800',
      '## 小测验\n### 1.\n- A.\n- A.\n答案：AB\n解析：\n答案：A\n',
    ];
    for (const input of inputs) {
      const parsed = parseLesson(locate(path), input);
      expect(parsed.lesson).toBeUndefined();
      expect(parsed.problems.length).toBeGreaterThan(0);
    }
  });
});

describe('lessonLocation', () => {
  it('derives id, order and translation path from the path', () => {
    expect(lessonLocation('lessons/traffic/07-diversion-rules.zh.md')).toEqual({
      location: {
        path: 'lessons/traffic/07-diversion-rules.zh.md',
        track: 'traffic',
        order: 7,
        slug: 'diversion-rules',
        lang: 'zh',
        id: 'traffic-diversion-rules-zh',
        translationPath: 'lessons/traffic/07-diversion-rules.en.md',
      },
    });
  });

  it('explains a bad path', () => {
    expect(lessonLocation('lessons/live/extra/01-x.zh.md')).toEqual({
      problem: 'lessons go in lessons/<track>/<NN>-<slug>.<zh|en>.md',
    });
    expect(lessonLocation('lessons/live/01-Lines.fr.md')).toHaveProperty('problem');
  });
});
