/** `cunbo retrieve` and `cunbo ask` as scripts use them: one question, or JSON Lines on stdin. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function cunbo(args: string[], stdin = ''): Promise<{ code: number; stdout: string }> {
  const input = new PassThrough();
  input.end(stdin);
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (data) => {
    text += data;
  });
  const code = await main(args, {
    stdin: input,
    stdout,
    stderr: new PassThrough(),
    env: { LOG_LEVEL: 'silent' },
  });
  return { code, stdout: text };
}

describe('cunbo retrieve', () => {
  it('prints the ranked passages as JSON', async () => {
    const { code, stdout } = await cunbo(['retrieve', '抖加投100块有用吗', '--json', '-k', '3']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.lang).toBe('zh');
    expect(result.results).toHaveLength(3);
    expect(result.results[0]).toEqual(
      expect.objectContaining({
        lessonId: expect.any(String),
        title: expect.any(String),
        track: expect.any(String),
        lang: 'zh',
      }),
    );
  });

  it('answers JSON Lines on stdin, one line per question with the same id', async () => {
    const input = [
      JSON.stringify({ id: 'a', question: 'How do I open a Douyin shop?' }),
      'not json',
      JSON.stringify({ id: 7, question: '直播间没人说话', lang: 'zh' }),
    ].join('\n');
    const lines = (await cunbo(['retrieve', '--json'], input)).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', null, 7]);
    expect(lines[0].results[0].lang).toBe('en');
    expect(lines[1].error).toMatch(/JSON/);
  });
});

describe('cunbo ask --offline', () => {
  it('prints the answer, its citations, and whether it abstained', async () => {
    const { stdout } = await cunbo(['ask', '蓝V要多少钱', '--json', '--offline']);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ abstained: false, track: expect.any(String) });
    // The answer leads with the figure asked for.
    expect(result.answer.split('\n')[0]).toMatch(/600元/);
    expect(result.citations.length).toBeGreaterThan(0);
  });

  it('abstains on out-of-scope questions in a batch', async () => {
    const input = `${JSON.stringify({ id: 1, question: '明天长春下雨不' })}\n${JSON.stringify({ id: 2, question: 'What is GPM?' })}\n`;
    const lines = (await cunbo(['ask', '--json'], input)).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ id: 1, abstained: true, citations: [] });
    expect(lines[1]).toMatchObject({ id: 2, abstained: false });
  });
});
