/** `cunbo check` through `main`, with in-memory streams: one text, JSON Lines on stdin, help and mistakes. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { knowledgeDir } from './shipped.ts';

async function cunbo(
  args: string[],
  stdin = '',
  env: NodeJS.ProcessEnv = { KNOWLEDGE_DIR: knowledgeDir },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const input = new PassThrough();
  input.end(stdin);
  const out = { stdout: '', stderr: '' };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (data) => {
    out.stdout += data;
  });
  stderr.on('data', (data) => {
    out.stderr += data;
  });
  const code = await main(args, { stdin: input, stdout, stderr, env });
  return { code, ...out };
}

const temporary: string[] = [];
afterAll(async () => {
  await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('cunbo check "text" --json', () => {
  it('prints {violations:[{span, rule, reason, rewrite}]} and exits 1', async () => {
    const { code, stdout } = await cunbo(['check', '最好的鹿肉，加 V 领优惠', '--json']);
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.violations).toEqual([
      expect.objectContaining({
        span: { start: 0, end: 3, text: '最好的' },
        rule: 'abs-superlative',
        category: 'absolute-terms',
        reason: expect.stringContaining('广告法'),
        rewrite: '我们家卖得好的',
      }),
      expect.objectContaining({
        span: { start: 6, end: 9, text: '加 V' },
        rule: 'div-add-wechat',
        category: 'diversion',
        rewrite: '点关注进粉丝群',
      }),
    ]);
  });

  it('prints no violations for innocent text and exits 0', async () => {
    const { code, stdout } = await cunbo(['check', '最近天冷，第一次直播，加入购物车', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ violations: [] });
  });

  it('gives reasons in the language asked for', async () => {
    const { stdout } = await cunbo(['check', '鹿血降血压', '--json', '--lang', 'en']);
    expect(JSON.parse(stdout).violations[0].reason).toMatch(/blood pressure/);
  });
});

describe('cunbo check "text"', () => {
  it('lists each violation readably: the rule, why, ✅ lines to say instead, then the text rewritten', async () => {
    const { code, stdout } = await cunbo(['check', '鹿鞭壮阳，私聊下单']);
    expect(code).toBe(1);
    const [report = '', original] = stdout.split('\n\n原文：\n');
    expect(original?.trim()).toBe('鹿鞭壮阳，私聊下单');
    expect(report).toMatch(/^⚠️ 发现 \d 处可能违规：\n\n1\. 「壮阳」 · 功效宣称\n规则：\S/);
    const items = report.split('\n\n改好的版本：\n')[0]!.split('\n\n').slice(1);
    expect(items).toHaveLength(2);
    for (const item of items) {
      const lines = item.split('\n');
      expect(lines[1]).toMatch(/^规则：/);
      expect(lines[2]).toMatch(/^为什么：/);
      // One or two ✅ alternatives, from the rule's vetted lines or the span's safe wording.
      const alternatives = lines.slice(3);
      expect(alternatives.length).toBeGreaterThanOrEqual(1);
      expect(alternatives.length).toBeLessThanOrEqual(2);
      for (const line of alternatives) expect(line).toMatch(/^(✅ 可以说："|✅ 可以换成："|✂️ )/);
    }
    expect(items[1]).toMatch(/^2\. 「私聊」 · 站外导流/);
    expect(report).toMatch(/\n\n改好的版本：\n\S/);
  });

  it("offers the rule's own ✅ lines, and explains a rule flagged twice once", async () => {
    const { stdout } = await cunbo(['check', '最好的鹿肉，最好的鹿血']);
    expect(stdout).toContain('✅ 可以说："');
    expect(stdout).toMatch(/\n\n2\. 「最好的」 · 极限词 （同第1条）\n\n改好的版本：/);
  });

  it('answers in English for English text, or in the language asked for', async () => {
    const en = await cunbo(['check', 'Best deer meat']);
    expect(en.stdout).toMatch(
      /^⚠️ 1 possible violation:\n\n1\. 「Best」 · absolute terms\nRule: .+\nWhy: .+\n✅ You can say: "/,
    );
    expect(en.stdout).toContain('\n\nRewritten:\n');
    const zh = await cunbo(['check', 'Best deer meat', '--lang', 'zh']);
    expect(zh.stdout).toMatch(/^⚠️ 发现 1 处可能违规：/);
  });

  it('says so when there is nothing to fix', async () => {
    const { code, stdout } = await cunbo(['check', 'Best before 2027-03-16']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('No violations.');
  });
});

describe('cunbo check < lines.jsonl', () => {
  it('prints one object per line with the same id, and reports bad lines', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: '全网最低价' }),
      '',
      'not json',
      JSON.stringify({ id: 7, text: '鹿肉炖土豆' }),
      JSON.stringify({ text: 'Add me on WeChat', lang: 'zh' }),
      JSON.stringify({ id: 'no-text' }),
    ].join('\n');
    const { code, stdout } = await cunbo(['check'], input);
    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(['a', null, 7, 5, null]);
    // 最低价 inside 全网最低价 is one phrase, reported once.
    expect(lines[0].violations.map((v: { rule: string }) => v.rule)).toEqual(['price-lowest']);
    expect(lines[1]).toMatchObject({ line: 3, error: expect.stringMatching(/JSON/) });
    expect(lines[2].violations).toEqual([]);
    expect(lines[3].violations[0].reason).toMatch(/微信/);
    expect(lines[4]).toMatchObject({ line: 6, error: '"text" must be text' });
  });

  it('exits 0 when no line has a violation', async () => {
    const { code, stdout } = await cunbo(['check'], `${JSON.stringify({ id: 1, text: '关注主播' })}\n`);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ id: 1, violations: [] });
  });
});

describe('cunbo check: help and mistakes', () => {
  it('prints its help', async () => {
    const { code, stdout } = await cunbo(['check', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: cunbo check "text" \[--json\]/);
    expect(stdout).toContain('JSON Lines');
  });

  it('is listed in the overview', async () => {
    const { stdout } = await cunbo(['--help']);
    expect(stdout).toMatch(/\n {2}check +check text for banned wording/);
  });

  it('refuses an unknown language', async () => {
    const { code, stderr } = await cunbo(['check', 'x', '--lang', 'fr']);
    expect(code).toBe(1);
    expect(stderr).toContain('--lang must be zh or en');
  });

  it('exits 2 naming the file and rule when the rules do not load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cunbo-check-rules-'));
    temporary.push(dir);
    await writeFile(
      join(dir, 'broken.yaml'),
      `version: 1\nupdated: 2026-12-01\ndescription: x\nrules:\n  - id: bad-one\n    category: absolute-terms\n    source: x\n    patterns: ['(']\n    reason: { zh: 不, en: no }\n    rewrite: { zh: '', en: '' }\n`,
    );
    const { code, stderr } = await cunbo(['check', '最好', '--rules', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /broken\.yaml: rule "bad-one" \(rules\[0\]\): patterns\[0\]: not a valid regular expression/,
    );
  });
});
