/** Which updates reach command-and-button features, and which skip them. */
import { Api, Composer, Context } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { mayBeCommandOrButton, onlyFor } from '../../../src/channels/telegram/commands-and-buttons.ts';
import type { BotContext } from '../../../src/channels/telegram/context.ts';

const me = { id: 1, is_bot: true, first_name: 'Cunbo', username: 'cunbo_bot' } as UserFromGetMe;
const from = { id: 7, is_bot: false, first_name: '老王' };
const chat = { id: 7, type: 'private' as const, first_name: '老王' };

function ctx(update: Omit<Update, 'update_id'>): Context {
  return new Context({ update_id: 1, ...update } as Update, new Api('1:x'), me);
}

function message(text: string, extra: Record<string, unknown> = {}) {
  return { message: { message_id: 1, date: 0, chat, from, text, ...extra } } as Omit<Update, 'update_id'>;
}

describe('mayBeCommandOrButton', () => {
  it('lets commands, buttons and inline queries through', () => {
    expect(mayBeCommandOrButton(ctx(message('/learn')))).toBe(true);
    expect(mayBeCommandOrButton(ctx(message('/check@cunbo_bot 最好的鹿茸')))).toBe(true);
    expect(
      mayBeCommandOrButton(
        ctx({ callback_query: { id: '1', from, chat_instance: '1', data: 'ln:done' } } as never),
      ),
    ).toBe(true);
    expect(mayBeCommandOrButton(ctx({ inline_query: { id: '1', from, query: '留人', offset: '' } }))).toBe(
      true,
    );
  });

  it('sends plain questions, voice notes and replies past them', () => {
    expect(mayBeCommandOrButton(ctx(message('直播间没人说话怎么办？')))).toBe(false);
    expect(mayBeCommandOrButton(ctx(message('价格 / 规格怎么讲')))).toBe(false);
    expect(
      mayBeCommandOrButton(
        ctx({ message: { message_id: 2, date: 0, chat, from, voice: {} } } as Omit<Update, 'update_id'>),
      ),
    ).toBe(false);
  });
});

describe('onlyFor', () => {
  it('runs the feature for the updates it allows (sync or async test) and passes the rest on', async () => {
    const seen: string[] = [];
    const feature = new Composer<BotContext>();
    const allowed = onlyFor(() => true, feature);
    const refused = onlyFor(async () => false, feature);
    // Added after the guards were made: still counts.
    feature.use((_ctx, next) => {
      seen.push('feature');
      return next();
    });
    const next = async () => void seen.push('next');
    await allowed(ctx(message('hi')) as BotContext, next);
    await refused(ctx(message('hi')) as BotContext, next);
    expect(seen).toEqual(['feature', 'next', 'next']);
  });
});
