/**
 * @module Small, valid knowledge bases for the tests, built from code: two zh+en lesson pairs, a glossary and
 * tips. Lengths and tip counts are generated so the fixtures stay short here; tests break copies one way each.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { situationKeys } from '../../src/knowledge/format.ts';

/** Files by path relative to the knowledge directory. */
export type KnowledgeFiles = Record<string, string>;

/** What varies between fixture lessons. */
export interface LessonOptions {
  track?: string;
  order?: number;
  slug: string;
  /** Filler sentences that bring the body to a valid length (default: enough). */
  filler?: number;
  /** Lines appended to the common-mistakes section (e.g. a link). */
  extra?: string;
}

function number(order: number): string {
  return String(order).padStart(2, '0');
}

/** The path of a fixture lesson. */
export function lessonPath(options: LessonOptions, lang: 'zh' | 'en'): string {
  return `lessons/${options.track ?? 'account'}/${number(options.order ?? 1)}-${options.slug}.${lang}.md`;
}

/** A valid Chinese lesson (about 470 Han characters with the default filler). */
export function zhLesson({
  track = 'account',
  order = 1,
  slug,
  filler = 28,
  extra = '',
}: LessonOptions): string {
  return `---
id: ${track}-${slug}-zh
title: 测试课：${slug}
track: ${track}
lang: zh
order: ${order}
level: beginner
platforms: [douyin, kuaishou]
tags: [测试, 开店]
summary: 一句话说清这一课教什么。
updated: 2026-11-29
translation: ${track}-${slug}-en
rules_checked: 2026-11-29
---

这一课讲清楚一件事。先看为什么重要，再一步一步做。

## 步骤

1. 写下你的买家是谁。
2. 开号前到平台的规则中心再确认一次规则。
${'鹿肉要冷链发货，到货后尽快冷冻保存。'.repeat(filler)}

## 示例：鹿产品

鹿乡镇的老李卖冷冻鹿肉。

## 示例：其他农产品

王姐卖自家蜂蜜，做法一样。

## 常见错误

- 四个平台同时开。
${extra}
## 任务

- [ ] 写下买家是谁。
- [ ] 选定一个主平台。

## 小测验

### 1. 新账号最应该先做什么？
- A. 买粉丝
- B. 固定一个方向
答案：B
解析：固定方向才能积累粉丝。

### 2. 规则以哪里为准？
- A. 平台的规则中心
- B. 邻居的说法
答案：A
解析：规则会变，要看规则中心。
`;
}

/** A valid English lesson (about 300 words with the default filler). */
export function enLesson({
  track = 'account',
  order = 1,
  slug,
  filler = 22,
  extra = '',
}: LessonOptions): string {
  return `---
id: ${track}-${slug}-en
title: "Test lesson: ${slug}"
track: ${track}
lang: en
order: ${order}
level: beginner
platforms: [douyin, kuaishou]
tags: [test, opening a shop]
summary: One sentence on what this lesson teaches.
updated: 2026-11-29
translation: ${track}-${slug}-zh
rules_checked: 2026-11-29
---

This lesson explains one thing. First why it matters, then step by step.

## Steps

1. Write down who your buyers are.
2. Before you open the account, confirm the rules in the platform's rules centre.
${'Ship venison cold and keep it frozen until it reaches the buyer. '.repeat(filler)}

## Example: deer products

Lao Li in Luxiang Town sells frozen venison.

## Example: other farm products

Sister Wang sells her own honey the same way.

## Common mistakes

- Opening four platforms at once.
${extra}
## Tasks

- [ ] Write down who your buyers are.
- [ ] Choose one main platform.

## Quiz

### 1. What should a new account do first?
- A. Buy followers
- B. Pick one niche
Answer: B
Explanation: One niche builds followers.

### 2. Where are the rules confirmed?
- A. The platform's rules centre
- B. What the neighbours say
Answer: A
Explanation: Rules change; check the rules centre.
`;
}

/** The zh and en files of one lesson. */
export function lessonPair(options: LessonOptions): KnowledgeFiles {
  return { [lessonPath(options, 'zh')]: zhLesson(options), [lessonPath(options, 'en')]: enLesson(options) };
}

