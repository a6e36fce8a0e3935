/** The dashboard over real HTTP and real Redis: sign-in, scope, CSRF, validation, escaping, export. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../../src/app.ts';
import type { HttpServer } from '../../../src/channels/http/server.ts';
import { startHttp } from '../../../src/channels/http/start-http.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { createLogger } from '../../../src/logging/logger.ts';
import { freePort } from '../../support/listen.ts';
import { testPrefix, testRedisUrl } from '../../support/redis.ts';
import { browserLike, csrfOf, recordTurn } from './support.ts';

const trainerA = 71001;
const trainerB = 71002;
const admin = 71003;
let app: App;
let http: HttpServer;
let cohortA: string;
let cohortB: string;
let downTurn: string;

beforeAll(async () => {
  const port = await freePort();
  const config = loadConfig({
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: testPrefix(),
    LOG_LEVEL: 'silent',
    PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    TRAINER_IDS: `${trainerA},${trainerB}`,
    ADMIN_IDS: String(admin),
  });
  app = await buildApp(config, createLogger('silent'));
  http = await startHttp(app);
  cohortA = (await app.cohorts.create('鹿乡一组', trainerA)).code;
  cohortB = (await app.cohorts.create('Other village', trainerB)).code;
  await app.cohorts.join(cohortA, 'tg:72001');
  await app.cohorts.join(cohortA, 'tg:72002');
  await app.cohorts.join(cohortB, 'tg:72003');
  await recordTurn(app, 'tg:72001', '老王', '直播间没人说话怎么办');
  await recordTurn(app, 'tg:72001', '老王', '鹿茸片能治病吗<script>alert(1)</script>', { covered: false });
  downTurn = await recordTurn(app, 'tg:72002', '小李', '=SUM(1,2) 蓝V要多少钱, "真的"');
  await app.memory.saveFeedback('tg:72002', downTurn, 'down');
  await app.memory.saveFeedback('tg:72002', downTurn, 'down', '价格说得不清楚');
  await recordTurn(app, 'tg:72003', '阿花', '视频号怎么开通');
});

afterAll(async () => {
  await http?.close();
  await app?.close();
});

/** A browser signed in as `trainerId`, and the overview page it lands on. */
async function signedIn(trainerId: number, headers: Record<string, string> = {}) {
  const browser = browserLike(http.url, headers);
  const token = await app.signIn.issue(trainerId);
  const landed = await browser.post('/dashboard/sign-in', { token });
  expect(landed.status).toBe(303);
  expect(landed.headers.get('location')).toBe('/dashboard');
  const overview = await browser.fetch('/dashboard');
  expect(overview.status).toBe(200);
  return { browser, page: await overview.text() };
}

