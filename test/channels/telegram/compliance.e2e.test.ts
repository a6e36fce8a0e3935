/**
 * Compliance in the bot: /check on a caption (directly or as a reply), and everything Cunbo writes — model
 * answers, model scripts — passes the checker before it is sent.
 */
import { describe, expect, it } from 'vitest';
import { useBotWorld } from '../../support/test-bot.ts';

const world = useBotWorld();

const forbidden = /全网最低|降血压|治疗|最好|第一|加微信/;

/** Asks `question` as a new user while the model streams `text` slowly; the final message and every draft. */
async function streamedAnswer(userId: number, question: string, text: string) {
  const user = world.api.user({ id: userId, first_name: 'P', language_code: 'zh-hans' });
  world.openai.setChatHandler(() => ({ text, chunkSize: 4, chunkDelayMs: 120 }));
  user.send(question);
  const answer = (await user.waitForMessage(undefined, 15_000)).text!;
  const drafts = user.drafts().map((draft) => String(draft.text));
  expect(drafts.length).toBeGreaterThan(1);
  return { answer, drafts };
}

describe('compliance in the bot', () => {
  it('/check lists each violation of a caption with a safe rewrite', async () => {
    const user = world.api.user({ id: 95001, first_name: 'L', language_code: 'zh-hans' });
    user.sendCommand('/check 全网最低价！正宗梅花鹿血，喝了能降血压，想要的加微信');
    const report = (await user.waitForMessage()).text!;
    expect(report).toMatch(/^⚠️ 发现 \d+ 处可能违规：\n\n1\. 「全网最低[^」]*」 · \S+\n规则：/);
    expect(report).toContain('降血压');
    expect(report).toMatch(/加微信/);
    // Per violation: the rule, why, and one or two ✅ lines that can be said instead.
    const items = report.split('\n\n改好的版本：\n')[0]!.split('\n\n').slice(1);
    expect(items.length).toBeGreaterThanOrEqual(3);
    for (const item of items) {
      if (/（同第\d+条）$/.test(item)) continue;
      const [, rule, why, ...alternatives] = item.split('\n');
      expect(rule).toMatch(/^规则：\S/);
      expect(why).toMatch(/^为什么：\S/);
      expect(alternatives.length).toBeGreaterThanOrEqual(1);
      expect(alternatives.length).toBeLessThanOrEqual(2);
    }
    expect(report).toContain('✅ 可以说："');
    const rewritten = report.split('改好的版本：\n')[1]!;
    expect(rewritten).not.toMatch(forbidden);
  });

  it('/check answers an English caption in English', async () => {
    const user = world.api.user({ id: 95006, first_name: 'E', language_code: 'en' });
    user.sendCommand('/check Best deer meat, add me on WeChat');
    const report = (await user.waitForMessage()).text!;
    expect(report).toMatch(
      /^⚠️ \d possible violations?:\n\n1\. 「Best」 · absolute terms\nRule: .+\nWhy: .+\n✅ You can say: "/,
    );
    expect(report).toMatch(/\n\nRewritten:\n\S/);
  });

  it('/check as a reply checks the replied-to message, and passes innocent text', async () => {
    const user = world.api.user({ id: 95002, first_name: 'M', language_code: 'zh-hans' });
    const caption = user.send('最近新到一批鹿肉，第一次直播，欢迎来看');
    user.sendCommand('/check', { reply_to_message: caption.message as never });
    expect((await user.waitForMessage((m) => /^(✅|⚠️)/.test(m.text ?? ''))).text).toMatch(
      /^✅ 没发现违规说法/,
    );
  });

  it('adds the model’s second opinion, keeping only quotes that are really in the text', async () => {
    world.openai.setChatHandler((request) =>
      request.tools?.length
        ? {
            toolCall: {
              name: 'compliance_review',
              arguments: {
                issues: [
                  { quote: '老人吃了腿脚利索', reason: '暗示普通食品有保健功效。' },
                  { quote: '这句话不在原文里', reason: '编的。' },
                ],
              },
            },
          }
        : '好的。',
    );
    const user = world.api.user({ id: 95005, first_name: 'P', language_code: 'zh-hans' });
    user.sendCommand('/check 鹿肉炖萝卜，老人吃了腿脚利索');
    await user.waitForMessage((m) => /^(✅|⚠️)/.test(m.text ?? ''));
    const opinion = (await user.waitForMessage()).text!;
    expect(opinion).toMatch(/^🤖 AI 复核（仅供参考/);
    expect(opinion).toContain('老人吃了腿脚利索');
    expect(opinion).not.toContain('这句话不在原文里');
  });

  it('rewrites a model answer that slips in an absolute term or a health claim before sending it', async () => {
    const user = world.api.user({ id: 95003, first_name: 'N', language_code: 'zh-hans' });
    world.openai.setChatHandler(() => '可以这样说：我们的鹿血是全网最低价，喝了能降血压[1]。');
    user.send('直播间介绍鹿血制品该怎么说');
    const answer = (await user.waitForMessage()).text!;
    expect(answer.split('\n\n📚')[0]).not.toMatch(forbidden);
  });

  it('rewrites what the drafts show while a model answer streams, not only the final message', async () => {
    const { answer, drafts } = await streamedAnswer(
      95005,
      '直播间介绍鹿血制品该怎么说',
      '可以这样介绍：我们的鹿血是全网最低价，喝了能降血压，直播间里多讲产地和做法[1]。',
    );
    // The drafts showed the rewrite (the price claim replaced), not the model's raw words.
    expect(drafts.some((draft) => draft.includes('今天直播间的价格'))).toBe(true);
    for (const draft of drafts) expect(draft).not.toMatch(forbidden);
    expect(answer.split('\n\n📚')[0]).not.toMatch(forbidden);
  });

  it('removes a health claim the model makes, with its clause, in the drafts and the message: natural sentences remain', async () => {
    const claim = /能治|高血压|cures?|blood pressure/iu;
    // What a draft shows up to its last clause mark: the clauses the model has finished.
    const finished = (draft: string) => draft.replace(/[^，。！？,.!?\n]*$/u, '');
    const zh = await streamedAnswer(
      95007,
      '鹿血片怎么介绍',
      '鹿血片是普通食品，营养成分表在包装上。吃了能治高血压。直播间里多讲产地和做法[1]。',
    );
    const zhBody = zh.answer.split('\n\n📚')[0]!;
    expect(zhBody).not.toMatch(claim);
    expect(zhBody).toContain('鹿血片是普通食品，营养成分表在包装上。直播间里多讲产地和做法[1]。');
    expect(zhBody).toContain('（已删去一句功效说法：普通食品不能宣传治病或保健作用。）');
    for (const draft of zh.drafts) {
      expect(draft).not.toMatch(/高血压/u);
      expect(finished(draft)).not.toMatch(claim);
      expect(finished(draft)).not.toMatch(/吃了能治?[。，]?$/u);
    }

    const user = world.api.user({ id: 95008, first_name: 'Q', language_code: 'en' });
    world.openai.setChatHandler(() => ({
      text: 'This is the best venison in China and it cures high blood pressure! Stew it with potatoes [1].',
      chunkSize: 6,
      chunkDelayMs: 120,
    }));
    user.send('How do I plan my first live stream?');
    const en = (await user.waitForMessage(undefined, 15_000)).text!;
    const enBody = en.split('\n\n📚')[0]!;
    expect(enBody).not.toMatch(claim);
    expect(enBody).toContain('This is really good venison in China! Stew it with potatoes [1].');
    expect(enBody).not.toMatch(/\bit (high|,|\.|!)/u);
    const drafts = user.drafts().map((draft) => String(draft.text));
    expect(drafts.length).toBeGreaterThan(1);
    for (const draft of drafts) {
      expect(draft).not.toMatch(/blood pressure/u);
      expect(finished(draft)).not.toMatch(claim);
      expect(finished(draft)).not.toMatch(/\b(it|what it)[,.!?]?$/u);
    }
  });

  it('answers "can I say …?" with the rule it breaks first, intact in the drafts and in the message', async () => {
    const { answer, drafts } = await streamedAnswer(
      95006,
      '鹿血片可以说降血压吗？',
      '讲产地、做法和检疫证明就行[1]。',
    );
    const note = answer.split('\n\n')[0]!;
    expect(note).toMatch(/^⚠️ 不能这样说。\n• ❌"降血压"❌ ❌降血压❌、❌降血糖❌、❌降血脂❌是疾病作用/);
    expect(answer).toContain('讲产地、做法和检疫证明就行[1]。');
    for (const draft of drafts) expect(draft.startsWith(note)).toBe(true);
  });

  it('falls back to the offline script when the model’s script breaks a rule', async () => {
    world.openai.setChatHandler((request) =>
      request.tools?.length
        ? {
            toolCall: {
              name: 'live_script',
              arguments: {
                title: '违规脚本',
                segments: [
                  {
                    start: 0,
                    end: 5,
                    name: '暖场',
                    lines: ['全网最低价，喝了治疗高血压。'],
                    interaction: [],
                  },
                  { start: 5, end: 55, name: '过款', lines: ['鹿血。'], interaction: [] },
                  { start: 55, end: 60, name: '返场', lines: ['再见。'], interaction: [] },
                ],
                objections: [],
              },
            },
          }
        : '好的。',
    );
    const user = world.api.user({ id: 95004, first_name: 'O', language_code: 'zh-hans' });
    user.send('/script\n产品：鹿血制品礼盒\n价格：198元\n时长：60');
    const script = (await user.waitForMessage((m) => /^🎬/.test(m.text ?? ''))).text!;
    expect(script).toMatch(/^🎬 鹿血制品礼盒 直播脚本（60分钟）/);
    expect(script.replace(/❌[^❌]*❌/g, '')).not.toMatch(forbidden);
  });
});
