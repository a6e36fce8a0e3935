/**
 * The dashboard in real headless Chromium, driven from the bot: a trainer makes a cohort, learners join and
 * ask, the trainer sends /dashboard, and the browser signs in through the link the bot sent, filters the
 * log to the cohort, opens a learner and downloads the CSV. Reused and expired links, and a trainer of
 * another cohort, are refused.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/listen.ts';
import { useBotWorld } from '../../support/test-bot.ts';

const chromiumPath = '/usr/bin/chromium';
const missing = !existsSync(chromiumPath);
if (missing && !process.env.CI) {
  console.warn(
    `dashboard.browser.test.ts: skipped, ${chromiumPath} is missing (apt-get install chromium); in CI it must run`,
  );
}

const trainerId = 73001;
const otherTrainerId = 73002;
const port = await freePort();
const extra = {
  TRAINER_IDS: `${trainerId},${otherTrainerId}`,
  PORT: String(port),
  HTTP_HOST: '127.0.0.1',
  PUBLIC_URL: `http://127.0.0.1:${port}`,
};
const world = useBotWorld({ model: false, extra });

let browser: Browser;
beforeAll(async () => {
  if (missing && !process.env.CI) return;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** The cohort code in the bot's reply to /cohort (a text, or a QR code's caption). */
function cohortCode(message: { text?: string; caption?: string }): string {
  return /\?start=([a-z0-9]+)/.exec(message.text ?? message.caption ?? '')![1]!;
}

/** Sends /dashboard as `id` and returns the link from the bot's reply. */
async function dashboardLink(id: number, name: string): Promise<string> {
  const trainer = world.api.user({ id, first_name: name, language_code: 'zh-hans' });
  trainer.sendCommand('/dashboard');
  const reply = (await trainer.waitForMessage()).text!;
  expect(reply).toMatch(/10分钟内有效|分钟内有效，只能用一次/);
  return /(http:\/\/\S+)/.exec(reply)![1]!;
}

/** Opens a sign-in link in a fresh browser context and presses "登录". */
async function signIn(link: string): Promise<{ context: BrowserContext; status: number | undefined }> {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(link);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/dashboard/sign-in') && r.request().method() === 'POST'),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
  await page.waitForLoadState();
  return { context, status: response.status() };
}

