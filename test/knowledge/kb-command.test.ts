/** `cunbo kb`, run through `kbCommand.run` with in-memory streams. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/command.ts';
import { kbCommand } from '../../src/cli/commands/kb.ts';
import { edit, first, lessonPath, lineOf, useKnowledgeDirs, validKnowledgeBase } from './fixtures.ts';

const write = useKnowledgeDirs();

async function kb(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const code = await kbCommand.run(args, { stdin: new PassThrough(), stdout, stderr, env: {} });
  return { code, lines: out.split('\n').filter(Boolean), stdout: out, stderr: err };
}

describe('cunbo kb check', () => {
  it('prints the summary and exits 0 on a valid knowledge base', async () => {
    const dir = await write(validKnowledgeBase());
    expect(await kb(['check', dir])).toMatchObject({
      code: 0,
      lines: ['knowledge base OK: 4 lessons, 6 glossary terms, 192 tips'],
    });
  });

  it('prints every problem as file:line: message, then a count, and exits 1', async () => {
    const path = lessonPath(first, 'zh');
    let files = edit(validKnowledgeBase(), path, 'level: beginner', 'level: expert');
    files = edit(files, path, '答案：B', '答案：D');
    const dir = await write(files);
    const result = await kb(['check', dir]);
    expect(result.code).toBe(1);
    expect(result.lines).toEqual([
      `${dir}/${path}:${lineOf(files[path], 'level:')}: front matter: level: expected one of beginner|intermediate|advanced, got "expert"`,
      `${dir}/${path}:${lineOf(files[path], '### 1.')}: quiz question 1: answer "D" is not one of the options (A, B)`,
      '2 problems',
    ]);
  });

  it('defaults to knowledge/ in the current directory', async () => {
    const nested = Object.entries(validKnowledgeBase()).map(([path, text]) => [`knowledge/${path}`, text]);
    const dir = await write(Object.fromEntries(nested));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await kb(['check'])).toMatchObject({
        code: 0,
        lines: [expect.stringMatching(/^knowledge base OK/)],
      });
      const broken = await write({});
      process.chdir(broken);
      await expect(kb(['check'])).rejects.toThrow(new UsageError('knowledge is not a directory'));
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('cunbo kb stats', () => {
  it('prints a table', async () => {
    const { code, stdout, stderr } = await kb(['stats', await write(validKnowledgeBase())]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^lessons +zh +en\n {2}account +2 +2\n/);
    expect(stdout).toMatch(/\n {2}total +2 +2\n/);
    expect(stdout).toMatch(/\n {2}zh \(Chinese characters\) +\d+ +\d+ +\d+\n/);
    expect(stdout).toContain('lessons without tasks: none\n');
    expect(stdout).toContain('glossary terms: zh 3, en 3\ntips: zh 96, en 96\n');
  });

  it('prints JSON, and notes problems on stderr', async () => {
    const files = edit(validKnowledgeBase(), lessonPath(first, 'en'), 'Answer: B', 'Answer: D');
    const { code, stdout, stderr } = await kb(['stats', await write(files), '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ lessons: { total: 4 }, tips: { zh: 96, en: 96 } });
    expect(stderr).toMatch(/^note: 1 problem; run "cunbo kb check /);
  });
});

describe('usage', () => {
  it('prints help', async () => {
    const { code, stdout } = await kb(['--help']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${kbCommand.help}\n`);
    expect(kbCommand.help).toMatch(/^Usage: cunbo kb check \[dir\]\n {7}cunbo kb stats \[dir\] \[--json\]/);
  });

  it('throws UsageError on bad usage', async () => {
    await expect(kb([])).rejects.toThrow(UsageError);
    await expect(kb(['lint'])).rejects.toThrow(
      'unknown subcommand "lint" (expected check, stats or export-approved)',
    );
    await expect(kb(['check', 'a', 'b'])).rejects.toThrow('unexpected arguments: b');
    await expect(kb(['check', '--json'])).rejects.toThrow('--json goes with "kb stats"');
    await expect(kb(['stats', '--verbose'])).rejects.toThrow(UsageError);
    await expect(kb(['check', '/nonexistent/kb'])).rejects.toThrow('/nonexistent/kb is not a directory');
  });
});
