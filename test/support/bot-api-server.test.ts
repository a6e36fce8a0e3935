import { Bot, GrammyError, InlineKeyboard, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BotApiServer, startBotApiServer } from './bot-api-server.ts';

const token = '123456:TEST-token';

describe('fake Bot API server', () => {
  let telegram: BotApiServer;
  let bot: Bot;

  beforeEach(async () => {
    telegram = await startBotApiServer();
    bot = new Bot(token, { client: { apiRoot: telegram.apiRoot } });
    bot.catch((error) => {
      throw error.error;
    });
  });

  afterEach(async () => {
    if (bot.isRunning()) await bot.stop();
    await telegram.close();
  });

  /** Starts long polling and resolves once grammY is polling. */
  async function startPolling(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      bot.start({ onStart: () => resolve() }).catch(reject);
    });
  }

  it('runs a long-polling bot: a user message arrives and the reply is recorded', async () => {
    bot.command('start', (ctx) => ctx.reply(`Hello, ${ctx.from?.first_name}! payload=${ctx.match}`));
    bot.on('message:text', (ctx) =>
      ctx.reply(`<b>echo</b>: ${ctx.msg.text}`, {
        parse_mode: 'HTML',
        reply_markup: new InlineKeyboard().text('More', 'more'),
      }),
    );
    bot.callbackQuery('more', async (ctx) => {
      await ctx.answerCallbackQuery('ok');
      await ctx.editMessageText('expanded');
    });
    await startPolling();

    const ann = telegram.user({ id: 42, first_name: 'Ann', language_code: 'zh-hans' });
    const started = ann.waitForMessage();
    ann.sendCommand('/start ref-7');
    expect((await started).text).toBe('Hello, Ann! payload=ref-7');

    const echoed = ann.waitForMessage();
    ann.send('  hi there ');
    const echo = await echoed;
    expect(echo).toMatchObject({
      chat: { id: 42, type: 'private' },
      from: { id: telegram.botInfo.id, is_bot: true },
      text: 'echo: hi there',
      entities: [{ type: 'bold', offset: 0, length: 4 }],
      reply_markup: { inline_keyboard: [[{ text: 'More', callback_data: 'more' }]] },
    });
    expect(echo.message_id).toBeGreaterThan((await started).message_id);

    const edited = ann.waitForMessage((m) => m.text === 'expanded');
    const press = ann.pressButton('more');
    const after = await edited;
    expect(after.reply_markup).toBeUndefined();
    expect(after.edit_date).toBeTypeOf('number');
    expect(ann.messages().map((m) => m.text)).toEqual(['Hello, Ann! payload=ref-7', 'expanded']);
    expect(telegram.callsTo('answerCallbackQuery')[0]?.payload).toEqual({
      callback_query_id: press.callback_query?.id,
      text: 'ok',
    });

    await bot.stop();
    // stop() confirms the last offset, so nothing is delivered twice.
    expect(telegram.callsTo('getUpdates').at(-1)?.payload.offset).toBe(press.update_id + 1);
  });

  it('injects a 429 with retry_after that the client sees', async () => {
    const ann = telegram.user({ id: 42, first_name: 'Ann' });
    telegram.failNext('sendMessage', { error_code: 429, retry_after: 7 });
    const error = await bot.api.sendMessage(ann.id, 'hi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    await bot.api.sendMessage(ann.id, 'hi');
    expect(ann.lastMessage()?.text).toBe('hi');
  });

  it('validates text like Telegram', async () => {
    const ann = telegram.user({ id: 42, first_name: 'Ann' });
    const group = telegram.group({ id: -100_123, title: 'Shop owners' });
    const fail = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (e: unknown) => e as GrammyError,
      );

    const unbalanced = await fail(bot.api.sendMessage(ann.id, '<b>bold <i>both</b>', { parse_mode: 'HTML' }));
    expect(unbalanced).toMatchObject({ error_code: 400 });
    expect(unbalanced?.description).toMatch(/^Bad Request: can't parse entities: Unmatched end tag/);
    const unsupported = await fail(bot.api.sendMessage(ann.id, '<div>x</div>', { parse_mode: 'HTML' }));
    expect(unsupported?.description).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "div" at byte offset 0`,
    );
    expect((await fail(bot.api.sendMessage(ann.id, ' \n')))?.description).toBe(
      'Bad Request: message text is empty',
    );
    expect((await fail(bot.api.sendMessage(ann.id, '好'.repeat(4097))))?.description).toBe(
      'Bad Request: message is too long',
    );
    expect(await bot.api.sendMessage(ann.id, '😀'.repeat(2048))).toMatchObject({ text: '😀'.repeat(2048) });
    expect((await fail(bot.api.sendMessageDraft(group.id, 1, 'thinking')))?.error_code).toBe(400);
    expect(await bot.api.sendMessageDraft(ann.id, 1, 'thinking')).toBe(true);
    expect(ann.drafts()).toEqual([{ chat_id: 42, draft_id: 1, text: 'thinking' }]);
    expect((await fail(bot.api.sendMessage(999, 'hi')))?.description).toBe('Bad Request: chat not found');
    const unknown = await fetch(`${telegram.apiRoot}/bot${token}/noSuchMethod`, { method: 'POST' });
    expect(await unknown.json()).toEqual({
      ok: false,
      error_code: 404,
      description: 'Not Found: method not found',
    });
  });

  it('accepts uploads and serves downloads', async () => {
    const ann = telegram.user({ id: 42, first_name: 'Ann' });
    const sent = await bot.api.sendDocument(ann.id, new InputFile(Buffer.from('a,b\n1,2\n'), 'sales.csv'), {
      caption: 'your <b>report</b>',
      parse_mode: 'HTML',
    });
    expect(sent.document).toMatchObject({ file_name: 'sales.csv', file_size: 8 });
    expect(sent.caption).toBe('your report');
    const upload = telegram.callsTo('sendDocument')[0]!;
    expect(upload.payload.caption).toBe('your <b>report</b>');
    expect(upload.files[0]).toMatchObject({ filename: 'sales.csv' });
    expect(upload.files[0]?.data.toString()).toBe('a,b\n1,2\n');

    ann.sendVoice({ file_id: 'voice-1', duration: 3, data: Buffer.from('OggS…') });
    const file = await bot.api.getFile('voice-1');
    const download = await fetch(`${telegram.apiRoot}/file/bot${token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('OggS…');
  });

  it('simulates a group with privacy mode', async () => {
    bot.command('ask', (ctx) => ctx.reply(`asked: ${ctx.match}`));
    bot.on('message:text', (ctx) => ctx.reply('saw it'));
    await startPolling();
    const ann = telegram.user({ id: 42, first_name: 'Ann' });
    const group = telegram.group({ id: -1_001_234_567_890, title: 'Village shops' });
    expect(group.chat.type).toBe('supergroup');
    expect(group.send(ann, 'chatting among ourselves')).toBeUndefined();
    const answered = group.waitForMessage();
    group.sendCommand(ann, `/ask@${telegram.botInfo.username} price of tea?`);
    expect(await answered).toMatchObject({ text: 'asked: price of tea?', chat: { id: group.id } });
    const mentioned = group.waitForMessage();
    expect(group.send(ann, `@${telegram.botInfo.username} hello`)?.message?.entities?.[0]?.type).toBe(
      'mention',
    );
    expect((await mentioned).text).toBe('saw it');
    expect(ann.messages()).toEqual([]);
  });

  it('holds a long poll until an update arrives, and close() releases it promptly', async () => {
    const ann = telegram.user({ id: 42, first_name: 'Ann' });
    const started = Date.now();
    const poll = bot.api.getUpdates({ timeout: 30 });
    setTimeout(() => ann.send('late'), 50);
    const [update] = await poll;
    expect(update?.message?.text).toBe('late');
    expect(Date.now() - started).toBeLessThan(1000);

    const held = bot.api.getUpdates({ offset: update!.update_id + 1, timeout: 30 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = Date.now();
    await telegram.close();
    expect(await held).toEqual([]);
    expect(Date.now() - closing).toBeLessThan(1000);
  });

  it('explains a waitForMessage timeout', async () => {
    const ann = telegram.user({ id: 42, first_name: 'Ann' });
    await bot.api.sendMessage(ann.id, 'first');
    const waiting = ann.waitForMessage(undefined, 50);
    await bot.api.sendMessage(ann.id, '<b>x', { parse_mode: 'HTML' }).catch(() => {});
    await expect(waiting).rejects.toThrow(
      /no new bot message in private chat 42 \(Ann\)[\s\S]*#1 "first"[\s\S]*sendMessage chat 42 → 400/,
    );
  });
});