describe.skipIf(missing && !process.env.CI)('the dashboard in headless Chromium', () => {
  it('signs a trainer in from the bot, filters the log to the cohort, opens a learner, exports the CSV; others are refused', async () => {
    const trainer = world.api.user({ id: trainerId, first_name: '张老师', language_code: 'zh-hans' });
    trainer.sendCommand('/cohort 鹿乡一组');
    const code = cohortCode(await trainer.waitForMessage());

    const zhao = world.api.user({ id: 73011, first_name: '老赵', language_code: 'zh-hans' });
    zhao.sendCommand(`/start ${code}`);
    await zhao.waitForMessage((m) => /用哪种语言/.test(m.text ?? ''));
    zhao.send('鹿场的环评怎么做？');
    expect((await zhao.waitForMessage()).text).toBeTruthy();

    const qian = world.api.user({ id: 73012, first_name: '小钱', language_code: 'zh-hans' });
    qian.sendCommand(`/start ${code}`);
    await qian.waitForMessage((m) => /用哪种语言/.test(m.text ?? ''));
    qian.send('蓝V要多少钱');
    const answer = await qian.waitForMessage();
    const down = (answer.reply_markup?.inline_keyboard.flat() ?? [])
      .map((b) => ('callback_data' in b ? b.callback_data : ''))
      .find((data) => data?.startsWith('fb:down:'))!;
    qian.pressButton(down);
    await qian.waitForMessage((m) => /哪里不对/.test(m.text ?? ''));

    // The trainer's second cohort: in the unfiltered log, not in the filtered one.
    trainer.sendCommand('/cohort 鹿乡二组');
    const second = cohortCode(await trainer.waitForMessage());
    const sun = world.api.user({ id: 73014, first_name: '老孙', language_code: 'zh-hans' });
    sun.sendCommand(`/start ${second}`);
    await sun.waitForMessage((m) => /用哪种语言/.test(m.text ?? ''));
    sun.send('抖音怎么开店');
    await sun.waitForMessage();

    // Someone outside the cohorts asks too: the trainer must not see it.
    const outsider = world.api.user({ id: 73013, first_name: '路人', language_code: 'zh-hans' });
    outsider.send('视频号怎么开通');
    await outsider.waitForMessage();

    const link = await dashboardLink(trainerId, '张老师');
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/dashboard/sign-in\\?token=[\\w-]{43}$`));

    const { context, status } = await signIn(link);
    expect(status).toBe(303);
    const page = context.pages()[0]!;
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect(page.locator('h1').textContent()).resolves.toBe('总览');
    await expect(page.locator('.cards .card').first().textContent()).resolves.toBe('3活跃学员');
    expect(await page.locator('svg.chart').count()).toBe(4);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'cunbo_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });

    // The log, filtered to the cohort.
    await page.getByRole('link', { name: '提问记录' }).click();
    await expect(page.locator('#count').textContent()).resolves.toBe('共 3 条');
    await page.locator('select[name="cohort"]').selectOption(code);
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/\/dashboard\/log\?.*cohort=/);
    expect(new URL(page.url()).searchParams.get('cohort')).toBe(code);
    await expect(page.locator('#count').textContent()).resolves.toBe('共 2 条');
    const table = (await page.locator('table').textContent())!;
    expect(table).toContain('鹿场的环评怎么做？');
    expect(table).toContain('蓝V要多少钱');
    expect(table).not.toContain('视频号怎么开通');
    expect(table).not.toContain('抖音怎么开店');
    expect(table).toContain('没覆盖');
    expect(table).toContain('👎');

    // A learner's page.
    await page.getByRole('link', { name: '老赵' }).click();
    await page.waitForURL(/\/dashboard\/learner\?id=tg%3A73011/);
    await expect(page.locator('h1').textContent()).resolves.toBe('老赵');
    expect(await page.locator('main').textContent()).toContain('鹿场的环评怎么做？');

    // The CSV of the filtered log.
    await page.goBack();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '导出 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^cunbo-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString('utf8');
    expect(text).toContain('鹿场的环评怎么做？');
    expect(text).toContain(`tg:73011,老赵,${code}`);
    expect(text).not.toContain('视频号怎么开通');
    expect(text).not.toContain('抖音怎么开店');
    await context.close();

    // The same link again: refused.
    const reused = await signIn(link);
    expect(reused.status).toBe(410);
    expect(await reused.context.pages()[0]!.locator('main').textContent()).toContain('已过期或已经用过了');
    await reused.context.close();

    // A trainer of another cohort signs in, but cannot open this cohort's learner or see its questions.
    const other = await signIn(await dashboardLink(otherTrainerId, '李老师'));
    expect(other.status).toBe(303);
    const otherPage = other.context.pages()[0]!;
    const refused = await otherPage.goto(`http://127.0.0.1:${port}/dashboard/learner?id=tg:73011`);
    expect(refused?.status()).toBe(403);
    expect(await otherPage.locator('main').textContent()).toContain('没有权限');
    await otherPage.goto(`http://127.0.0.1:${port}/dashboard/log`);
    expect(await otherPage.locator('main').textContent()).not.toContain('鹿场的环评怎么做？');
    await other.context.close();
  }, 90_000);

  it('refuses an expired link', async () => {
    await world.restart({ model: false, extra: { ...extra, DASHBOARD_LINK_TTL_SECONDS: '1' } });
    const link = await dashboardLink(trainerId, '张老师');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const expired = await signIn(link);
    expect(expired.status).toBe(410);
    expect(await expired.context.pages()[0]!.locator('main').textContent()).toContain('已过期或已经用过了');
    await expired.context.close();
  }, 60_000);
});
