/**
 * Long polling works on at most `concurrency` updates at once (POLLING_CONCURRENCY); the rest wait at
 * Telegram and are handled as slots free. Real grammY runner against the loopback Bot API. (The runner asks
 * for as many updates as it has free slots, so the bound holds from its second request on; the very first,
 * at start-up, may bring up to 100.)
 */
import { Bot } from 'grammy';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BotContext } from '../../../src/channels/telegram/context.ts';
import { runBot } from '../../../src/channels/telegram/run.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { startBotApiServer } from '../../support/bot-api-server.ts';

const api = await startBotApiServer();
afterAll(() => api.close());

describe('runBot', () => {
  it('handles at most `concurrency` updates at once and every one in the end', async () => {
    const bot = new Bot<BotContext>('123:run-test', {
      botInfo: api.botInfo,
      client: { apiRoot: api.apiRoot },
    });
    let active = 0;
    let mostActive = 0;
    const handled: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    bot.on('message:text', async (ctx) => {
      if (ctx.message.text === 'warm-up') return void handled.push('warm-up');
      active++;
      mostActive = Math.max(mostActive, active);
      await gate;
      handled.push(ctx.message.text);
      active--;
    });
    const running = await runBot(bot, createLogger('silent'), { concurrency: 2, drainTimeoutMs: 2_000 });
    try {
      api.user({ id: 5_099, first_name: 'Early' }).send('warm-up');
      await vi.waitFor(() => expect(handled).toEqual(['warm-up']), { timeout: 5_000, interval: 10 });
      for (let n = 0; n < 6; n++) api.user({ id: 5_100 + n, first_name: `U${n}` }).send(`q${n}`);
      await vi.waitFor(() => expect(active).toBe(2), { timeout: 5_000, interval: 10 });
      // Four chats are waiting, yet no third update is taken while both slots are busy.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(mostActive).toBe(2);
      release();
      await vi.waitFor(() => expect(handled).toHaveLength(7), { timeout: 5_000, interval: 10 });
      expect(mostActive).toBe(2);
    } finally {
      release();
      await running.stop();
    }
  });
});
