/**
 * How an answer reaches a private chat, call by call: what the user sees first and how many Bot API calls
 * it costs (the throughput benchmark counts on the cheap path for answers written all at once).
 */
import { describe, expect, it } from 'vitest';
import { offlineLead, useBotWorld } from '../../support/test-bot.ts';

const world = useBotWorld();
let nextUserId = 5_000;

function newUser() {
  nextUserId += 1;
  return world.api.user({ id: nextUserId, first_name: '小王', language_code: 'zh-hans' });
}

function callsIn(chatId: number): string[] {
  return world.api.calls.filter((call) => Number(call.payload.chat_id) === chatId).map((call) => call.method);
}

describe('reply pacing in private chats', () => {
  it('sends an answer written all at once as one message: no typing, no draft', async () => {
    await world.restart({ model: false });
    const user = newUser();
    user.send('直播间没人说话怎么办？');
    const answer = await user.waitForMessage();
    const lead = await offlineLead(world.bot.app, '直播间没人说话怎么办？', 'zh');
    expect(answer.text!.slice(0, 12)).toBe(lead.slice(0, 12));
    expect(callsIn(user.id)).toEqual(['sendMessage']);
  });

  it('shows typing while a slow model thinks, then the text as drafts, then the message', async () => {
    await world.restart({ model: true });
    const user = newUser();
    world.openai.setChatHandler(() => ({
      text: '开播前一到三小时发预告视频，写好排品和话术[1]。',
      delayMs: 700,
      chunkSize: 4,
      chunkDelayMs: 30,
    }));
    user.send('直播前要做啥准备？');
    const answer = await user.waitForMessage(undefined, 10_000);
    const calls = callsIn(user.id);
    expect(calls[0]).toBe('sendChatAction');
    expect(calls).toContain('sendMessageDraft');
    expect(calls.at(-1)).toBe('sendMessage');
    // Drafts show the answer as it grows: the first is a start of the final text.
    const first = String(user.drafts()[0]?.text);
    expect(first.length).toBeGreaterThan(0);
    // A draft shows the finished clauses; one still being written is "…".
    expect(answer.text?.startsWith(first.replace(/…$/u, ''))).toBe(true);
  });

  it('shows the first words of a fast model at once, without a typing indicator first', async () => {
    const user = newUser();
    world.openai.setChatHandler(() => ({
      text: '视频号也一样，先发预告再开播[1]。',
      chunkSize: 3,
      chunkDelayMs: 40,
    }));
    user.send('直播前要做啥准备？');
    await user.waitForMessage(undefined, 10_000);
    const calls = callsIn(user.id);
    expect(calls[0]).toBe('sendMessageDraft');
    expect(calls).not.toContain('sendChatAction');
  });
});
