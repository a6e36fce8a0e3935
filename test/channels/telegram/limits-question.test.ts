/** Which Telegram updates count as questions for the limits. */
import { Api, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { isQuestion } from '../../../src/channels/telegram/features/limits.ts';

const me = { id: 1, is_bot: true, first_name: 'Cunbo', username: 'cunbo_bot' } as UserFromGetMe;
const from = { id: 5, is_bot: false, first_name: '老李' };
const chat = { id: 5, type: 'private' as const, first_name: '老李' };

function ctxOf(message: Record<string, unknown>): Context {
  const update = { update_id: 1, message: { message_id: 1, date: 0, chat, from, ...message } } as Update;
  return new Context(update, new Api('1:x'), me);
}

describe('isQuestion', () => {
  it('counts free text, voice and the commands that call the model', () => {
    expect(isQuestion(ctxOf({ text: '直播间没人说话怎么办？' }))).toBe(true);
    expect(isQuestion(ctxOf({ voice: { file_id: 'v', file_unique_id: 'u', duration: 3 } }))).toBe(true);
    expect(
      isQuestion(ctxOf({ video_note: { file_id: 'v', file_unique_id: 'u', length: 1, duration: 3 } })),
    ).toBe(true);
    expect(isQuestion(ctxOf({ text: '/script 鹿茸片 99元' }))).toBe(true);
    expect(isQuestion(ctxOf({ text: '/check@cunbo_bot 最好的鹿茸' }))).toBe(true);
  });

  it('leaves cheap commands, stickers and button presses alone', () => {
    for (const text of ['/start', '/help', '/learn', '/tip 太贵', '/progress', '/scripts', '/limits'])
      expect(isQuestion(ctxOf({ text })), text).toBe(false);
    expect(isQuestion(ctxOf({ sticker: { file_id: 's', file_unique_id: 'u', type: 'regular' } }))).toBe(
      false,
    );
    const press = new Context(
      {
        update_id: 2,
        callback_query: { id: 'q', from, chat_instance: 'c', data: 'fb:up:1' },
      } as Update,
      new Api('1:x'),
      me,
    );
    expect(isQuestion(press)).toBe(false);
  });
});
