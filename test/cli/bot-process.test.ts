/**
 * `npm start` as an operator runs it: the real `cunbo bot` process against a Bot API server and an
 * OpenAI-compatible server on loopback. It answers, stops cleanly on SIGTERM, and never logs secrets.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotApiServer, startBotApiServer } from '../support/bot-api-server.ts';
import { type OpenAiServer, startOpenAiServer } from '../support/openai-server.ts';
import { testEnv, testToken } from '../support/test-bot.ts';

let api: BotApiServer;
let openai: OpenAiServer;
let bot: ChildProcess;
let logs = '';

beforeAll(async () => {
  api = await startBotApiServer();
  openai = await startOpenAiServer({ handler: () => '先定好直播时间和排品[1]。' });
  bot = spawn(process.execPath, ['bin/cunbo.js', 'bot'], {
    env: { PATH: process.env.PATH, ...testEnv(api, openai, { LOG_LEVEL: 'info' }) },
  });
  bot.stdout!.on('data', (data) => {
    logs += data;
  });
  bot.stderr!.on('data', (data) => {
    logs += data;
  });
});

afterAll(async () => {
  if (bot.exitCode === null) bot.kill('SIGKILL');
  await api.close();
  await openai.close();
});

describe('cunbo bot (the process npm start runs)', () => {
  it('greets, answers with the model, and stops cleanly on SIGTERM without logging secrets', async () => {
    const user = api.user({ id: 4242, first_name: 'Wang', language_code: 'en' });
    const t0 = Date.now();
    user.sendCommand('/start');
    expect((await user.waitForMessage(undefined, 15_000)).text).toMatch(/^Hello Wang! I'm Cunbo/);
    expect((await user.waitForMessage()).text).toMatch(/^Let's get to know each other/);

    console.log('greeting after', Date.now() - t0, 'ms');
    user.send('How do I plan my first live stream?');
    expect((await user.waitForMessage(undefined, 10_000)).text).toMatch(
      /^先定好直播时间和排品\[1\]。\n\n📚 Sources:\n\[1\] /,
    );
    expect(openai.requests.at(-1)?.headers.authorization).toBe('Bearer test-key');

    const stopAt = Date.now();
    bot.kill('SIGTERM');
    const [code] = await once(bot, 'exit');
    expect(code).toBe(0);
    console.log('stop took', Date.now() - stopAt, 'ms');
    expect(logs).toMatch(/"msg":"bot polling"/);
    expect(logs).not.toContain(testToken.split(':')[1]);
    expect(logs).not.toContain('test-key');
  });
});
