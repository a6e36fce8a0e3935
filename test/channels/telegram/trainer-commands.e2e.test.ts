/**
 * Trainer commands end to end (real bot, loopback Bot API, Redis): the cohort flow of issue #7 (QR code,
 * joining by link, /stats and /gaps), /learner, /announce with its delivery report, and admins managing
 * trainers. Tests run in order and share one world: later ones build on the cohort the first creates.
 */

import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../support/bot-api-server.ts';
import { useBotWorld } from '../../support/test-bot.ts';

const trainerId = 99101;
const otherTrainerId = 99102;
const adminId = 99103;
const world = useBotWorld({
  model: false,
  extra: { TRAINER_IDS: `${trainerId},${otherTrainerId}`, ADMIN_IDS: String(adminId) },
});

const zh = 'zh-hans';
const trainer = () => world.api.user({ id: trainerId, first_name: '王老师', language_code: zh });
const otherTrainer = () => world.api.user({ id: otherTrainerId, first_name: '李老师', language_code: zh });
const admin = () => world.api.user({ id: adminId, first_name: '管理员', language_code: zh });
const zhao = () =>
  world.api.user({ id: 99120, first_name: '老赵', username: 'LaoZhao_Deer', language_code: zh });
const qian = () => world.api.user({ id: 99121, first_name: '钱姐', language_code: zh });
const ordinaryReply = /^用法：直接发问题给我/;

const buttonData = (message: ChatMessage) =>
  (message.reply_markup?.inline_keyboard.flat() ?? []).map((b) =>
    'callback_data' in b ? b.callback_data : '',
  );

let code = '';

