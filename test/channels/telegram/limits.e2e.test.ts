/**
 * Rate limits and budgets end to end: the real bot (grammY + runner + Redis) against the loopback Bot API
 * and model servers. A flooder is throttled with one notice while others keep their latency; budgets and
 * the admin commands behave as a user and an admin would see them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { limitPhrases } from '../../../src/limits/phrases.ts';
import type { ChatMessage } from '../../support/bot-api-server.ts';
import { useBotWorld } from '../../support/test-bot.ts';

const adminId = 88001;
const burst = 4;
const world = useBotWorld({
  model: true,
  extra: {
    // Two per minute: no token comes back while a test runs, so counts are exact.
    RATE_LIMIT_PER_MINUTE: '2',
    RATE_LIMIT_BURST: String(burst),
    ADMIN_IDS: String(adminId),
    // Few slots, so a flood that held them while waiting its turn would hold up everyone else.
    POLLING_CONCURRENCY: '8',
  },
});

afterEach(() => world.openai.setChatHandler());

const question = '直播前要做啥准备？';
const zh = limitPhrases('zh');
let nextId = 88100;

function newUser(language_code = 'zh-hans') {
  nextId += 1;
  return world.api.user({ id: nextId, first_name: `用户${nextId}`, language_code });
}

/** Sends `text` and resolves with the bot's next message and how long it took. */
async function timedAsk(user: ReturnType<typeof newUser>, text: string) {
  const started = performance.now();
  const answer = user.waitForMessage(undefined, 20_000);
  user.send(text);
  const message = await answer;
  return { message, ms: performance.now() - started };
}

const isAnswer = (m: ChatMessage) => m.text !== zh.throttled;

