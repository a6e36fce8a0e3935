/**
 * The terminal channel through the real `cunbo chat` process, with piped questions, as a script would use
 * it: offline answers from the knowledge base, remembered in Redis.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { testPrefix, testRedisUrl, useTestRedis } from '../../support/redis.ts';

const { redis } = await useTestRedis();

function chat(
  input: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/cunbo.js', 'chat', '--user', 'tester'], {
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => {
      stdout += data;
    });
    child.stderr.on('data', (data) => {
      stderr += data;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('cunbo chat (piped)', () => {
  it('answers each line offline with citations, and remembers the turns in Redis', async () => {
    const prefix = testPrefix();
    const result = await chat('直播间没人说话怎么办？\nHow do I open a Douyin shop?\n', {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [zhAnswer, enAnswer] = result.stdout.split(/^› /m).slice(1);
    // The first line answers: what to do, not what the lesson is about.
    expect(zhAnswer).toMatch(/^直播间没人说话怎么办？\n.*扣1/);
    expect(zhAnswer).toMatch(/📚 出处:\n {2}\[1\] .+\(\/lesson [a-z-]+-zh\)/);
    // Every marker in the answer names a source listed under it.
    for (const answer of [zhAnswer!, enAnswer!]) {
      const [body, sources] = answer.split(/📚 .+:\n/);
      const markers = new Set(body!.match(/\[\d+\]/g));
      expect(markers.size).toBeGreaterThan(0);
      for (const marker of markers) expect(sources).toContain(marker);
    }
    expect(enAnswer).toMatch(/^How do I open a Douyin shop\?\n.*(shop|licen[cs]e)/i);
    expect(enAnswer).toMatch(/account-open-shop-en/);
    const history = await redis.lRange(`${prefix}v1:history:term:tester`, 0, -1);
    expect(history.map((line) => JSON.parse(line).role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('says plainly when the knowledge base has no answer, and logs the gap for trainers', async () => {
    const prefix = testPrefix();
    const result = await chat('鹿场的环评怎么做？\n', { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix });
    expect(result.stdout).toContain('村播知识库里暂时还没有答案');
    const gaps = await redis.xRange(`${prefix}v1:gaps`, '-', '+');
    expect((gaps ?? []).map((gap) => gap.message.question)).toEqual(['鹿场的环评怎么做？']);
  });

  it('declines out-of-scope requests without searching for an answer', async () => {
    const result = await chat('帮我写20条好评\n', { REDIS_URL: testRedisUrl(), REDIS_PREFIX: testPrefix() });
    expect(result.stdout).toContain('我不能帮忙编写或购买评价');
  });

  it('walks the course: /learn, /done, /quiz, /answer, /progress', async () => {
    const result = await chat('/learn\n/done\n/tick 1\n/quiz\n/answer B\n/progress\n', {
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: testPrefix(),
    });
    expect(result.stdout).toMatch(/^📘 下一课（开号开店）：/);
    expect(result.stdout).toMatch(/📝 第1题（共\d题）/);
    expect(result.stdout).toMatch(/(✅ 答对了！|❌ 正确答案是 [A-C]。)/);
    expect(result.stdout).toMatch(/^✔️ 1\. /m);
    expect(result.stdout).toMatch(/开号开店 +▓░+ 1\/8 课 · 任务 1 · 测验 [01]\/1/);
  });
});
