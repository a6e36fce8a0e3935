/**
 * Reminders with two bot processes on one Redis: both reminder loops check at the same moments, and every
 * due learner is nudged exactly once (the claim is atomic; see `Learning.claimDueReminders`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotApiServer, startBotApiServer } from '../../support/bot-api-server.ts';
import { freePort } from '../../support/listen.ts';
import { startTestBot, type TestBot, testEnv } from '../../support/test-bot.ts';

let api: BotApiServer;
const bots: TestBot[] = [];

beforeAll(async () => {
  api = await startBotApiServer();
  const env = testEnv(api, undefined, {
    WEBHOOK_URL: 'https://bot.example.test/telegram',
    WEBHOOK_SECRET: 'reminder-test-secret-0123456789',
    HTTP_HOST: '127.0.0.1',
  });
  for (let n = 0; n < 2; n++) bots.push(await startTestBot({ ...env, PORT: String(await freePort()) }));
}, 60_000);

afterAll(async () => {
  for (const bot of bots) await bot.stop();
  await api?.close();
});

describe('reminders with two processes', () => {
  it('nudges each due learner once, whichever process gets there first', async () => {
    const [one, two] = bots as [TestBot, TestBot];
    const learners = Array.from({ length: 120 }, (_, n) => 8_800 + n);
    for (const id of learners) {
      api.user({ id, first_name: `L${id}`, language_code: 'en' });
      const profile = await one.app.learning.profile(`tg:${id}`);
      await one.app.learning.saveProfile(`tg:${id}`, { ...profile, language: 'en', remindHour: 20 });
    }
    // Everyone is due now (a minute ago), as if 20:00 had just passed.
    const redis = one.app.redis.client;
    await redis.zAdd(
      one.app.keys.reminders,
      learners.map((id) => ({ score: Date.now() - 60_000, value: `tg:${id}` })),
    );
    // Both loops tick together, repeatedly, until nothing is due.
    let sent = 0;
    for (let round = 0; round < 6; round++) {
      const counts = await Promise.all([one.telegram.reminders.tick(), two.telegram.reminders.tick()]);
      sent += counts[0] + counts[1];
    }
    expect(sent).toBe(learners.length);
    for (const id of learners) {
      const nudges = api
        .callsTo('sendMessage', id)
        .filter((c) => /Time to learn|You have finished every lesson/.test(String(c.payload.text)));
      expect(nudges, `learner ${id}`).toHaveLength(1);
    }
    // Each is scheduled again for tomorrow, not due now.
    const due = await redis.zRangeByScore(one.app.keys.reminders, 0, Date.now());
    expect(due).toEqual([]);
    expect(await redis.zCard(one.app.keys.reminders)).toBe(learners.length);
  }, 60_000);
});