describe('rate limits', () => {
  it('throttles a flooder with one notice while another user keeps their latency', async () => {
    // A model that takes a moment, as real ones do.
    world.openai.setChatHandler(() => ({ text: '开播前发预告视频，写好排品和话术[1]。', chunkDelayMs: 25 }));
    const baseline = await timedAsk(newUser(), question);
    expect(baseline.message.text).toMatch(/^开播前发预告视频/);

    const flooder = newUser();
    const other = newUser();
    const counters = () => world.bot.app.limits.counters();
    const before = counters();
    const modelCallsBefore = world.openai.chatRequests().length;
    for (let i = 1; i <= 50; i++) flooder.send(`${question} ${i}`);
    const underFlood = await timedAsk(other, question);
    expect(underFlood.message.text).toMatch(/^开播前发预告视频/);

    // Every one of the 50 was looked at: `burst` admitted, the rest throttled.
    await vi.waitFor(() => expect(counters().throttled - before.throttled).toBe(50 - burst), {
      timeout: 20_000,
      interval: 50,
    });
    await vi.waitFor(() => expect(flooder.messages().filter(isAnswer)).toHaveLength(burst), {
      timeout: 20_000,
      interval: 50,
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing queued comes out later
    const seen = flooder.messages();
    expect(seen.filter((m) => m.text === zh.throttled)).toHaveLength(1);
    expect(seen.filter(isAnswer)).toHaveLength(burst);
    expect(seen).toHaveLength(burst + 1);
    expect(counters().throttleNotices - before.throttleNotices).toBe(1);
    // The flood cost `burst` model calls; the other user's question one more.
    expect(world.openai.chatRequests().length - modelCallsBefore).toBe(burst + 1);

    console.info(
      `flood: baseline ${baseline.ms.toFixed(0)} ms, under a 50-message flood ${underFlood.ms.toFixed(0)} ms`,
    );
    // Throttled messages are turned away as they arrive, not after waiting behind the flooder's answers:
    // with 8 slots, waiting would cost the other user about `burst` answers' time.
    expect(underFlood.ms).toBeLessThan(baseline.ms + 300);

    // Buttons and commands that do not call the model still work for the throttled user.
    const help = flooder.waitForMessage();
    flooder.sendCommand('/help');
    expect((await help).text).not.toBe(zh.throttled);
    expect(flooder.messages().filter((m) => m.text === zh.throttled)).toHaveLength(1);
  });

  it('lets a quick burst of a few messages through', async () => {
    const user = newUser();
    for (let i = 0; i < 3; i++) user.send(`${question}${i}`);
    await vi.waitFor(() => expect(user.messages()).toHaveLength(3), { timeout: 20_000, interval: 50 });
    expect(user.messages().filter((m) => m.text === zh.throttled)).toEqual([]);
    expect(await world.bot.app.limits.budget.today(`tg:${user.id}`)).toMatchObject({ questions: 3 });
  });
});

describe('budgets and admin commands', () => {
  it('charges model tokens, then answers from the knowledge base with one notice a day', async () => {
    const admin = world.api.user({ id: adminId, first_name: '管理员', language_code: 'zh-hans' });
    const user = newUser();
    admin.sendCommand(`/limits user ${user.id} daily_tokens 100`);
    expect((await admin.waitForMessage()).text).toBe(`tg:${user.id}: ✅ daily_tokens = 100`);

    world.openai.setChatHandler(() => ({
      text: '开播前发预告视频[1]。',
      usage: { prompt_tokens: 80, completion_tokens: 40 },
    }));
    const first = await timedAsk(user, question);
    expect(first.message.text).toMatch(/^开播前发预告视频/);
    const today = await world.bot.app.limits.budget.today(`tg:${user.id}`);
    expect(today).toEqual({ questions: 1, promptTokens: 80, completionTokens: 40 });

    const modelCalls = world.openai.chatRequests().length;
    const notice = user.waitForMessage();
    const answer = user.waitForMessage((m) => m.text !== zh.tokensSpent, 20_000);
    user.send(question);
    expect((await notice).text).toBe(zh.tokensSpent);
    const offline = await answer;
    expect(offline.text).not.toMatch(/^开播前发预告视频/); // not the model's words
    expect(offline.text).toMatch(/📚/); // a cited knowledge-base answer

    const third = await timedAsk(user, question);
    expect(third.message.text).not.toBe(zh.tokensSpent);
    expect(world.openai.chatRequests().length).toBe(modelCalls);
    expect(user.messages().filter((m) => m.text === zh.tokensSpent)).toHaveLength(1);

    admin.sendCommand(`/limits user ${user.id}`);
    const shown = (await admin.waitForMessage()).text!;
    expect(shown).toContain('daily_tokens: 100 (单独设置)');
    expect(shown).toContain('今天：3 个问题，120 tokens');

    admin.sendCommand('/usage');
    const usage = (await admin.waitForMessage()).text!;
    expect(usage).toMatch(/^💰 用量与成本（今天 \/ 最近7天，CNY）/);
    // 80 × 2 + 40 × 8 per million = 0.00048 CNY
    expect(usage).toContain(`tg:${user.id}: 3 问 · 120 tok · 0.0005`);
  });

  it('stops questions past the daily limit with when it resets', async () => {
    const admin = world.api.user({ id: adminId, first_name: '管理员', language_code: 'en' });
    const user = newUser('en');
    admin.sendCommand(`/limits user ${user.id} daily_questions 1`);
    await admin.waitForMessage();
    world.openai.setChatHandler(() => 'Post a preview video first [1].');
    expect((await timedAsk(user, 'How do I prepare a live stream?')).message.text).toMatch(/^Post a preview/);
    const refused = await timedAsk(user, 'And then?');
    expect(refused.message.text).toMatch(
      /^You've used today's 1 questions\. They reset at midnight China time \(in \d+ h \d+ min|in \d+ min\)/,
    );
  });

  it('lets admins change global limits; others get the ordinary bot', async () => {
    const admin = world.api.user({ id: adminId, first_name: '管理员', language_code: 'en' });
    admin.sendCommand('/limits set daily_questions 300');
    expect((await admin.waitForMessage()).text).toBe('✅ daily_questions = 300');
    admin.sendCommand('/limits set per_minute 0');
    expect((await admin.waitForMessage()).text).toMatch(/^❌ per_minute needs a whole number from 1/);
    admin.sendCommand('/limits');
    const shown = (await admin.waitForMessage()).text!;
    expect(shown).toContain('daily_questions: 300 (default 200)');
    expect(shown).toContain('per_minute: 2');
    expect(await world.bot.app.limits.settings.forUser('tg:1')).toMatchObject({ dailyQuestions: 300 });
    admin.sendCommand('/limits set daily_questions default');
    expect((await admin.waitForMessage()).text).toBe('✅ daily_questions = default (200)');

    const learner = newUser();
    learner.sendCommand('/limits set daily_questions 100000');
    expect((await learner.waitForMessage()).text).toMatch(/^用法：直接发问题给我/);
    learner.sendCommand('/usage');
    expect((await learner.waitForMessage()).text).toMatch(/^用法：直接发问题给我/);
    expect((await world.bot.app.limits.settings.overrides()).global).toEqual({});
  });
});
