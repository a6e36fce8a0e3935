/**
 * Trainer authorisation on every staff path: each trainer and admin command (one list, below, checked
 * against every command the bot registers), sent by a learner, gets the ordinary bot's reply and changes
 * nothing; admin commands sent by a plain trainer do nothing either; a learner cannot press a trainer's
 * buttons (announcement confirm).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { phrases } from '../../src/core/phrases.ts';
import type { SimUser } from '../support/bot-api-server.ts';
import { freePort } from '../support/listen.ts';
import { useBotWorld } from '../support/test-bot.ts';

/** Commands only trainers (and admins) may use. Add every new staff command here. */
const trainerCommands = [
  'stats',
  'gaps',
  'cohort',
  'cohorts',
  'qr',
  'learners',
  'learner',
  'announce',
  'dashboard',
  'answer',
  'approved',
  'downvotes',
  'handled',
  'unapprove',
];
/** Commands only admins may use. */
const adminCommands = ['addtrainer', 'removetrainer', 'trainers', 'limits', 'usage'];
/** Commands for everyone. */
const publicCommands = [
  'start',
  'help',
  'learn',
  'progress',
  'profile',
  'remind',
  'mydata',
  'forget',
  'tip',
  'tips',
  'check',
  'script',
];

const trainerId = 11_001;
const adminId = 11_002;
const learnerId = 11_003;
const strangerId = 11_004;
const port = await freePort();
const world = useBotWorld({
  model: false,
  extra: {
    TRAINER_IDS: String(trainerId),
    ADMIN_IDS: String(adminId),
    PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    RATE_LIMIT_BURST: '100',
    RATE_LIMIT_PER_MINUTE: '600',
  },
});
const help = phrases('zh').help;