/** Glossary keys of the fixture. */
export const glossaryKeys = ['completion-rate', 'gmv', 'blue-v'];

/** A glossary with `keys` (in both languages unless told otherwise). */
export function glossary(lang: 'zh' | 'en', keys: readonly string[] = glossaryKeys): string {
  const entries = keys.map((key, i) =>
    lang === 'zh'
      ? `## 术语${i + 1} (${key})\n别名：说法甲、说法乙\n这个词的意思，用一两句话说清楚。\n`
      : `## Term ${i + 1} (${key})\nAliases: term A, term B\nWhat the word means, in a sentence or two.\n`,
  );
  const title = lang === 'zh' ? '术语表' : 'Glossary';
  return `---\nid: glossary-${lang}\ntitle: ${title}\nlang: ${lang}\nupdated: 2026-11-29\ntranslation: glossary-${lang === 'zh' ? 'en' : 'zh'}\n---\n\n${entries.join('\n')}`;
}

/** Tips for every situation in `keys`, `perSituation` each (12 × 8 = 96 by default). */
export function tips(lang: 'zh' | 'en', keys: readonly string[] = situationKeys, perSituation = 8): string {
  const sections = keys.map((key, i) => {
    const items = Array.from({ length: perSituation }, (_, n) =>
      lang === 'zh'
        ? `- 第${n + 1}条：先说清你是谁、卖什么、今天有什么福利。`
        : `- Tip ${n + 1}: say who you are, what you sell and today's deal.`,
    );
    return `## ${lang === 'zh' ? '情况' : 'Situation'} ${i + 1} (${key})\n${items.join('\n')}\n`;
  });
  const title = lang === 'zh' ? '主播锦囊' : 'Quick tips';
  return `---\nid: tips-${lang}\ntitle: ${title}\nlang: ${lang}\nupdated: 2026-11-29\ntranslation: tips-${lang === 'zh' ? 'en' : 'zh'}\n---\n\n${sections.join('\n')}`;
}

/** The first lesson pair. */
export const first: LessonOptions = { slug: 'platforms', order: 1 };
/** The second lesson pair; it links to the first. */
export const second: LessonOptions = { slug: 'listing', order: 2 };

/** A small valid knowledge base: two lesson pairs (the second links to the first), glossary and tips. */
export function validKnowledgeBase(): KnowledgeFiles {
  return {
    ...lessonPair(first),
    [lessonPath(second, 'zh')]: zhLesson({ ...second, extra: '- 别忘了看[上一课](01-platforms.zh.md)。\n' }),
    [lessonPath(second, 'en')]: enLesson({
      ...second,
      extra: '- See [the last lesson](01-platforms.en.md).\n',
    }),
    'glossary.zh.md': glossary('zh'),
    'glossary.en.md': glossary('en'),
    'tips.zh.md': tips('zh'),
    'tips.en.md': tips('en'),
    'README.md': '# Test knowledge base\n',
  };
}

/** `files` with `search` replaced by `replacement` in `path`; fails loudly if `search` is not there. */
export function edit(
  files: KnowledgeFiles,
  path: string,
  search: string | RegExp,
  replacement: string,
): KnowledgeFiles {
  const text = files[path];
  if (text === undefined) throw new Error(`fixture: no file ${path}`);
  const changed = text.replace(search, replacement);
  if (changed === text) throw new Error(`fixture: ${String(search)} not found in ${path}`);
  return { ...files, [path]: changed };
}

/** `files` without `path`. */
export function without(files: KnowledgeFiles, path: string): KnowledgeFiles {
  if (!(path in files)) throw new Error(`fixture: no file ${path}`);
  const { [path]: _removed, ...rest } = files;
  return rest;
}

/** The 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string | undefined, needle: string): number {
  const index = (text ?? '').split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`fixture: "${needle}" not found`);
  return index + 1;
}

/** Writes knowledge bases to temporary directories, removed after each test. */
export function useKnowledgeDirs(): (files: KnowledgeFiles) => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async (files) => {
    const dir = await mkdtemp(join(tmpdir(), 'cunbo-kb-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    return dir;
  };
}
