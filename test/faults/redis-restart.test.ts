/**
 * Redis restarted mid-conversation, with the real bot on its own redis-server (append-only file on): while
 * Redis is down every message still gets an answer or a "please try again", never silence; once it is back
 * the client reconnects by itself and the learner's progress is all there.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotApiServer, type SimUser, startBotApiServer } from '../support/bot-api-server.ts';
import { freePort } from '../support/listen.ts';
import { startTestBot, type TestBot, testEnv } from '../support/test-bot.ts';

/** A redis-server child on `port` with its append-only file in `dir` (fsync on every write). */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200; i++) {
    if (await answersPing(port)) return child;
    await sleep(25);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(300);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      done(data.toString().startsWith('+PONG'));
    });
    socket.on('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.on('error', () => done(false));
  });
}

async function stopRedis(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

let dir: string;
let port: number;
let redis: ChildProcess;
let api: BotApiServer;
let bot: TestBot;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cunbo-redis-restart-'));
  port = await freePort();
  redis = await startRedis(port, dir);
  api = await startBotApiServer();
  bot = await startTestBot(testEnv(api, undefined, { REDIS_URL: `redis://127.0.0.1:${port}` }));
});
afterAll(async () => {
  await bot?.stop();
  await api?.close();
  if (redis) await stopRedis(redis, 'SIGTERM');
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function progressOf(user: SimUser): Promise<string> {
  user.sendCommand('/progress');
  return (await user.waitForMessage((m) => /学习进度/.test(m.text ?? ''))).text!;
}

describe('Redis restarted mid-conversation', () => {
  it('answers or asks to try again while Redis is down, reconnects, and keeps the progress', async () => {
    const user = api.user({ id: 44001, first_name: '老周', language_code: 'zh-hans' });
    user.sendCommand('/learn');
    const card = await user.waitForMessage((m) => /ln:done:/.test(JSON.stringify(m.reply_markup ?? {})));
    const topic = /ln:done:([\w-]+)/.exec(JSON.stringify(card.reply_markup))![1]!;
    user.pressButton(`ln:done:${topic}`);
    await user.waitForMessage((m) => /这一课的任务/.test(m.text ?? ''));
    const progress = await progressOf(user);
    expect(progress).toMatch(/1\/\d+ 课/);

    // The server dies (SIGKILL: no goodbye to clients) …
    await stopRedis(redis, 'SIGKILL');
    // … and the user carries on: a question is answered from the knowledge base (memory is skipped) …
    let started = Date.now();
    user.send('直播间没人说话怎么办？');
    const answer = await user.waitForMessage(undefined, 5_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(answer.text).toMatch(/互动/);
    // … and what needs Redis (progress) says "please try again" instead of going silent.
    started = Date.now();
    user.sendCommand('/progress');
    const sorry = await user.waitForMessage(undefined, 5_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(sorry.text).toBe('抱歉，我这边暂时出了点问题，没能回答。请过一会儿再问一次，你的学习记录都还在。');

    // Redis comes back on the same port and data directory; the client reconnects on its own.
    redis = await startRedis(port, dir);
    const client = bot.app.redis.client;
    for (let i = 0; i < 100 && !client.isReady; i++) await sleep(50);
    expect(client.isReady).toBe(true);

    expect(await progressOf(user)).toBe(progress);
    user.send('直播间没人说话怎么办？');
    await user.waitForMessage(undefined, 5_000);
    const turns = await bot.app.memory.recentTurns(5);
    expect(turns.filter((t) => t.userId === 'tg:44001').length).toBeGreaterThanOrEqual(1);
  });
});
