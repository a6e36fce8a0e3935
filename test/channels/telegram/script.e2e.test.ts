/** /script end to end: the form, a script in chat and as a file, revisions, and the model's structured script. */
import { describe, expect, it } from 'vitest';
import { useBotWorld } from '../../support/test-bot.ts';

const world = useBotWorld({ model: false });

const form =
  '/script\n产品：椴树蜂蜜\n价格：68元\n规格：2斤\n卖点：自家蜂场、现场摇蜜\n时长：60\n福利款：小瓶蜂蜜10份';

describe('/script', () => {
  it('sends a fill-in form when it has nothing to go on', async () => {
    const user = world.api.user({ id: 91001, first_name: 'W', language_code: 'zh-hans' });
    user.sendCommand('/script');
    await user.waitForMessage((m) => /告诉我这场直播卖什么/.test(m.text ?? ''));
    expect((await user.waitForMessage()).text).toMatch(/^\/script\n产品：/);
  });

  it('writes a timed script, sends it as a file too, and makes it shorter on request', async () => {
    const user = world.api.user({ id: 91002, first_name: 'W', language_code: 'zh-hans' });
    user.send(form);
    const script = await user.waitForMessage((m) => /^🎬 椴树蜂蜜 直播脚本（60分钟）/.test(m.text ?? ''));
    expect(script.text).toMatch(/⏱ 0分–5分 {2}暖场/);
    const file = await world.api.waitForCall(
      'sendDocument',
      (c) => String(c.payload.chat_id) === String(user.id),
    );
    expect(file.files[0]!.filename).toBe('live-script-60min.txt');
    expect(file.files[0]!.data.toString('utf8')).toContain('价格：68元');

    user.sendCommand('/script 短一点');
    expect((await user.waitForMessage((m) => /^🎬/.test(m.text ?? ''))).text).toMatch(
      /^🎬 椴树蜂蜜 直播脚本（36分钟）/,
    );
  });

  it('uses the model’s structured script when a model is configured, and the offline one if it fails', async () => {
    await world.restart({ model: true });
    world.openai.setChatHandler((request) =>
      request.tools?.length
        ? {
            toolCall: {
              name: 'live_script',
              arguments: {
                title: '蜂蜜专场',
                segments: [
                  {
                    start: 0,
                    end: 5,
                    name: '暖场',
                    lines: ['欢迎家人们，今天现场摇蜜。'],
                    interaction: ['想要的扣1。'],
                  },
                  {
                    start: 5,
                    end: 50,
                    name: '过款：椴树蜂蜜',
                    lines: ['大家看这就是椴树蜂蜜。'],
                    interaction: [],
                  },
                  { start: 50, end: 60, name: '返场', lines: ['谢谢大家。'], interaction: [] },
                ],
                objections: [],
              },
            },
          }
        : '好的。',
    );
    const user = world.api.user({ id: 91003, first_name: 'W', language_code: 'zh-hans' });
    user.send(form);
    expect((await user.waitForMessage((m) => /^🎬/.test(m.text ?? ''))).text).toMatch(/^🎬 蜂蜜专场/);
    const request = world.openai.chatRequests().find((r) => r.tools?.length);
    expect(JSON.stringify(request?.messages)).toContain('椴树蜂蜜');

    world.openai.setChatHandler(() => ({ status: 500, error: 'down' }));
    user.send(form);
    expect((await user.waitForMessage((m) => /^🎬/.test(m.text ?? ''))).text).toMatch(
      /^🎬 椴树蜂蜜 直播脚本（60分钟）/,
    );
  });
});
