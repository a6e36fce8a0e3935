/** `cunbo kb export-approved`: approved answers in Redis → knowledge-base files that `cunbo kb check` accepts. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { kbCommand } from '../../src/cli/commands/kb.ts';
import { checkKnowledgeBase } from '../../src/knowledge/check.ts';
import { parseAnswer } from '../../src/knowledge/parse-answer.ts';
import { redisKeys } from '../../src/redis/keys.ts';
import { createTokenizer } from '../../src/retrieval/tokenizer.ts';
import { createApprovedAnswers } from '../../src/trainer/approved-answers.ts';
import { approvedAnswerFile } from '../../src/trainer/export-approved.ts';
import { useKnowledgeDirs, validKnowledgeBase } from '../knowledge/fixtures.ts';
import { useTestRedis } from '../support/redis.ts';

const { redis, prefix, url } = await useTestRedis();
const write = useKnowledgeDirs();
const approvedAt = Date.UTC(2026, 10, 28, 20, 0); // 2026-11-29 in China

async function exportApproved(out: string): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk) => {
    text += chunk;
  });
  const env = { REDIS_URL: url, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' };
  const code = await kbCommand.run(['export-approved', '--out', out], {
    stdin: new PassThrough(),
    stdout,
    stderr: new PassThrough(),
    env,
  });
  return { code, stdout: text };
}

describe('exporting approved answers', () => {
  it('writes one file per approved answer that the knowledge-base check accepts', async () => {
    const answers = createApprovedAnswers({
      redis,
      keys: redisKeys(prefix),
      tokenizer: createTokenizer(),
      now: () => approvedAt,
    });
    const zh = await answers.approve({
      question: '顾客问"是不是最便宜"：怎么回答？',
      answer: '别说❌"最便宜"❌，说✅"今天直播间有优惠"✅。\n\n1. 先报价\n2. 再说福利',
      trainerId: 7,
      trainerName: '王老师',
      source: { kind: 'gap', ref: 'abc' },
      lesson: 'account-platforms-zh',
    });
    await answers.approve({
      question: 'Can I ship deer blood slices by cold chain?',
      answer: 'Yes, with an insulated box.',
      trainerId: 8,
      trainerName: 'Li',
      source: { kind: 'feedback', ref: '1-0' },
    });

    const out = await write({});
    const { code, stdout } = await exportApproved(out);
    expect(code).toBe(0);
    expect(stdout).toBe(`2 approved answers written to ${join(out, 'answers')}\n`);
    const names = (await readdir(join(out, 'answers'))).sort();
    expect(names).toHaveLength(2);
    expect(names.find((n) => n.endsWith('.zh.md'))).toBe(`2026-11-29-${zh.id}.zh.md`);

    const files = Object.fromEntries(
      await Promise.all(
        names.map(async (name) => [`answers/${name}`, await readFile(join(out, 'answers', name), 'utf8')]),
      ),
    );
    const parsed = parseAnswer(
      `answers/${names.find((n) => n.endsWith('.zh.md'))}`,
      files[`answers/2026-11-29-${zh.id}.zh.md`]!,
    );
    expect(parsed).toMatchObject({
      problems: [],
      meta: {
        id: `answer-2026-11-29-${zh.id}-zh`,
        title: '顾客问"是不是最便宜"：怎么回答？',
        trainer: '王老师',
        approved: '2026-11-29',
        source: 'gap',
        lesson: 'account-platforms-zh',
      },
      answer: zh.answer,
    });
    expect(await checkKnowledgeBase(await write({ ...validKnowledgeBase(), ...files }))).toEqual([]);
  });

  it('reports an exported answer whose lesson is gone, or whose front matter was broken by hand', async () => {
    const answer = {
      id: 'abcd1234',
      question: '鹿血片可以发顺丰冷链吗',
      answer: '可以。',
      language: 'zh' as const,
      trainerId: 7,
      trainerName: '王老师',
      approvedAt,
      source: { kind: 'manual' as const },
    };
    const gone = approvedAnswerFile({ ...answer, lesson: 'account-nothing-zh' });
    const broken = approvedAnswerFile({ ...answer, id: 'ffff0000' });
    const problems = await checkKnowledgeBase(
      await write({
        ...validKnowledgeBase(),
        [gone.path]: gone.text,
        [broken.path]: broken.text.replace('source: manual', 'source: rumour'),
        'answers/no-front-matter.zh.md': '可以。\n',
      }),
    );
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      `answers/2026-11-29-abcd1234.zh.md: lesson "account-nothing-zh" does not exist`,
      expect.stringMatching(/^answers\/2026-11-29-ffff0000\.zh\.md: front matter: source: /),
      expect.stringMatching(/^answers\/no-front-matter\.zh\.md: front matter: missing/),
    ]);
  });
});
