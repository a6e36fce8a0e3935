/** /dashboard in Telegram: trainers only; without PORT it says the dashboard is off. */
import { describe, expect, it } from 'vitest';
import { freePort } from '../../support/listen.ts';
import { useBotWorld } from '../../support/test-bot.ts';

const trainerId = 74001;
const world = useBotWorld({ model: false, extra: { TRAINER_IDS: String(trainerId) } });

describe('/dashboard', () => {
  it('tells a trainer the dashboard is off when PORT is unset, and is the ordinary bot for anyone else', async () => {
    const trainer = world.api.user({ id: trainerId, first_name: '老师', language_code: 'en' });
    trainer.sendCommand('/dashboard');
    expect((await trainer.waitForMessage()).text).toBe(
      'The dashboard is off: the bot needs PORT (and PUBLIC_URL) set to serve it.',
    );
    const learner = world.api.user({ id: 74002, first_name: '学员', language_code: 'zh-hans' });
    learner.sendCommand('/dashboard');
    expect((await learner.waitForMessage()).text).toMatch(/^用法：直接发问题给我/);
  });

  it('sends a trainer a one-time link to PUBLIC_URL', async () => {
    const port = await freePort();
    await world.restart({
      model: false,
      extra: {
        TRAINER_IDS: String(trainerId),
        PORT: String(port),
        HTTP_HOST: '127.0.0.1',
        PUBLIC_URL: 'https://cunbo.example.com/',
      },
    });
    const trainer = world.api.user({ id: trainerId, first_name: '老师', language_code: 'zh-hans' });
    trainer.sendCommand('/dashboard');
    const reply = await trainer.waitForMessage();
    expect(reply.text).toMatch(
      /^培训老师后台登录链接（10分钟内有效，只能用一次，请勿转发）：\nhttps:\/\/cunbo\.example\.com\/dashboard\/sign-in\?token=[\w-]{43}$/,
    );
    const token = /token=([\w-]+)$/.exec(reply.text!)![1]!;
    expect(await world.bot.app.signIn.redeem(token)).toBe(trainerId);
  });
});