describe('dashboard sign-in', () => {
  it('shows a button on GET without using the link; the POST signs in once, with a safe cookie', async () => {
    const browser = browserLike(http.url);
    const token = await app.signIn.issue(trainerA);
    for (let i = 0; i < 2; i++) {
      // Link previews fetch GET URLs: they must not use the link up.
      const shown = await browser.fetch(`/dashboard/sign-in?token=${token}`);
      expect(shown.status).toBe(200);
      expect(shown.headers.get('referrer-policy')).toBe('no-referrer');
      const body = await shown.text();
      expect(body).toContain('<button class="primary" type="submit">登录</button>');
      expect(body).toContain('10分钟内有效');
    }
    const signIn = await browser.post('/dashboard/sign-in', { token });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('cunbo_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
    expect(await (await browser.fetch('/dashboard')).text()).toContain('鹿乡一组');

    const again = await browserLike(http.url).post('/dashboard/sign-in', { token });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('已过期或已经用过了');
  });

  it('refuses unknown and malformed tokens, and pages without a session', async () => {
    const stranger = browserLike(http.url);
    expect((await stranger.post('/dashboard/sign-in', { token: 'A'.repeat(43) })).status).toBe(410);
    const bad = await stranger.fetch('/dashboard/sign-in?token=<x>');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('token: expected a sign-in token');
    for (const path of [
      '/dashboard',
      '/dashboard/log',
      '/dashboard/log.csv',
      `/dashboard/learner?id=tg:72001`,
    ]) {
      const response = await stranger.fetch(path);
      expect(response.status, path).toBe(401);
      expect(await response.text()).toContain('/dashboard');
    }
    const forged = browserLike(http.url);
    forged.cookies.set('cunbo_session', 'B'.repeat(43));
    expect((await forged.fetch('/dashboard')).status).toBe(401);
  });

  it('signs out only with the form token (CSRF), and the session is gone afterwards', async () => {
    const { browser, page } = await signedIn(trainerA);
    expect((await browser.post('/dashboard/logout', {})).status).toBe(403);
    expect((await browser.post('/dashboard/logout', { csrf: 'x'.repeat(43) })).status).toBe(403);
    const out = await browser.post('/dashboard/logout', { csrf: csrfOf(page) });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/dashboard/signed-out');
    const session = [...browser.cookies.values()];
    expect(session).toEqual([]);
    expect((await browser.fetch('/dashboard')).status).toBe(401);
  });
});

describe('dashboard pages', () => {
  it('shows a trainer their cohort only: overview, learners, log; another cohort is 403', async () => {
    const { browser, page } = await signedIn(trainerA);
    expect(page).toMatch(/<b>2<\/b>活跃学员/);
    expect(page).toMatch(/<b>3<\/b>提问/);
    expect(page).toMatch(/<b>1<\/b>👎 不对/);
    expect(page).toContain('<svg class="chart"');

    const learners = await (await browser.fetch(`/dashboard/learners?cohort=${cohortA}`)).text();
    expect(learners).toContain('老王');
    expect(learners).toContain('小李');
    expect(learners).not.toContain('阿花');
    expect(learners).toMatch(/role="progressbar" aria-valuenow="0" aria-valuemin="0" aria-valuemax="\d+"/);

    const log = await (await browser.fetch('/dashboard/log')).text();
    expect(log).toContain('直播间没人说话怎么办');
    expect(log).not.toContain('视频号怎么开通');
    expect(log).toContain('共 3 条');
    // An address typed with a trailing slash is the same page.
    expect(await (await browser.fetch('/dashboard/log/')).text()).toContain('共 3 条');

    expect((await browser.fetch('/dashboard/learner?id=tg:72003')).status).toBe(403);
    expect((await browser.fetch(`/dashboard/log?cohort=${cohortB}`)).status).toBe(403);
    expect((await browser.fetch(`/dashboard/learners?cohort=${cohortB}`)).status).toBe(403);
    expect((await browser.fetch('/dashboard/log.csv?user=tg:72003')).status).toBe(403);

    const learner = await browser.fetch('/dashboard/learner?id=tg:72001');
    expect(learner.status).toBe(200);
    const text = await learner.text();
    expect(text).toContain('<h1>老王</h1>');
    expect(text).toContain('直播间没人说话怎么办');
  });

  it('lets an admin see every cohort', async () => {
    const { browser } = await signedIn(admin);
    const log = await (await browser.fetch('/dashboard/log')).text();
    expect(log).toContain('视频号怎么开通');
    expect(log).toContain('直播间没人说话怎么办');
    expect((await browser.fetch('/dashboard/learner?id=tg:72003')).status).toBe(200);
  });

  it("escapes learners' words and filters the log (not covered, 👎, words, dates)", async () => {
    const { browser } = await signedIn(trainerA);
    const notCovered = await (await browser.fetch('/dashboard/log?notCovered=1')).text();
    expect(notCovered).toContain('共 1 条');
    expect(notCovered).toContain('鹿茸片能治病吗&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(notCovered).not.toContain('<script>');
    const down = await (await browser.fetch('/dashboard/log?down=1')).text();
    expect(down).toContain('共 1 条');
    expect(down).toContain('价格说得不清楚');
    expect(
      await (await browser.fetch(`/dashboard/log?q=${encodeURIComponent('没人说话')}`)).text(),
    ).toContain('共 1 条');
    expect(await (await browser.fetch('/dashboard/log?from=2020-01-01&to=2020-01-31')).text()).toContain(
      '共 0 条',
    );
  });

  it('answers bad input with 400 and what was expected, never a 500', async () => {
    const { browser } = await signedIn(trainerA);
    for (const [path, message] of [
      ['/dashboard/log?from=2026-13-45', 'from: expected a real date YYYY-MM-DD'],
      [
        '/dashboard/log?from=2026-05-02&to=2026-05-01',
        'from: expected &quot;from&quot; on or before &quot;to&quot;',
      ],
      ['/dashboard/log?page=abc', 'page:'],
      ['/dashboard/log?track=cooking', 'track: expected one of account'],
      ['/dashboard/log?user=<b>', 'user: expected a learner id'],
      ['/dashboard/learner?id=', 'id: expected a learner id'],
      ['/dashboard?days=1000', 'days: expected 1 to 90 days'],
      ['/dashboard/learners?cohort=NOPE!', 'cohort: expected a cohort code'],
      ['/dashboard?lang=fr', 'expected zh or en'],
    ] as const) {
      const response = await browser.fetch(path);
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toContain(message);
    }
  });

  it('speaks English by Accept-Language or ?lang=, with a toggle', async () => {
    const { browser, page } = await signedIn(trainerA, { 'accept-language': 'en-US,en;q=0.9' });
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('active learners');
    expect(page).toMatch(/href="\/dashboard\?lang=zh"[^>]*>中文</);
    const zh = await (await browser.fetch('/dashboard/log?lang=zh')).text();
    expect(zh).toContain('提问记录');
    // The choice sticks on the next page.
    expect(await (await browser.fetch('/dashboard/learners')).text()).toContain('课程进度');
  });
});

describe('dashboard export', () => {
  it('downloads the filtered log as CSV (BOM, quoted, formula-safe) and JSON Lines', async () => {
    const { browser } = await signedIn(trainerA);
    const csv = await browser.fetch(`/dashboard/log.csv?cohort=${cohortA}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="cunbo-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,time,user,name,cohorts,language,track,question,answer,not_covered,vote,note,citations,mode',
    );
    expect(lines).toHaveLength(4);
    expect(text).toContain('"\'=SUM(1,2) 蓝V要多少钱, ""真的"""');
    expect(text).toContain(`${downTurn},`);
    expect(text).toContain('down,价格说得不清楚');
    expect(text).not.toContain('视频号怎么开通');

    const jsonl = await browser.fetch('/dashboard/log.jsonl?notCovered=1');
    expect(jsonl.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.jsonl"$/);
    const rows = (await jsonl.text())
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toEqual([
      expect.objectContaining({
        user: 'tg:72001',
        name: '老王',
        cohorts: cohortA,
        question: '鹿茸片能治病吗<script>alert(1)</script>',
        not_covered: '1',
      }),
    ]);
  });
});

describe('dashboard gaps', () => {
  it("lists the scope's gaps grouped, with their status", async () => {
    const { browser } = await signedIn(trainerA);
    const page = await (await browser.fetch('/dashboard/gaps')).text();
    expect(page).toContain('鹿茸片能治病吗&lt;script&gt;');
    expect(page).toContain('1次');
    expect(page).toContain('待处理');
    const other = await signedIn(trainerB);
    expect(await (await other.browser.fetch('/dashboard/gaps')).text()).not.toContain('鹿茸片');
  });

  it('approves an answer to a gap, marks gaps handled and reopens them, with the form token', async () => {
    const { browser } = await signedIn(trainerA);
    const page = await (await browser.fetch('/dashboard/gaps')).text();
    const csrf = csrfOf(page);
    const key = /name="kind" value="gap"><input type="hidden" name="ref" value="([^"]+)"/.exec(page)![1]!;
    const question = '鹿茸片能治病吗<script>alert(1)</script>';
    expect(key).toBe(app.gapStatuses.key(question));
    const answer = '不能。鹿茸片是食品，不能宣传治病（广告法）。';

    expect(
      (await browser.post('/dashboard/answers', { kind: 'gap', ref: key, question, answer })).status,
    ).toBe(403);
    const empty = await browser.post('/dashboard/answers', {
      csrf,
      kind: 'gap',
      ref: key,
      question,
      answer: ' ',
    });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('answer: expected an answer');
    const wrongRef = await browser.post('/dashboard/answers', {
      csrf,
      kind: 'gap',
      ref: 'nope',
      question,
      answer,
    });
    expect(wrongRef.status).toBe(400);

    const saved = await browser.post('/dashboard/answers', {
      csrf,
      kind: 'gap',
      ref: key,
      question,
      answer,
      lesson: 'compliance-health-claims-zh',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/dashboard/gaps?saved=1');
    expect((await app.approvedAnswers.match(question))?.answer).toBe(answer);
    expect((await app.gapStatuses.get([key])).get(key)?.status).toBe('answered');
    expect(await (await browser.fetch('/dashboard/gaps?saved=1')).text()).toContain('已回答');

    expect((await browser.post('/dashboard/gaps/reopen', { csrf, key })).status).toBe(303);
    expect((await app.gapStatuses.get([key])).get(key)?.status).toBe('open');
    expect(
      (await browser.post('/dashboard/gaps/handled', { csrf, key, lesson: 'compliance-health-claims-zh' }))
        .status,
    ).toBe(303);
    expect((await app.gapStatuses.get([key])).get(key)).toMatchObject({
      status: 'handled',
      lesson: 'compliance-health-claims-zh',
      by: trainerA,
    });
    const bad = await browser.post('/dashboard/gaps/handled', { csrf, key, lesson: 'Not a lesson!' });
    expect(bad.status).toBe(400);
  });

  it('shows what the checker flags in an answer and stores it only when the trainer approves it as written', async () => {
    const { browser } = await signedIn(trainerA);
    const page = await (await browser.fetch('/dashboard/gaps')).text();
    const csrf = csrfOf(page);
    const question = '鹿茸片能治病吗<script>alert(1)</script>';
    const key = app.gapStatuses.key(question);
    const before = (await app.approvedAnswers.match(question))?.answer;
    // A trainer's warning that names the claim it warns about: the checker flags it.
    const answer = '不能说。鹿茸片说能治病就是违法宣传，最好的办法是讲产地和吃法。';
    const flagged = app.compliance.check(answer).violations;
    expect(flagged.length).toBeGreaterThan(0);

    const shown = await browser.post('/dashboard/answers', {
      csrf,
      kind: 'gap',
      ref: key,
      question,
      answer,
      lesson: 'compliance-health-claims-zh',
    });
    expect(shown.status).toBe(200);
    const confirm = await shown.text();
    expect(confirm).toContain('还没保存。自动检查在这个回答里标出');
    for (const v of flagged) {
      expect(confirm).toContain(`<b>「${v.span.text}」</b>`);
      expect(confirm).toContain(`<mark>${v.span.text}</mark>`);
    }
    expect(confirm).toContain('<div class="small">规则: ');
    expect(confirm).toContain('<div class="small">为什么: ');
    expect(confirm).toContain('照原文认可');
    // The edit box holds the text as written, escaped; the question stays escaped too.
    expect(confirm).toContain(`<textarea name="answer" required maxlength="3500">${answer}</textarea>`);
    expect(confirm).toContain('鹿茸片能治病吗&lt;script&gt;');
    expect(confirm).not.toContain('<script>alert(1)');
    // Nothing stored yet.
    expect((await app.approvedAnswers.match(question))?.answer).toBe(before);

    // "Approve as written" posts the form's hidden fields, confirm=1 among them.
    const form =
      /<form method="post" action="\/dashboard\/answers">((?:(?!<\/form>)[\s\S])*name="confirm" value="1"[\s\S]*?)<\/form>/.exec(
        confirm,
      )![1]!;
    const fields = Object.fromEntries(
      [...form.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map(([, name, value]) => [
        name!,
        value!
          .replaceAll('&lt;', '<')
          .replaceAll('&gt;', '>')
          .replaceAll('&quot;', '"')
          .replaceAll('&#39;', "'")
          .replaceAll('&amp;', '&'),
      ]),
    );
    expect(fields).toMatchObject({ kind: 'gap', ref: key, question, answer, confirm: '1' });
    const saved = await browser.post('/dashboard/answers', fields);
    expect(saved.status).toBe(303);
    // Stored byte for byte, and served so.
    expect(await app.approvedAnswers.match(question)).toMatchObject({
      answer,
      lesson: 'compliance-health-claims-zh',
    });
    expect((await app.gapStatuses.get([key])).get(key)?.status).toBe('answered');

    // An edited text goes through the check again; a clean one (a quoted bad example) is stored at once.
    const edited = '不能说。别说❌"能治病"❌，可以讲产地和吃法。';
    expect(app.compliance.check(edited).violations).toEqual([]);
    const again = await browser.post('/dashboard/answers', {
      csrf,
      kind: 'gap',
      ref: key,
      question,
      answer: edited,
    });
    expect(again.status).toBe(303);
    expect((await app.approvedAnswers.match(question))?.answer).toBe(edited);
  });

  it("approves an answer from a 👎 in the log, for the trainer's own learners only", async () => {
    const question = '=SUM(1,2) 蓝V要多少钱, "真的"';
    const answer = '蓝V认证费用以平台当时公布的为准，在抖店后台查看。';
    const other = await signedIn(trainerB);
    const refused = await other.browser.post('/dashboard/answers', {
      csrf: csrfOf(other.page),
      kind: 'feedback',
      ref: downTurn,
      question,
      answer,
    });
    expect(refused.status).toBe(403);

    const { browser } = await signedIn(trainerA);
    const log = await (await browser.fetch('/dashboard/log?down=1')).text();
    expect(log).toContain(`name="ref" value="${downTurn}"`);
    const back = /name="back" value="([^"]+)"/.exec(log)![1]!.replaceAll('&amp;', '&');
    const saved = await browser.post('/dashboard/answers', {
      csrf: csrfOf(log),
      kind: 'feedback',
      ref: downTurn,
      question,
      answer,
      back,
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/dashboard/log?down=1');
    expect(await app.approvedAnswers.match(question)).toMatchObject({
      answer,
      trainerId: trainerA,
      source: { kind: 'feedback', ref: downTurn },
    });
    const offsite = await browser.post('/dashboard/answers', {
      csrf: csrfOf(log),
      kind: 'feedback',
      ref: downTurn,
      question,
      answer,
      back: 'https://evil.example/',
    });
    expect(offsite.status).toBe(400);
  });
});