/** Every command name registered with `.command(…)` in the Telegram adapter's source. */
function registeredCommands(): string[] {
  const dir = 'src/channels/telegram/features';
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(`${dir}/${file}`, 'utf8');
    for (const [, args] of source.matchAll(/\.command\(\s*(\[[^\]]*\]|'[^']*'|"[^"]*")/g))
      for (const [, name] of args!.matchAll(/['"]([^'"]+)['"]/g)) names.add(name!);
  }
  return [...names].sort();
}

async function say(user: SimUser, text: string): Promise<string> {
  user.send(text);
  const message = await user.waitForMessage();
  return message.text ?? message.caption ?? '';
}

describe('trainer authorisation', () => {
  it('knows every command the bot registers as public, trainer or admin', () => {
    const known = new Set([...trainerCommands, ...adminCommands, ...publicCommands]);
    const registered = registeredCommands();
    expect(registered.length).toBeGreaterThan(20);
    expect(registered.filter((name) => !known.has(name))).toEqual([]);
    expect([...trainerCommands, ...adminCommands].filter((name) => !registered.includes(name))).toEqual([]);
  });

  it('gives a learner the ordinary bot for every staff command, and nothing changes', async () => {
    const { app } = world.bot;
    const trainer = world.api.user({ id: trainerId, first_name: '老师', language_code: 'zh-hans' });
    const admin = world.api.user({ id: adminId, first_name: '管理员', language_code: 'zh-hans' });
    const learner = world.api.user({
      id: learnerId,
      first_name: '学员',
      username: 'xueyuan',
      language_code: 'zh-hans',
    });
    const stranger = world.api.user({ id: strangerId, first_name: '路人', language_code: 'zh-hans' });

    // Trainer data to protect: a cohort with a member, a question the knowledge base could not answer.
    trainer.send('/cohort 鹿乡一组');
    const code = /\?start=([a-z0-9]+)/.exec((await trainer.waitForMessage()).caption!)![1]!;
    learner.send(`/start ${code}`);
    await learner.waitForMessage();
    learner.send('鹿场的环评怎么做？');
    await learner.waitForMessage();
    const limitsBefore = await say(admin, '/limits');
    const cohortsBefore = (await app.cohorts.visibleTo(adminId, true)).length;

    const attempts: Record<string, string> = {
      stats: '/stats',
      gaps: '/gaps',
      cohort: '/cohort 黑客组',
      cohorts: '/cohorts',
      qr: `/qr ${code}`,
      learners: `/learners ${code}`,
      learner: `/learner ${learnerId}`,
      announce: `/announce ${code} 全体注意`,
      dashboard: '/dashboard',
      answer: '/answer 1 用这个回答',
      approved: '/approved',
      downvotes: '/downvotes',
      handled: '/handled 1',
      unapprove: '/unapprove 1',
      addtrainer: `/addtrainer ${strangerId}`,
      removetrainer: `/removetrainer ${trainerId}`,
      trainers: '/trainers',
      limits: '/limits set daily_questions 1',
      usage: '/usage',
    };
    expect(Object.keys(attempts).sort()).toEqual([...trainerCommands, ...adminCommands].sort());
    for (const [command, text] of Object.entries(attempts)) {
      const before = stranger.messages().length;
      const reply = await say(stranger, text);
      expect(reply, command).toBe(help);
      expect(stranger.messages().length, command).toBe(before + 1);
    }
    expect(world.api.callsTo('sendPhoto', strangerId)).toEqual([]);
    expect(await app.roles.isTrainer(strangerId)).toBe(false);
    expect(await app.roles.isTrainer(trainerId)).toBe(true);
    expect((await app.cohorts.visibleTo(adminId, true)).length).toBe(cohortsBefore);
    expect(await say(admin, '/limits')).toBe(limitsBefore);
    // Nothing was announced to the cohort.
    expect(learner.messages().some((m) => m.text?.includes('全体注意'))).toBe(false);
    expect(await app.approvedAnswers.list()).toEqual([]);

    // The same commands from the trainer do answer (so the learner's replies above were a refusal).
    expect(await say(trainer, '/stats')).toMatch(/^📈 最近7天/);
    expect(await say(trainer, '/gaps')).toMatch(/鹿场的环评怎么做/);
    expect(await say(trainer, `/learners ${code}`)).toMatch(/学员/);
  });

  it('does not let a plain trainer use admin commands', async () => {
    const { app } = world.bot;
    const trainer = world.api.user({ id: trainerId, first_name: '老师', language_code: 'zh-hans' });
    const admin = world.api.user({ id: adminId, first_name: '管理员', language_code: 'zh-hans' });
    const limitsBefore = await say(admin, '/limits');
    for (const text of [
      `/addtrainer ${strangerId}`,
      `/removetrainer ${trainerId}`,
      '/trainers',
      '/limits set daily_questions 1',
      '/usage',
    ]) {
      const reply = await say(trainer, text);
      expect([help, '这个命令只有管理员（ADMIN_IDS）能用。'], text).toContain(reply);
    }
    expect(await app.roles.isTrainer(strangerId)).toBe(false);
    expect(await say(admin, '/limits')).toBe(limitsBefore);
  });

  it("ignores a learner pressing a trainer's announcement button", async () => {
    const trainer = world.api.user({ id: trainerId, first_name: '老师', language_code: 'zh-hans' });
    const learner = world.api.user({ id: learnerId, first_name: '学员', language_code: 'zh-hans' });
    const stranger = world.api.user({ id: strangerId, first_name: '路人', language_code: 'zh-hans' });
    const code = (await world.bot.app.cohorts.visibleTo(trainerId, false))[0]!.code;
    trainer.send(`/announce ${code} 明晚八点直播课`);
    const preview = await trainer.waitForMessage((m) => /an:go:/.test(JSON.stringify(m.reply_markup ?? {})));
    const go = /"(an:go:[\w-]+)"/.exec(JSON.stringify(preview.reply_markup))![1]!;
    const before = learner.messages().length;
    stranger.pressButton(go, preview);
    await world.api.waitForCall('answerCallbackQuery', (call) => call.response?.ok === true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(learner.messages().length).toBe(before);
    expect(learner.messages().some((m) => m.text?.includes('明晚八点直播课'))).toBe(false);
  });
});
