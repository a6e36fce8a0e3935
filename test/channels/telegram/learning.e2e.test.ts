/**
 * The learning path end to end in Telegram (real bot, Redis, loopback Bot API and model servers): onboarding
 * with buttons, a lesson finished, a task ticked, a quiz answered, /progress across a restart, personal
 * answers, reminders sent exactly once, /mydata and /forget.
 */

import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReminderLoop } from '../../../src/channels/telegram/reminder-loop.ts';
import { createLearning } from '../../../src/learning/learning.ts';
import { nextReminderAt } from '../../../src/learning/reminders.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { createRedisClient } from '../../../src/redis/connect.ts';
import { redisKeys } from '../../../src/redis/keys.ts';
import { type BotApiServer, type SimUser, startBotApiServer } from '../../support/bot-api-server.ts';
import { type OpenAiServer, startOpenAiServer } from '../../support/openai-server.ts';
import { keysUnder, testRedisUrl, useTestRedis } from '../../support/redis.ts';
import { startTestBot, type TestBot, testEnv } from '../../support/test-bot.ts';

const { redis } = await useTestRedis();
let api: BotApiServer;
let openai: OpenAiServer;
let bot: TestBot;
let env: Record<string, string>;

beforeAll(async () => {
  api = await startBotApiServer();
  openai = await startOpenAiServer({ handler: () => '好的[1]。' });
  env = testEnv(api, openai);
  bot = await startTestBot(env);
});

afterAll(async () => {
  await bot.stop();
  await api.close();
  await openai.close();
});

async function press(user: SimUser, data: string, expectReply: RegExp) {
  user.pressButton(data);
  return user.waitForMessage((m) => expectReply.test(m.text ?? ''));
}

async function onboard(
  user: SimUser,
  answers: { role: string; products: string; platforms: string[]; stage: string; goal: string },
) {
  user.sendCommand('/start');
  await user.waitForMessage((m) => /用哪种语言/.test(m.text ?? ''));
  await press(user, 'ob:language:zh', /你主要是/);
  await press(user, `ob:role:${answers.role}`, /你卖什么/);
  user.send(answers.products);
  await user.waitForMessage((m) => /哪些平台/.test(m.text ?? ''));
  for (const platform of answers.platforms) {
    user.pressButton(`ob:platforms:${platform}`);
    await api.waitForCall(
      'editMessageReplyMarkup',
      (c) => c.payload.chat_id === user.id && JSON.stringify(c.payload).includes(`☑️`),
    );
  }
  await press(user, 'ob:platforms:done', /走到哪一步/);
  await press(user, `ob:stage:${answers.stage}`, /最想先解决/);
  await press(user, `ob:goal:${answers.goal}`, /记住了/);
}

/** Another process's reminder loop: its own Redis connection, learning path and Bot API client. */
async function startSecondReminderProcess() {
  const client = createRedisClient(testRedisUrl());
  await client.connect();
  const learning = createLearning({
    redis: client,
    keys: redisKeys(env.REDIS_PREFIX!),
    course: bot.app.learning.course,
  });
  const loop = startReminderLoop({
    api: new Api(env.TELEGRAM_BOT_TOKEN!, { apiRoot: api.apiRoot }),
    learning,
    logger: createLogger('silent'),
    intervalMs: 3_600_000,
  });
  return {
    loop,
    close: async () => {
      loop.stop();
      await client.close();
    },
  };
}

const profileOf = async (user: SimUser) =>
  JSON.parse((await redis.get(`${env.REDIS_PREFIX}v1:profile:tg:${user.id}`)) ?? '{}');

