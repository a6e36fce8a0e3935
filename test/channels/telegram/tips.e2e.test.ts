/**
 * Quick tips end to end: a real grammY bot with only the tips feature, polling the loopback Bot API server.
 * `/tip` buttons send a tip (a different one on each press), `/tip <words>` sends the best match, and an
 * inline query is answered with tip articles the anchor can send into any chat.
 */
import { Bot } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../../src/channels/telegram/context.ts';
import { tipsFeature } from '../../../src/channels/telegram/features/tips.ts';
import { loadKnowledgeBase } from '../../../src/knowledge/load.ts';
import { createTipFinder } from '../../../src/tips/tip-finder.ts';
import {
  type ApiCall,
  type BotApiServer,
  type SimUser,
  startBotApiServer,
} from '../../support/bot-api-server.ts';

const kb = await loadKnowledgeBase('knowledge');
const finder = createTipFinder(kb.tips);
let api: BotApiServer;
let bot: Bot<BotContext>;
let nextUserId = 93000;

beforeAll(async () => {
  api = await startBotApiServer();
  bot = new Bot<BotContext>('123456:TEST-token-for-the-loopback-bot-api', {
    botInfo: api.botInfo,
    client: { apiRoot: api.apiRoot },
  });
  bot.use(tipsFeature(finder));
  await new Promise<void>((resolve) => {
    void bot.start({
      allowed_updates: ['message', 'callback_query', 'inline_query'],
      onStart: () => resolve(),
    });
  });
});

afterAll(async () => {
  await bot.stop();
  await api.close();
});

function newUser(language_code = 'zh-hans'): SimUser {
  nextUserId += 1;
  return api.user({ id: nextUserId, first_name: '老李', language_code });
}

const tipTexts = (key: string, lang: 'zh' | 'en') => finder.forSituation(key, lang).map((tip) => tip.text);

/** The tip in a tip message (`💡 title`, a blank line, the tip). */
const tipOf = (text: string | undefined) => (text ?? '').split('\n\n').slice(1).join('\n\n');

/** Sends an inline query and waits for the bot's answer to it. */
async function inline(user: SimUser, query: string): Promise<ApiCall> {
  const id = user.inlineQuery(query).inline_query!.id;
  return api.waitForCall('answerInlineQuery', (call) => call.payload.inline_query_id === id);
}

function articlesOf(call: ApiCall): InlineQueryResultArticle[] {
  const results = call.payload.results;
  return (typeof results === 'string' ? JSON.parse(results) : results) as InlineQueryResultArticle[];
}

const messageText = (article: InlineQueryResultArticle) =>
  'message_text' in article.input_message_content ? article.input_message_content.message_text : undefined;

describe('quick tips in Telegram', () => {
  it('/tip lists the situations as buttons; each press sends a tip, a different one every time', async () => {
    const user = newUser();
    user.sendCommand('/tip');
    const menu = await user.waitForMessage();
    expect(menu.text).toMatch(/哪种情况/);
    const buttons = menu.reply_markup!.inline_keyboard.flat();
    expect(buttons).toHaveLength(12);
    expect(buttons).toContainEqual({ text: '观众流失', callback_data: 'tip:viewers-leaving' });

    user.pressButton('tip:viewers-leaving', menu);
    const first = await user.waitForMessage();
    expect(first.text).toMatch(/^💡 观众流失\n\n/);
    expect(tipTexts('viewers-leaving', 'zh')).toContain(tipOf(first.text));

    user.pressButton('tip:viewers-leaving', menu);
    const second = await user.waitForMessage();
    expect(tipTexts('viewers-leaving', 'zh')).toContain(tipOf(second.text));
    expect(tipOf(second.text)).not.toBe(tipOf(first.text));

    // "Another one" under a tip keeps rotating.
    user.pressButton('tip:viewers-leaving', second);
    const third = await user.waitForMessage();
    expect([tipOf(first.text), tipOf(second.text)]).not.toContain(tipOf(third.text));
    expect(api.callsTo('answerCallbackQuery').length).toBeGreaterThanOrEqual(3);

    user.pressButton('tip:menu', third);
    expect((await user.waitForMessage()).reply_markup!.inline_keyboard.flat()).toHaveLength(12);
  });

  it('/tip 太贵了 sends a price-objection tip at once', async () => {
    const user = newUser();
    user.sendCommand('/tip 太贵了');
    const reply = await user.waitForMessage();
    expect(reply.text).toMatch(/^💡 嫌贵\n\n/);
    expect(tipTexts('price-objection', 'zh')).toContain(tipOf(reply.text));
    // The next press of "another one" moves on from the tip just sent.
    user.pressButton('tip:price-objection', reply);
    const next = await user.waitForMessage();
    expect(tipTexts('price-objection', 'zh')).toContain(tipOf(next.text));
    expect(tipOf(next.text)).not.toBe(tipOf(reply.text));
  });

  it('answers in English for an English client, and says so when nothing matches', async () => {
    const user = newUser('en');
    user.sendCommand('/tip viewers leaving');
    const reply = await user.waitForMessage();
    expect(reply.text).toMatch(/^💡 Viewers leaving\n\n/);
    expect(tipTexts('viewers-leaving', 'en')).toContain(tipOf(reply.text));

    user.sendCommand('/tip quantum physics');
    const none = await user.waitForMessage();
    expect(none.text).toMatch(/no tip for "quantum physics"/);
    expect(none.reply_markup!.inline_keyboard.flat()).toContainEqual({
      text: 'Price objections',
      callback_data: 'tip:price-objection',
    });
  });

  it('answers an inline query "留人" with tip articles to send into any chat', async () => {
    const user = newUser('en');
    const call = await inline(user, '留人');
    expect(call.response?.ok).toBe(true);
    expect(call.payload.cache_time).toBeLessThanOrEqual(60);
    const articles = articlesOf(call);
    expect(articles.length).toBeGreaterThanOrEqual(3);
    expect(articles.length).toBeLessThanOrEqual(20);
    const zhTips = new Set(finder.situations('zh').flatMap((s) => tipTexts(s.key, 'zh')));
    for (const article of articles) {
      expect(article.type).toBe('article');
      expect(zhTips.has(messageText(article)!)).toBe(true);
      expect(article.description).toBe(messageText(article));
    }
    expect(articles[0]!.title).toBe('观众流失');
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
  });

  it('answers inline in the client language for a non-Chinese query, and offers defaults when empty', async () => {
    const user = newUser('en');
    const english = articlesOf(await inline(user, 'too expensive'));
    expect(english[0]!.title).toBe('Price objections');
    expect(tipTexts('price-objection', 'en')).toContain(messageText(english[0]!));

    const empty = articlesOf(await inline(newUser(), ''));
    expect(empty.length).toBeGreaterThanOrEqual(4);
    expect(new Set(empty.map((a) => a.title))).toEqual(new Set(['观众流失', '没人说话']));

    const nothing = await inline(user, 'quantum physics homework');
    expect(nothing.response?.ok).toBe(true);
    expect(articlesOf(nothing)).toEqual([]);
  });
});
