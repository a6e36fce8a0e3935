/** Telegram answering 429 with retry_after: the bot waits that long, resends once, and the user gets one message. */
import { describe, expect, it } from 'vitest';
import { useBotWorld } from '../support/test-bot.ts';

const world = useBotWorld({ model: false });

describe('Telegram 429', () => {
  it('waits retry_after before resending, and the user sees the answer once', async () => {
    const user = world.api.user({ id: 55001, first_name: '小孙', language_code: 'zh-hans' });
    world.api.failNext('sendMessage', { error_code: 429, retry_after: 2 });
    const delivered = world.api.waitForCall(
      'sendMessage',
      (call) => Number(call.payload.chat_id) === 55001 && call.response?.ok === true,
      10_000,
    );
    user.send('直播间没人说话怎么办？');
    const reply = await user.waitForMessage(undefined, 10_000);
    await delivered;
    expect(reply.text).toMatch(/互动/);

    const sends = world.api.callsTo('sendMessage', 55001);
    expect(sends).toHaveLength(2);
    expect(sends[0]!.response).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 2 } });
    expect(sends[1]!.response).toMatchObject({ ok: true });
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(2_000);
    expect(sends[1]!.payload.text).toBe(sends[0]!.payload.text);
    expect(user.messages()).toHaveLength(1);

    const { body } = await world.bot.app.metrics.expose();
    expect(body).toMatch(/^cunbo_telegram_api_errors_total\{code="429"\} 1$/m);
  });
});
