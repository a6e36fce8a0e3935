/**
 * The knowledge loop end to end: a gap or a 👎 → a trainer's approved answer → learners asking the same
 * thing in other words get it, cited as the trainer's, ahead of the model; /gaps shows what is still open.
 */
import { describe, expect, it } from 'vitest';
import { useBotWorld } from '../../support/test-bot.ts';

const trainerId = 99101;
const world = useBotWorld({ model: true, extra: { TRAINER_IDS: String(trainerId) } });

/** The "save as written" button under the bot's confirmation prompt. */
function confirmButton(message: { reply_markup?: { inline_keyboard: Array<Array<object>> } }): string {
  const data = (message.reply_markup?.inline_keyboard.flat() ?? [])
    .map((b) => ('callback_data' in b ? String(b.callback_data) : ''))
    .find((d) => d.startsWith('ka:ok:'));
  expect(data).toBeDefined();
  return data!;
}

/** Chat requests to the model whose last message is `question`. */
function modelCallsFor(question: string): number {
  return world.openai
    .chatRequests()
    .filter((request) => JSON.stringify(request.messages.at(-1)?.content ?? '').includes(question)).length;
}

describe('knowledge loop', () => {
  it('answers a gap: the trainer approves an answer, a reworded question gets it ahead of the model, /gaps shows it answered', async () => {
    const learner = world.api.user({ id: 99102, first_name: '学员', language_code: 'zh-hans' });
    const trainer = world.api.user({ id: trainerId, first_name: '王老师', language_code: 'zh-hans' });

    learner.send('鹿场的环评怎么做？');
    expect((await learner.waitForMessage()).text).toMatch(/知识库里暂时还没有答案/);

    trainer.sendCommand('/gaps');
    expect((await trainer.waitForMessage()).text).toMatch(
      /^📝 知识库没答上的问题（按相似分组）\n1\. 鹿场的环评怎么做？ \(1次\)/,
    );

    trainer.sendCommand(
      '/answer 1 先找县里的生态环境局问清楚养殖规模要办哪种环评手续，一般存栏少的办登记表就行。',
    );
    const saved = (await trainer.waitForMessage()).text!;
    expect(saved).toMatch(/^✅ 已保存（编号 ([0-9a-f]{8})）/);
    const id = /编号 ([0-9a-f]{8})/.exec(saved)![1]!;

    const other = world.api.user({ id: 99103, first_name: '学员2', language_code: 'zh-hans' });
    other.send('鹿场环评咋做');
    const served = (await other.waitForMessage()).text!;
    expect(served).toBe(
      '先找县里的生态环境局问清楚养殖规模要办哪种环评手续，一般存栏少的办登记表就行。\n\n— 培训老师 王老师 审核的回答',
    );
    expect(modelCallsFor('鹿场环评咋做')).toBe(0);
    const [turn] = await world.bot.app.memory.recentTurns(1);
    expect(turn).toMatchObject({ question: '鹿场环评咋做', mode: 'approved', citations: [`approved:${id}`] });

    // It did not become a new gap: the group still counts one question, now answered.
    trainer.sendCommand('/gaps');
    expect((await trainer.waitForMessage()).text).toMatch(/\n1\. ✅已回答 鹿场的环评怎么做？ \(1次\)/);
  });

  it('marks a gap handled by a lesson; open gaps list first', async () => {
    const learner = world.api.user({ id: 99104, first_name: '学员3', language_code: 'zh-hans' });
    const trainer = world.api.user({ id: trainerId, first_name: '王老师', language_code: 'zh-hans' });
    learner.send('鹿场的消防验收找哪个部门？');
    await learner.waitForMessage();

    trainer.sendCommand('/gaps');
    const gaps = (await trainer.waitForMessage()).text!;
    expect(gaps).toMatch(/\n1\. 鹿场的消防验收找哪个部门？ \(1次\)/);
    expect(gaps).toMatch(/\n2\. ✅已回答 鹿场的环评怎么做？/);

    trainer.sendCommand('/handled 1 no-such-lesson-zh');
    expect((await trainer.waitForMessage()).text).toMatch(/^没有 id 为 no-such-lesson-zh 的课程/);
    trainer.sendCommand('/handled 1 account-qualifications-zh');
    expect((await trainer.waitForMessage()).text).toBe(
      '☑️ 已标记为处理：「鹿场的消防验收找哪个部门？」，对应课程 account-qualifications-zh',
    );

    trainer.sendCommand('/gaps');
    const after = (await trainer.waitForMessage()).text!;
    expect(after).toMatch(/\n1\. ✅已回答 鹿场的环评怎么做？/);
    expect(after).toMatch(/\n2\. ☑️已处理 \(account-qualifications-zh\) 鹿场的消防验收找哪个部门？/);

    // English trainer, English labels.
    const enTrainer = world.api.user({ id: trainerId, first_name: 'Wang', language_code: 'en' });
    enTrainer.sendCommand('/handled 9');
    expect((await enTrainer.waitForMessage()).text).toMatch(/^There is no item 9\./);
  });

  it('answers a 👎: /downvotes lists it, /answer d1 approves a better answer, which replaces the model answer', async () => {
    const learner = world.api.user({ id: 99105, first_name: '学员4', language_code: 'zh-hans' });
    const trainer = world.api.user({ id: trainerId, first_name: '王老师', language_code: 'zh-hans' });
    const question = '蓝V认证要花多少钱';
    learner.send(question);
    const answer = await learner.waitForMessage();
    expect(answer.text).toMatch(/Hello from the fake OpenAI server/);
    expect(modelCallsFor(question)).toBe(1);
    const down = (answer.reply_markup?.inline_keyboard.flat() ?? [])
      .map((b) => ('callback_data' in b ? b.callback_data : ''))
      .find((data) => data?.startsWith('fb:down:'))!;
    learner.pressButton(down);
    const ask = await learner.waitForMessage((m) => /哪里不对/.test(m.text ?? ''));
    learner.send('没说价格', { reply_to_message: ask as never });
    await learner.waitForMessage();

    trainer.sendCommand('/downvotes');
    expect((await trainer.waitForMessage()).text).toBe(
      `👎 最近不满意的回答（/answer d编号 <更好的回答>）\nd1. ${question}\n   回答: Hello from the fake OpenAI server.\n   学员说: 没说价格`,
    );
    // The trainer slips in an absolute term: the checker shows it, the trainer confirms, nothing is changed.
    const written = '蓝V认证审核费每次600元，这是最好的办法，以抖音官方页面为准。';
    trainer.sendCommand(`/answer d1 ${written}`);
    const prompt = await trainer.waitForMessage((m) => /^确认没问题/.test(m.text ?? ''));
    expect(trainer.messages().some((m) => /「最好的?」/.test(m.text ?? ''))).toBe(true);
    expect(await world.bot.app.approvedAnswers.list()).toHaveLength(1);
    trainer.pressButton(confirmButton(prompt), prompt);
    const saved = (await trainer.waitForMessage((m) => /^✅ 已保存/.test(m.text ?? ''))).text!;
    const id = /编号 ([0-9a-f]{8})/.exec(saved)![1]!;
    const approved = await world.bot.app.approvedAnswers.get(id);
    expect(approved).toMatchObject({
      question,
      answer: written,
      source: { kind: 'feedback', ref: down.slice(8) },
    });

    learner.send('蓝V认证要多少钱？');
    const served = (await learner.waitForMessage()).text!;
    expect(served).toBe(`${written}\n\n— 培训老师 王老师 审核的回答`);
    expect(modelCallsFor('蓝V认证要多少钱？')).toBe(0);

    // An unrelated question in the same domain still goes to the knowledge base and the model.
    learner.send('蓝V认证需要什么材料');
    expect((await learner.waitForMessage()).text).toMatch(/Hello from the fake OpenAI server/);

    trainer.sendCommand('/approved');
    expect((await trainer.waitForMessage()).text).toMatch(
      new RegExp(`^✅ 审核过的回答（新的在前）\\n${id} · ${question}`),
    );
    trainer.sendCommand(`/unapprove ${id}`);
    expect((await trainer.waitForMessage()).text).toMatch(new RegExp(`^已撤回 ${id}`));
    learner.send('蓝V认证要多少钱？');
    expect((await learner.waitForMessage()).text).toMatch(/Hello from the fake OpenAI server/);
    expect(modelCallsFor('蓝V认证要多少钱？')).toBe(1);
  });

  it('takes "<n> <answer>" as a reply to the /gaps list', async () => {
    const learner = world.api.user({ id: 99107, first_name: '学员6', language_code: 'zh-hans' });
    const trainer = world.api.user({ id: trainerId, first_name: '王老师', language_code: 'zh-hans' });
    learner.send('鹿场的粪便怎么处理才环保？');
    expect((await learner.waitForMessage()).text).toMatch(/知识库里暂时还没有答案/);
    trainer.sendCommand('/gaps');
    const list = await trainer.waitForMessage();
    expect(list.text).toMatch(/\n1\. 鹿场的粪便怎么处理才环保？/);
    trainer.send('1 粪便堆肥发酵后还田，别直接排进河沟。', { reply_to_message: list as never });
    const confirmation = await trainer.waitForMessage();
    expect(confirmation.text).toMatch(/^✅ 已保存/);
    learner.send('鹿场粪便怎么处理环保');
    expect((await learner.waitForMessage()).text).toBe(
      '粪便堆肥发酵后还田，别直接排进河沟。\n\n— 培训老师 王老师 审核的回答',
    );
    // A reply to another bot message is an ordinary question.
    trainer.send('1 直播间没人说话怎么办', { reply_to_message: confirmation as never });
    expect((await trainer.waitForMessage()).text).not.toMatch(/^✅ 已保存/);
    expect(await world.bot.app.approvedAnswers.list()).toHaveLength(2);
  });

  it('keeps the commands to trainers', async () => {
    const learner = world.api.user({ id: 99106, first_name: '学员5', language_code: 'zh-hans' });
    learner.sendCommand('/approved');
    expect((await learner.waitForMessage()).text).not.toMatch(/审核过的回答|还没有审核过的回答/);
    expect(await world.bot.app.approvedAnswers.list()).toHaveLength(2);
  });

  it("never changes a trainer's words: flagged spans are shown, the trainer confirms, learners get the text byte for byte", async () => {
    const learner = world.api.user({ id: 99108, first_name: '学员7', language_code: 'zh-hans' });
    const trainer = world.api.user({ id: trainerId, first_name: '王老师', language_code: 'zh-hans' });
    // The trainer's own warning, which a rewrite once turned into "…说就是宣传…".
    const written = '不能说。鹿血片是普通食品，说降血压就是宣传治病，会被罚款。可以讲配料、产地和吃法。';
    const flagged = world.bot.app.compliance.check(written).violations;
    expect(flagged.length).toBeGreaterThan(0);

    learner.send('鹿血片能不能卖给县里的养老院？');
    expect((await learner.waitForMessage()).text).toMatch(/知识库里暂时还没有答案/);
    trainer.sendCommand('/gaps');
    const gaps = (await trainer.waitForMessage()).text!;
    const n = /\n(\d+)\. 鹿血片能不能卖给县里的养老院？/.exec(gaps)?.[1];
    expect(n).toBeDefined();

    // First an edit-and-cancel round: nothing is stored until the trainer confirms.
    const before = (await world.bot.app.approvedAnswers.list()).length;
    trainer.sendCommand(`/answer ${n} ${written}`);
    const ask = await trainer.waitForMessage((m) => /^确认没问题/.test(m.text ?? ''));
    expect(ask.text).toBe(`确认没问题，点"照原文保存"；要修改，重新发：/answer ${n} <改好的回答>`);
    const shown = trainer
      .messages()
      .map((m) => m.text ?? '')
      .findLast((text) => text.startsWith('⚠️ 还没保存。'))!;
    expect(shown).toMatch(
      /^⚠️ 还没保存。自动检查在你的回答里标出 \d+ 处可能违规的说法。学员会看到你写的原文，机器人不会改动：/,
    );
    for (const v of flagged) expect(shown).toContain(`「${v.span.text}」`);
    expect(shown).toMatch(/\n规则：\S/);
    expect(shown).toMatch(/\n为什么：\S/);
    expect(shown).toContain('❌"…"❌');
    const cancel = confirmButton(ask).replace('ka:ok:', 'ka:no:');
    trainer.pressButton(cancel, ask);
    expect((await trainer.waitForMessage()).text).toBe('没有保存。');
    expect(await world.bot.app.approvedAnswers.list()).toHaveLength(before);

    // Then the trainer sends it again and confirms it as written; a second press stores nothing more.
    trainer.sendCommand(`/answer ${n} ${written}`);
    const again = await trainer.waitForMessage((m) => /^确认没问题/.test(m.text ?? ''));
    const ok = confirmButton(again);
    trainer.pressButton(ok, again);
    const saved = (await trainer.waitForMessage((m) => /^✅ 已保存/.test(m.text ?? ''))).text!;
    const id = /编号 ([0-9a-f]{8})/.exec(saved)![1]!;
    expect((await world.bot.app.approvedAnswers.get(id))?.answer).toBe(written);
    trainer.pressButton(ok, again);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await world.bot.app.approvedAnswers.list()).toHaveLength(before + 1);

    const other = world.api.user({ id: 99109, first_name: '学员8', language_code: 'zh-hans' });
    other.send('鹿血片能卖给县里养老院吗');
    expect((await other.waitForMessage()).text).toBe(`${written}\n\n— 培训老师 王老师 审核的回答`);

    // A quoted bad example passes the checker: stored at once, as written.
    const quoted = '别说❌"能降血压"❌，可以说✅"鹿血片是普通食品，配料表印在包装上"✅。';
    expect(world.bot.app.compliance.check(quoted).violations).toEqual([]);
    trainer.sendCommand('/gaps');
    const list = (await trainer.waitForMessage()).text!;
    const m = /\n(\d+)\. ✅已回答 鹿血片能不能卖给县里的养老院？/.exec(list)?.[1];
    trainer.sendCommand(`/answer ${m} ${quoted}`);
    const savedQuoted = (await trainer.waitForMessage()).text!;
    expect(savedQuoted).toMatch(/^✅ 已保存/);
    const quotedId = /编号 ([0-9a-f]{8})/.exec(savedQuoted)![1]!;
    expect((await world.bot.app.approvedAnswers.get(quotedId))?.answer).toBe(quoted);
  });
});
