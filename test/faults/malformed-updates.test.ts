/**
 * Malformed and oversized updates through the real bot: a 100 KB message is refused politely (nothing of it
 * reaches the model, the logs or Redis), unknown update types and messages without a sender are ignored
 * without an error, and the bot keeps answering afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxQuestionLength } from '../../src/core/coach.ts';
import { type BotApiServer, startBotApiServer } from '../support/bot-api-server.ts';
import { type CapturedLogs, captureLogs } from '../support/log-capture.ts';
import { type OpenAiServer, startOpenAiServer } from '../support/openai-server.ts';
import { keysUnder } from '../support/redis.ts';
import { startTestBot, type TestBot, testEnv } from '../support/test-bot.ts';

let api: BotApiServer;
let openai: OpenAiServer;
let bot: TestBot;
let env: Record<string, string>;
let logs: CapturedLogs;

beforeAll(async () => {
  api = await startBotApiServer();
  openai = await startOpenAiServer();
  env = testEnv(api, openai, { LOG_LEVEL: 'trace' });
  logs = captureLogs();
  bot = await startTestBot(env, { logTo: logs.stream });
});
afterAll(async () => {
  await bot?.stop();
  await api?.close();
  await openai?.close();
});

/** Log lines at warn or above (pino: 40 = warn, 50 = error). */
function problems(): Record<string, unknown>[] {
  return logs.lines().filter((line) => Number(line.level) >= 40);
}

describe('malformed and huge updates', () => {
  it('refuses a 100 KB message with "too long", and none of it reaches the model, the logs or Redis', async () => {
    const user = api.user({ id: 66001, first_name: '小王', language_code: 'zh-hans' });
    // Unique, so any copy of it anywhere can be found.
    const huge = `直播间没人说话怎么办${'鹿茸片多少钱'.repeat(17_000)}ZZ-END-MARKER`;
    expect(huge.length).toBeGreaterThan(100_000);
    const modelCalls = openai.chatRequests().length;
    user.send(huge);
    const reply = await user.waitForMessage();
    expect(reply.text).toBe(
      `这条消息太长了（最多${maxQuestionLength}字），我没有读。请把问题说得短一点再发给我。`,
    );
    expect(openai.chatRequests().length).toBe(modelCalls);
    expect(logs.text()).not.toContain('鹿茸片多少钱鹿茸片多少钱');
    expect(logs.text()).not.toContain('ZZ-END-MARKER');
    const { redis } = bot.app;
    for (const key of await keysUnder(redis.client, env.REDIS_PREFIX!)) {
      const type = await redis.client.type(key);
      const dump =
        type === 'string'
          ? await redis.client.get(key)
          : type === 'hash'
            ? JSON.stringify(await redis.client.hGetAll(key))
            : type === 'list'
              ? JSON.stringify(await redis.client.lRange(key, 0, -1))
              : type === 'stream'
                ? JSON.stringify(await redis.client.xRange(key, '-', '+'))
                : '';
      expect(dump ?? '', key).not.toContain('ZZ-END-MARKER');
    }
    // A question of ordinary length right after is answered by the model as usual.
    user.send('直播间没人说话怎么办？');
    expect((await user.waitForMessage()).text).toMatch(/^Hello from the fake OpenAI server/);
    expect(problems()).toEqual([]);
  });

  it('ignores unknown update types and messages with no sender, without an error, and keeps answering', async () => {
    const user = api.user({ id: 66002, first_name: '小赵', language_code: 'zh-hans' });
    user.send('你好');
    await user.waitForMessage();
    const before = user.messages().length;
    const chat = { id: 66002, type: 'private' as const, first_name: '小赵' };
    // A reaction (not in allowed_updates, delivered anyway as a webhook without a filter would) …
    api.pushUpdate(
      {
        message_reaction: {
          chat,
          message_id: user.lastMessage()!.message_id,
          user: user.user,
          date: Math.floor(Date.now() / 1000),
          old_reaction: [],
          new_reaction: [{ type: 'emoji', emoji: '👍' }],
        },
      },
      { ignoreAllowed: true },
    );
    // … an update type Telegram may add one day …
    api.pushUpdate({ future_thing: { chat, payload: 'x' } } as never, { ignoreAllowed: true });
    // … and a message with no `from` (and no text).
    api.pushUpdate({ message: { message_id: 999_001, date: Math.floor(Date.now() / 1000), chat } as never });
    // A message with text but no `from`.
    api.pushUpdate({
      message: {
        message_id: 999_002,
        date: Math.floor(Date.now() / 1000),
        chat,
        text: '谁在说话？',
      } as never,
    });
    user.send('直播间没人说话怎么办？');
    const answer = await user.waitForMessage();
    expect(answer.text).toMatch(/^Hello from the fake OpenAI server/);
    // Nothing was sent for the four odd updates: only the answer to the real question is new.
    expect(user.messages().length).toBe(before + 1);
    expect(problems()).toEqual([]);
  });
});
