/** Trainer commands end to end: /stats and /gaps for trainers only. */
import { describe, expect, it } from 'vitest';
import { useBotWorld } from '../../support/test-bot.ts';

const trainerId = 99001;
const world = useBotWorld({ model: false, extra: { TRAINER_IDS: String(trainerId) } });

describe('trainer commands', () => {
  it('show trainers activity, answers and the grouped gaps; others get the ordinary bot', async () => {
    const learner = world.api.user({ id: 99002, first_name: '学员', language_code: 'zh-hans' });
    const other = world.api.user({ id: 99003, first_name: '学员2', language_code: 'zh-hans' });
    for (const [user, question] of [
      [learner, '蓝V要多少钱'],
      [learner, '鹿场的环评怎么做？'],
      [other, '鹿场环评咋做'],
    ] as const) {
      user.send(question);
      await user.waitForMessage();
    }

    const trainer = world.api.user({ id: trainerId, first_name: '老师', language_code: 'zh-hans' });
    trainer.sendCommand('/stats');
    const stats = (await trainer.waitForMessage()).text!;
    expect(stats).toMatch(/^📈 最近7天\n活跃学员: 2 · 提问: 3\n答上了: 1 · 知识库没覆盖: 2/);
    expect(stats).toMatch(/按方向: account 1/);

    trainer.sendCommand('/gaps');
    const gaps = (await trainer.waitForMessage()).text!;
    expect(gaps).toMatch(/^📝 知识库没答上的问题（按相似分组）\n1\. 鹿场的环评怎么做？ \(2次\)/);

    learner.sendCommand('/stats');
    expect((await learner.waitForMessage()).text).toMatch(/^用法：直接发问题给我/);
  });

  it('takes 👍/👎 on an answer, and a note on what was wrong, stored with the turn', async () => {
    const learner = world.api.user({ id: 99004, first_name: '学员3', language_code: 'zh-hans' });
    learner.send('蓝V要多少钱');
    const answer = await learner.waitForMessage();
    const buttons = (answer.reply_markup?.inline_keyboard.flat() ?? []).map((b) =>
      'callback_data' in b ? b.callback_data : '',
    );
    const down = buttons.find((data) => data?.startsWith('fb:down:'))!;
    expect(buttons.some((data) => data?.startsWith('fb:up:'))).toBe(true);
    learner.pressButton(down);
    const ask = await learner.waitForMessage((m) => /哪里不对/.test(m.text ?? ''));
    learner.send('价格说得不清楚', { reply_to_message: ask as never });
    expect((await learner.waitForMessage()).text).toBe('记下了，会转给培训老师。');
    const turnId = down.slice('fb:down:'.length);
    const stored = JSON.parse(
      (await world.bot.app.redis.client.hGet(`${world.env.REDIS_PREFIX}v1:feedback:tg:99004`, turnId))!,
    );
    expect(stored).toMatchObject({ vote: 'down', note: '价格说得不清楚' });
    const turns = await world.bot.app.memory.recentTurns(20);
    expect(turns.find((t) => t.logId === turnId)?.question).toBe('蓝V要多少钱');
  });
});