describe('learning path', () => {
  it('onboards, teaches a lesson, ticks a task, grades a quiz, and remembers it across a restart', async () => {
    const user = api.user({ id: 71001, first_name: '老李', language_code: 'zh-hans' });
    await onboard(user, {
      role: 'owner',
      products: '鹿茸片、鹿血酒',
      platforms: ['kuaishou'],
      stage: 'posting',
      goal: 'more-views',
    });
    expect(await profileOf(user)).toMatchObject({
      role: 'owner',
      products: '鹿茸片、鹿血酒',
      platforms: ['kuaishou'],
      stage: 'posting',
      goal: 'more-views',
      onboarding: 'done',
    });

    // Posting videos and wanting views: the course starts with the video track.
    user.sendCommand('/learn');
    const card = await user.waitForMessage((m) => /下一课（短视频）/.test(m.text ?? ''));
    const topic = /ln:done:([\w-]+)/.exec(JSON.stringify(card.reply_markup))![1]!;
    await press(user, `ln:done:${topic}`, /这一课的任务/);
    const tasks = await press(user, `ln:task:${topic}:1`, /这一课的任务/);
    expect(tasks.text!.split('\n')[1]).toMatch(/^✔️ /);

    user.pressButton(`ln:quiz:${topic}:1`, card);
    const quiz = await user.waitForMessage((m) => /第1题/.test(m.text ?? ''));
    expect(quiz.reply_markup?.inline_keyboard.flat().length).toBeGreaterThanOrEqual(2);
    user.pressButton(`ln:ans:${topic}:1:A`);
    const graded = await user.waitForMessage((m) => /^(✅ 答对了|❌ 正确答案是)/.test(m.text ?? ''));
    expect(graded.text!.split('\n')[1]!.length).toBeGreaterThan(5);

    user.sendCommand('/progress');
    const progress = (await user.waitForMessage((m) => /学习进度/.test(m.text ?? ''))).text!;
    expect(progress).toMatch(/短视频 +▓░+ 1\/9 课 · 任务 1 · 测验 [01]\/1/);
    expect(progress).toMatch(/👉 建议下一步：/);

    await bot.stop();
    bot = await startTestBot(env);
    user.sendCommand('/progress');
    const after = await user.waitForMessage((m) => /学习进度/.test(m.text ?? ''));
    expect(after.text).toBe(progress);
  });

  it('lets a new user skip onboarding, keeps the cohort from the deep link, and resumes where they left off', async () => {
    const user = api.user({ id: 71008, first_name: 'G', language_code: 'en' });
    user.sendCommand('/start luxiang-2026');
    await user.waitForMessage((m) => /Which language/.test(m.text ?? ''));
    await press(user, 'ob:language:skip', /What do you mostly do/);
    expect(await profileOf(user)).toMatchObject({ cohort: 'luxiang-2026', onboarding: 'role' });
    // Coming back later with /start resumes at the same question.
    user.sendCommand('/start');
    await user.waitForMessage((m) => /What do you mostly do/.test(m.text ?? ''));
    await press(user, 'ob:role:skip', /What do you sell/);
    await press(user, 'ob:products:skip', /Which platforms/);
    await press(user, 'ob:platforms:skip', /Where are you now/);
    await press(user, 'ob:stage:skip', /What do you want to solve first/);
    await press(user, 'ob:goal:skip', /Got it!/);
    expect(await profileOf(user)).toMatchObject({ cohort: 'luxiang-2026', onboarding: 'done' });
    user.sendCommand('/profile');
    expect((await user.waitForMessage()).text).toMatch(
      /^Your profile\nLanguage: not set[\s\S]*Cohort: luxiang-2026/,
    );
  });

  it('answers the same question differently for a deer seller on Kuaishou and a honey seller on Douyin', async () => {
    const deer = api.user({ id: 71002, first_name: 'A', language_code: 'zh-hans' });
    const honey = api.user({ id: 71003, first_name: 'B', language_code: 'zh-hans' });
    await Promise.all([
      onboard(deer, {
        role: 'owner',
        products: '鹿血片',
        platforms: ['kuaishou'],
        stage: 'selling',
        goal: 'more-sales',
      }),
      onboard(honey, {
        role: 'anchor',
        products: '椴树蜂蜜',
        platforms: ['douyin'],
        stage: 'live',
        goal: 'first-live',
      }),
    ]);
    const question = '商品标题怎么写';
    deer.send(question);
    await deer.waitForMessage((m) => /好的/.test(m.text ?? ''));
    const deerPrompt = String(openai.chatRequests().at(-1)!.messages[0]!.content);
    honey.send(question);
    await honey.waitForMessage((m) => /好的/.test(m.text ?? ''));
    const honeyPrompt = String(openai.chatRequests().at(-1)!.messages[0]!.content);
    expect(deerPrompt).toMatch(/sells: 鹿血片; platforms: kuaishou/);
    expect(deerPrompt).toContain('shop owner learning step by step');
    expect(honeyPrompt).toMatch(/sells: 椴树蜂蜜; platforms: douyin/);
    expect(honeyPrompt).toContain('live-stream host');
    // Each sees only their own state.
    expect((await profileOf(deer)).products).toBe('鹿血片');
    expect((await profileOf(honey)).products).toBe('椴树蜂蜜');
  });

  it('offline, picks the worked example that matches what the learner sells', async () => {
    const grounding = bot.app.knowledge.grounding;
    const sections = async (deerExamples: boolean) =>
      (await grounding.find('商品标题怎么写', 'zh', [], { deerExamples })).passages.map((p) => p.section);
    expect((await sections(true)).indexOf('示例：鹿产品')).toBeLessThan(
      Math.max(0, (await sections(true)).indexOf('示例：其他农产品')) || Infinity,
    );
    expect(await sections(false)).toContain('示例：其他农产品');
    expect((await sections(false)).indexOf('示例：其他农产品')).toBeLessThan(
      (await sections(false)).includes('示例：鹿产品')
        ? (await sections(false)).indexOf('示例：鹿产品')
        : Infinity,
    );
  });

  it('remembers what a user mentions in passing, read by the model as structured output', async () => {
    openai.setChatHandler((request) =>
      request.tools?.length
        ? {
            toolCall: {
              name: 'learner_profile',
              arguments: { products: '椴树蜂蜜', platforms: ['channels'], role: 'owner' },
            },
          }
        : '好的[1]。',
    );
    const user = api.user({ id: 71004, first_name: 'C', language_code: 'zh-hans' });
    user.send('我们家就是养蜂的，主要在视频号上卖，直播间人少怎么办');
    await user.waitForMessage();
    openai.setChatHandler(() => '好的[1]。');
    const extraction = openai.chatRequests().find((r) => r.tools?.length);
    expect(JSON.stringify(extraction?.messages)).toContain('我们家就是养蜂的');
    expect(await profileOf(user)).toMatchObject({
      products: '椴树蜂蜜',
      platforms: ['channels'],
      role: 'owner',
    });
  });

  it('sends a reminder due while the bot was down once after it comes back, never twice', async () => {
    const user = api.user({ id: 71005, first_name: 'D', language_code: 'zh-hans' });
    user.sendCommand('/remind 20');
    await user.waitForMessage((m) => /每天 20:00/.test(m.text ?? ''));
    await bot.stop();
    // While the bot is down the reminder falls due (moved to a minute ago).
    await redis.zAdd(`${env.REDIS_PREFIX}v1:reminders`, {
      score: Date.now() - 60_000,
      value: `tg:${user.id}`,
    });
    bot = await startTestBot(env);
    // A second process on the same Redis checks at the same moment (its own connection and loop).
    const other = await startSecondReminderProcess();
    const sent = (await Promise.all([bot.telegram.reminders.tick(), other.loop.tick()])).reduce(
      (a, b) => a + b,
    );
    await other.close();
    expect(sent).toBe(1);
    expect(user.lastMessage()?.text).toMatch(/^⏰ 该学习啦！下一课：/);
    expect(await bot.telegram.reminders.tick()).toBe(0);
    const next = await redis.zScore(`${env.REDIS_PREFIX}v1:reminders`, `tg:${user.id}`);
    expect(next).toBe(nextReminderAt(20, Date.now()));
    expect(user.messages().filter((m) => /该学习啦/.test(m.text ?? ''))).toHaveLength(1);
  });

  it('stops reminders for a user who blocked the bot', async () => {
    const user = api.user({ id: 71006, first_name: 'E', language_code: 'zh-hans' });
    user.sendCommand('/remind 8');
    await user.waitForMessage((m) => /每天 8:00/.test(m.text ?? ''));
    await redis.zAdd(`${env.REDIS_PREFIX}v1:reminders`, {
      score: Date.now() - 1_000,
      value: `tg:${user.id}`,
    });
    user.block();
    expect(await bot.telegram.reminders.tick()).toBe(0);
    expect(await redis.zScore(`${env.REDIS_PREFIX}v1:reminders`, `tg:${user.id}`)).toBeNull();
    expect((await profileOf(user)).remindHour).toBeUndefined();
  });

  it('/mydata sends everything stored as JSON; /forget deletes every key of the user', async () => {
    const user = api.user({ id: 71007, first_name: 'F', language_code: 'zh-hans' });
    await onboard(user, {
      role: 'owner',
      products: '木耳',
      platforms: ['douyin'],
      stage: 'new',
      goal: 'first-video',
    });
    user.send('蓝V要多少钱');
    await user.waitForMessage((m) => /好的/.test(m.text ?? ''));
    user.sendCommand('/mydata');
    const upload = await api.waitForCall(
      'sendDocument',
      (c) => String(c.payload.chat_id) === String(user.id),
    );
    const data = JSON.parse(upload.files[0]!.data.toString('utf8'));
    expect(data).toMatchObject({ userId: `tg:${user.id}`, profile: { products: '木耳' } });
    expect(data.turns.map((t: { question: string }) => t.question)).toContain('蓝V要多少钱');

    user.sendCommand('/forget');
    await user.waitForMessage((m) => /确定要删除/.test(m.text ?? ''));
    await press(user, 'fg:yes', /已删除你的全部资料/);
    const keys = await keysUnder(redis, env.REDIS_PREFIX!);
    expect(keys.filter((key) => key.includes(String(user.id)))).toEqual([]);
    for (const key of [`${env.REDIS_PREFIX}v1:turns`, `${env.REDIS_PREFIX}v1:gaps`]) {
      const entries = (await redis.xRange(key, '-', '+')) ?? [];
      expect(entries.filter((e) => e.message.userId === `tg:${user.id}`)).toEqual([]);
    }
    expect(await redis.zScore(`${env.REDIS_PREFIX}v1:users`, `tg:${user.id}`)).toBeNull();
  });
});