describe('trainer commands', () => {
  it('issue #7: a cohort with a QR code, two learners join by its link, /stats and /gaps show their questions', async () => {
    trainer().sendCommand('/cohort 鹿乡二组');
    const photo = await trainer().waitForMessage();
    expect(photo.photo).toBeDefined();
    code = /\?start=([a-z0-9]+)$/.exec(photo.caption ?? '')![1]!;
    expect(photo.caption).toBe(`鹿乡二组 (${code})\nhttps://t.me/cunbo_test_bot?start=${code}`);

    for (const learner of [zhao(), qian()]) {
      learner.sendCommand(`/start ${code}`);
      await learner.waitForMessage((m) => /用哪种语言/.test(m.text ?? ''));
    }
    zhao().send('鹿场的环评怎么做？');
    expect((await zhao().waitForMessage()).text).toMatch(/知识库|没有|不/);
    qian().send('蓝V要多少钱');
    const answer = await qian().waitForMessage();
    const down = buttonData(answer).find((data) => data?.startsWith('fb:down:'))!;
    qian().pressButton(down);
    await qian().waitForMessage((m) => /哪里不对/.test(m.text ?? ''));

    trainer().sendCommand('/stats');
    expect((await trainer().waitForMessage()).text).toMatch(
      /^📈 最近7天\n活跃学员: 2 · 提问: 2\n答上了: 1 · 知识库没覆盖: 1 · 👍 0 · 👎 1\n按方向: account 1/,
    );
    trainer().sendCommand('/gaps');
    expect((await trainer().waitForMessage()).text).toMatch(
      /^📝 知识库没答上的问题（按相似分组）\n1\. 鹿场的环评怎么做？ \(1次\)/,
    );
    trainer().sendCommand('/learners');
    expect((await trainer().waitForMessage()).text).toMatch(
      new RegExp(`^鹿乡二组 \\(${code}\\)\\n(?=[^]*  老赵 · )(?=[^]*  钱姐 · )`),
    );

    // Not a trainer: the ordinary bot.
    zhao().sendCommand('/stats');
    expect((await zhao().waitForMessage()).text).toMatch(ordinaryReply);
    zhao().sendCommand(`/qr ${code}`);
    expect((await zhao().waitForMessage()).text).toMatch(ordinaryReply);

    // /qr sends the same cohort's code again; another trainer's cohort is not theirs to print.
    trainer().sendCommand(`/qr ${code}`);
    expect((await trainer().waitForMessage()).caption).toBe(photo.caption);
    otherTrainer().sendCommand(`/qr ${code}`);
    expect((await otherTrainer().waitForMessage()).text).toMatch(new RegExp(`^${code}: -`));
  });

  it('/learner shows a learner by id and by @name: profile, progress, questions with not covered and 👎', async () => {
    trainer().sendCommand('/learner @laozhao_deer');
    const byName = (await trainer().waitForMessage()).text!;
    expect(byName).toMatch(new RegExp(`^👤 老赵 \\(tg:99120\\)\\n班级: ${code}\\n`));
    expect(byName).toMatch(/提问 1 次 · 首次 \d{4}-\d{2}-\d{2} · 最近 \d{4}-\d{2}-\d{2}/);
    expect(byName).toMatch(/📚 进度\n {2}account 0\/\d+\n/);
    expect(byName).toMatch(/当前: .+ \(推荐下一课\)/);
    expect(byName).toMatch(/💬 最近的问题\n {2}\d{2}-\d{2} ❓没覆盖 鹿场的环评怎么做？$/);

    trainer().sendCommand('/learner 99121');
    const byId = (await trainer().waitForMessage()).text!;
    expect(byId).toMatch(/^👤 钱姐 \(tg:99121\)/);
    expect(byId).toMatch(/\n {2}\d{2}-\d{2} ✅ 蓝V要多少钱 👎$/);

    // By display name, within the trainer's own learners.
    trainer().sendCommand('/learner 钱姐');
    expect((await trainer().waitForMessage()).text).toMatch(/^👤 钱姐 \(tg:99121\)/);

    // Someone in nobody's cohorts is outside a trainer's scope; an admin sees everyone.
    const outsider = world.api.user({ id: 99130, first_name: '路人', language_code: zh });
    outsider.send('蓝V要多少钱');
    await outsider.waitForMessage();
    trainer().sendCommand('/learner 99130');
    expect((await trainer().waitForMessage()).text).toBe('99130 不在你的班级里。');
    admin().sendCommand('/learner 99130');
    expect((await admin().waitForMessage()).text).toMatch(/^👤 路人 \(tg:99130\)/);
    trainer().sendCommand('/learner @nobody_here');
    expect((await trainer().waitForMessage()).text).toBe('找不到学员 @nobody_here。');
  });

  it('/learner refuses another trainer’s learners', async () => {
    otherTrainer().sendCommand('/learner @LaoZhao_Deer');
    expect((await otherTrainer().waitForMessage()).text).toBe('@LaoZhao_Deer 不在你的班级里。');
    otherTrainer().sendCommand('/learner 99121');
    expect((await otherTrainer().waitForMessage()).text).toBe('99121 不在你的班级里。');
  });

  it('/announce: confirm, deliver within limits (a 429 honoured, a blocked learner counted), report, never twice', async () => {
    const blocker = world.api.user({ id: 99122, first_name: '孙哥', language_code: zh });
    blocker.sendCommand(`/start ${code}`);
    await blocker.waitForMessage((m) => /用哪种语言/.test(m.text ?? ''));
    blocker.sendCommand('/remind 20');
    await blocker.waitForMessage();
    expect((await world.bot.app.learning.profile('tg:99122')).remindHour).toBe(20);
    blocker.block();

    trainer().sendCommand(`/announce ${code} 明晚8点在服务中心直播培训，带上手机。`);
    const confirm = await trainer().waitForMessage();
    expect(confirm.text).toBe(
      `📣 发给「鹿乡二组」的 3 位学员：\n\n明晚8点在服务中心直播培训，带上手机。\n\n确认发送吗？`,
    );
    const [go, no] = buttonData(confirm);
    expect(go).toMatch(/^an:go:/);
    expect(no).toMatch(/^an:no:/);

    // The first delivery is told to slow down for 1 s: every sender waits it out.
    world.api.failNext('sendMessage', { error_code: 429, retry_after: 1 });
    const firstCall = world.api.calls.length;
    trainer().pressButton(go!);
    await trainer().waitForMessage((m) => /正在发送给「鹿乡二组」的 3 位学员/.test(m.text ?? ''));
    // The trainer's chat is not held up by the broadcast.
    trainer().sendCommand('/cohorts');
    const cohorts = await trainer().waitForMessage();
    expect(cohorts.text).toMatch(new RegExp(`^鹿乡二组 \\(${code}\\) · 3 · `));
    const report = await trainer().waitForMessage((m) => /通知发送完毕/.test(m.text ?? ''), 8_000);
    expect(report.text).toMatch(
      /^📣 「鹿乡二组」通知发送完毕：送达 2 · 屏蔽了机器人 1 · 失败 0 · 用时 1\.\d 秒$/,
    );
    expect(report.message_id).toBeGreaterThan(cohorts.message_id);

    const learnerIds = new Set([99120, 99121, 99122]);
    const sends = world.api.calls
      .slice(firstCall)
      .filter((c) => c.method === 'sendMessage' && learnerIds.has(Number(c.payload.chat_id)));
    const limited = sends.find((c) => c.response?.ok === false && c.response.error_code === 429)!;
    expect(limited).toBeDefined();
    // Nothing went to any learner during the pause, and the limited one was retried after it.
    for (const call of sends.filter((c) => c.at > limited.at))
      expect(call.at - limited.at).toBeGreaterThanOrEqual(990);
    expect(sends.filter((c) => c.payload.chat_id === limited.payload.chat_id)).toHaveLength(2);
    expect(sends).toHaveLength(4);
    for (const learner of [zhao(), qian()])
      expect(learner.lastMessage()?.text).toBe('明晚8点在服务中心直播培训，带上手机。');
    // Blocked the bot: reminders off, as the reminder loop does.
    expect((await world.bot.app.learning.profile('tg:99122')).remindHour).toBeUndefined();

    // Pressing send again sends nothing.
    const before = world.api.callsTo('sendMessage').length;
    trainer().pressButton(go!, confirm);
    const answer = await world.api.waitForCall('answerCallbackQuery');
    expect(answer.payload.text).toBe('这条通知已经在发送或发过了，不会重复发送。');
    expect(world.api.callsTo('sendMessage').length).toBe(before);
  });

  it('/announce <code> takes the next message as the text; cancel sends nothing; others’ cohorts are refused', async () => {
    trainer().sendCommand(`/announce ${code}`);
    expect((await trainer().waitForMessage()).text).toBe(
      '📣 发给「鹿乡二组」的 3 位学员：请发送通知内容（回复这条消息）。',
    );
    trainer().send('周六停课一次。');
    const confirm = await trainer().waitForMessage();
    expect(confirm.text).toMatch(/^📣 发给「鹿乡二组」的 3 位学员：\n\n周六停课一次。/);
    const sendsBefore = world.api.callsTo('sendMessage', 99120).length;
    trainer().pressButton(buttonData(confirm)[1]!);
    expect((await trainer().waitForMessage((m) => m.message_id === confirm.message_id)).text).toBe(
      '已取消，没有发送。',
    );
    trainer().pressButton(buttonData(confirm)[0]!, confirm);
    expect((await world.api.waitForCall('answerCallbackQuery')).payload.text).toBe('这条通知已经取消了。');
    expect(world.api.callsTo('sendMessage', 99120).length).toBe(sendsBefore);

    otherTrainer().sendCommand(`/announce ${code} 你好`);
    expect((await otherTrainer().waitForMessage()).text).toBe(
      `没有你的班级 ${code}。/cohorts 查看你的班级。`,
    );
    zhao().sendCommand(`/announce ${code} 你好`);
    expect((await zhao().waitForMessage()).text).toMatch(ordinaryReply);
  });

  it('admins add and remove trainers, who reach trainer commands at once; trainers and others cannot', async () => {
    const newcomer = world.api.user({
      id: 99140,
      first_name: '周老师',
      username: 'zhou_teacher',
      language_code: zh,
    });
    newcomer.sendCommand('/stats');
    expect((await newcomer.waitForMessage()).text).toMatch(ordinaryReply);

    admin().sendCommand('/addtrainer @zhou_teacher');
    expect((await admin().waitForMessage()).text).toBe(
      '✅ 99140 现在是培训老师了，可以用 /stats /gaps /cohort 等命令。',
    );
    newcomer.sendCommand('/stats');
    expect((await newcomer.waitForMessage()).text).toMatch(/^📈 最近7天/);
    newcomer.sendCommand('/cohorts');
    expect((await newcomer.waitForMessage()).text).toBe('-');

    // By a forwarded message: the original sender.
    const forwarded = admin().send('我想当老师', {
      forward_origin: { type: 'user', sender_user: qian().user, date: 1 },
    });
    await admin().waitForMessage();
    admin().sendCommand('/addtrainer', { reply_to_message: forwarded.message as never });
    expect((await admin().waitForMessage()).text).toBe(
      '✅ 钱姐 (99121) 现在是培训老师了，可以用 /stats /gaps /cohort 等命令。',
    );

    admin().sendCommand('/trainers');
    const list = (await admin().waitForMessage()).text!;
    expect(list).toMatch(/^👩‍🏫 培训老师\n• 王老师|^👩‍🏫 培训老师\n• 99101/);
    expect(list).toMatch(/• 99102 · 配置/);
    expect(list).toMatch(new RegExp(`• 99140 · \\d{4}-\\d{2}-\\d{2} 由 ${adminId} 添加`));
    expect(list).toMatch(/• 钱姐 \(99121\) · /);

    admin().sendCommand('/removetrainer 99140');
    expect((await admin().waitForMessage()).text).toBe('已取消 99140 的培训老师身份。');
    newcomer.sendCommand('/stats');
    expect((await newcomer.waitForMessage()).text).toMatch(ordinaryReply);
    admin().sendCommand(`/removetrainer ${otherTrainerId}`);
    expect((await admin().waitForMessage()).text).toBe(
      `${otherTrainerId} 在配置 TRAINER_IDS 里，要在配置里删掉再重启。`,
    );
    admin().sendCommand('/addtrainer');
    expect((await admin().waitForMessage()).text).toMatch(/^用法：\/addtrainer/);

    // A trainer is told these are for admins; anyone else gets the ordinary bot.
    trainer().sendCommand('/addtrainer 99141');
    expect((await trainer().waitForMessage()).text).toBe('这个命令只有管理员（ADMIN_IDS）能用。');
    expect(await world.bot.app.roles.isTrainer(99141)).toBe(false);
    zhao().sendCommand('/addtrainer 99120');
    expect((await zhao().waitForMessage()).text).toMatch(ordinaryReply);
    expect(await world.bot.app.roles.isTrainer(99120)).toBe(false);
  });

  it('/forget removes a learner’s @username from the index', async () => {
    zhao().sendCommand('/forget');
    await zhao().waitForMessage((m) => /确定要删除/.test(m.text ?? ''));
    zhao().pressButton('fg:yes');
    await zhao().waitForMessage((m) => /已删除/.test(m.text ?? ''));
    expect(
      await world.bot.app.redis.client.hGetAll(`${world.env.REDIS_PREFIX}v1:usernames`),
    ).not.toHaveProperty('laozhao_deer');
    admin().sendCommand('/learner @laozhao_deer');
    expect((await admin().waitForMessage()).text).toBe('找不到学员 @laozhao_deer。');
  });
});
