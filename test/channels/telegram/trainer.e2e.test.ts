/** Trainer commands end to end: /stats, /gaps and cohorts (with their QR code) for trainers only. */
import { describe, expect, it } from 'vitest';
import { qrPng } from '../../../src/channels/telegram/cohort-qr.ts';
import { useBotWorld } from '../../support/test-bot.ts';

const trainerId = 99001;
const otherTrainerId = 99010;
const adminId = 99011;
const world = useBotWorld({
  model: false,
  extra: { TRAINER_IDS: `${trainerId},${otherTrainerId}`, ADMIN_IDS: String(adminId) },
});

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
    expect(stats).toMatch(/^📈 最近7天\n活跃学员: 2 · 提问: 3\n答上了: 1 · 知识库没覆盖: 2 · 👍 0 · 👎 0/);
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
    const trainer = world.api.user({ id: trainerId, first_name: '老师', language_code: 'zh-hans' });
    trainer.sendCommand('/stats');
    expect((await trainer.waitForMessage()).text).toMatch(/👍 0 · 👎 1/);
  });

  it('creates a cohort with a deep link; learners who join through it show in /learners, for its trainer and admins only', async () => {
    const trainer = world.api.user({ id: trainerId, first_name: '老师', language_code: 'zh-hans' });
    trainer.sendCommand('/cohort 鹿乡一组');
    const photo = await trainer.waitForMessage();
    const code = /\?start=([a-z0-9]+)$/.exec(photo.caption!)![1]!;
    const link = `https://t.me/cunbo_test_bot?start=${code}`;
    expect(photo.caption).toBe(`鹿乡一组 (${code})\n${link}`);
    // The photo is the QR code of exactly that link (the PNG encoding is deterministic).
    const [upload] = world.api.callsTo('sendPhoto', trainerId).at(-1)!.files;
    expect(upload!.data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(upload!.data.equals(await qrPng(link))).toBe(true);
    expect(upload!.data.equals(await qrPng(`${link}x`))).toBe(false);

    const learner = world.api.user({ id: 99020, first_name: '老赵', language_code: 'zh-hans' });
    learner.sendCommand(`/start ${code}`);
    await learner.waitForMessage((m) => /用哪种语言/.test(m.text ?? ''));

    trainer.sendCommand('/learners');
    expect((await trainer.waitForMessage()).text).toMatch(
      new RegExp(`^鹿乡一组 \\(${code}\\)\\n {2}老赵 · - · 0 · \\d{4}-\\d{2}-\\d{2}`),
    );

    const other = world.api.user({ id: otherTrainerId, first_name: '别的老师', language_code: 'zh-hans' });
    other.sendCommand('/cohorts');
    expect((await other.waitForMessage()).text).toBe('-');
    const admin = world.api.user({ id: adminId, first_name: '管理员', language_code: 'zh-hans' });
    admin.sendCommand('/cohorts');
    expect((await admin.waitForMessage()).text).toMatch(new RegExp(`^鹿乡一组 \\(${code}\\) · 1 · `));

    learner.sendCommand('/forget');
    await learner.waitForMessage((m) => /确定要删除/.test(m.text ?? ''));
    learner.pressButton('fg:yes');
    await learner.waitForMessage((m) => /已删除/.test(m.text ?? ''));
    expect(await world.bot.app.cohorts.members(code)).toEqual([]);
  });
});
