/**
 * @module The trainers' web dashboard, served at `/dashboard` by the bot process's HTTP server.
 *
 * Sign-in: the bot sends a trainer a one-time link; its GET only shows a button (Telegram's link preview
 * fetches GET URLs, so a GET must not use up the link), the button's POST redeems it and sets an HttpOnly,
 * SameSite=Lax session cookie. Every other page needs that session, re-checks that its owner is still a
 * trainer, and shows only what their scope allows; every form carries the session's CSRF token.
 */
import type { Context, Next } from 'hono';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { z } from 'zod';
import { languageFromHint } from '../../core/language.ts';
import type { Language } from '../../core/turn.ts';
import type { TrainerScope } from '../../trainer/learners.ts';
import { csrfMatches, type Session } from '../../trainer/sign-in.ts';
import type { HttpPart } from '../http/http-app.ts';
import { approveConfirmPage } from './approve-confirm.ts';
import { exportRow, toCsv, toJsonLines } from './export.ts';
import { gapsPage } from './gaps-page.ts';
import { html } from './html.ts';
import {
  approveForm,
  describeIssues,
  gapForm,
  langQuery,
  learnerQuery,
  learnersQuery,
  logoutForm,
  logQuery,
  overviewQuery,
  signInForm,
} from './inputs.ts';
import { page } from './layout.ts';
import { learnerPage, learnersPage } from './learner-pages.ts';
import { logFilter, logPage } from './log-page.ts';
import { overviewPage } from './overview-page.ts';
import type { DashboardDeps, View } from './view.ts';
import { type DashboardWords, dashboardWords } from './words.ts';

export type { DashboardDeps } from './view.ts';

/** The session cookie's name. */
export const sessionCookie = 'cunbo_session';
const languageCookie = 'cunbo_lang';

type Env = {
  Variables: { language: Language; words: DashboardWords; session: Session; scope: TrainerScope };
};
type Ctx = Context<Env>;

// No scripts at all; styles inline; forms post only here; never framed; the sign-in token in the URL
// never leaks through a Referer.
const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
};

/** The dashboard as a part of the HTTP server, mounted at `/dashboard`. */
export function dashboardPart(deps: DashboardDeps): HttpPart {
  const now = deps.now ?? Date.now;
  const secure = deps.publicUrl.startsWith('https://');
  const app = new Hono<Env>();

  const show = (
    c: Ctx,
    status: 200 | 400 | 401 | 403 | 404 | 410,
    title: string,
    body: ReturnType<typeof html>,
    csrf?: string,
  ) => c.html(page(title, body, { words: c.var.words, url: new URL(c.req.url), csrf }), status);
  const fail = (c: Ctx, status: 400 | 401 | 403 | 404 | 410, message: string, details: string[] = []) =>
    show(
      c,
      status,
      status === 400 ? c.var.words.errors.badRequest : message,
      html`<div class="error" role="alert"><p>${message}</p>${details.length ? html`<ul>${details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}</div>`,
      c.var.session?.csrf,
    );

  /** Parses `input` or answers 400 naming the bad fields. */
  function parse<T extends z.ZodType>(c: Ctx, schema: T, input: unknown): z.infer<T> | Response {
    const parsed = schema.safeParse(input);
    if (parsed.success) return parsed.data;
    return fail(c, 400, c.var.words.errors.badRequest, describeIssues(parsed.error)) as unknown as Response;
  }
  const isResponse = (value: unknown): value is Response => value instanceof Response;
  const form = async (c: Ctx) => {
    const body = await c.req.parseBody().catch(() => ({}));
    // Repeated fields come as arrays: keep the first, as a form has one of each.
    return Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
    ) as Record<string, unknown>;
  };

  app.use('*', async (c, next) => {
    for (const [name, value] of Object.entries(securityHeaders)) c.header(name, value);
    const asked = langQuery.safeParse(c.req.query('lang'));
    const chosen = asked.success ? asked.data : undefined;
    const remembered = getCookie(c, languageCookie);
    const language: Language =
      chosen ??
      (remembered === 'en' || remembered === 'zh'
        ? remembered
        : languageFromHint(c.req.header('accept-language')));
    c.set('language', language);
    c.set('words', dashboardWords(language));
    if (!asked.success) return fail(c, 400, c.var.words.errors.badRequest, describeIssues(asked.error));
    // A display preference, not state: the toggle's choice sticks across pages.
    if (chosen)
      setCookie(c, languageCookie, chosen, {
        path: '/dashboard',
        sameSite: 'Lax',
        secure,
        maxAge: 31_536_000,
      });
    await next();
  });

  app.get('/sign-in', (c) => {
    const token = c.req.query('token');
    const parsed = signInForm.safeParse({ token });
    if (!parsed.success) return fail(c, 400, c.var.words.errors.badRequest, describeIssues(parsed.error));
    const say = c.var.words.signIn;
    return show(
      c,
      200,
      say.heading,
      html`<section class="box"><p>${say.body(Math.max(1, Math.round(deps.signIn.linkTtlSeconds / 60)))}</p><form method="post" action="/dashboard/sign-in"><input type="hidden" name="token" value="${parsed.data.token}"><button class="primary" type="submit">${say.button}</button></form></section>`,
    );
  });

  app.post('/sign-in', async (c) => {
    const input = parse(c, signInForm, await form(c));
    if (isResponse(input)) return input;
    const trainerId = await deps.signIn.redeem(input.token);
    if (trainerId === undefined) return fail(c, 410, c.var.words.signIn.refused);
    if (!(await deps.directory.scope(trainerId))) return fail(c, 403, c.var.words.errors.notTrainer);
    const session = await deps.signIn.open(trainerId);
    setCookie(c, sessionCookie, session.id, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure,
      maxAge: 12 * 3_600,
    });
    deps.logger.info({ trainerId }, 'dashboard sign-in');
    return c.redirect('/dashboard', 303);
  });

  app.get('/signed-out', (c) =>
    show(c, 200, c.var.words.signIn.loggedOut, html`<p class="muted">${c.var.words.signIn.signedOut}</p>`),
  );

  // Everything below needs a session whose owner is still a trainer.
  app.use('*', async (c: Ctx, next: Next) => {
    const id = getCookie(c, sessionCookie);
    const session = id ? await deps.signIn.session(id) : undefined;
    if (!session) return fail(c, 401, c.var.words.signIn.signedOut);
    const scope = await deps.directory.scope(session.trainerId);
    if (!scope) return fail(c, 403, c.var.words.errors.notTrainer);
    c.set('session', session);
    c.set('scope', scope);
    if (c.req.method === 'POST') {
      const submitted = (await form(c)).csrf;
      if (!csrfMatches(session, typeof submitted === 'string' ? submitted : undefined))
        return fail(c, 403, c.var.words.errors.csrf);
    }
    await next();
  });

  const view = (c: Ctx): View => ({
    deps,
    words: c.var.words,
    language: c.var.language,
    url: new URL(c.req.url),
    scope: c.var.scope,
    csrf: c.var.session.csrf,
    now: now(),
  });
  const render = (
    c: Ctx,
    current: 'overview' | 'learners' | 'log' | 'gaps' | undefined,
    title: string,
    body: ReturnType<typeof html>,
  ) =>
    c.html(
      page(title, body, { words: c.var.words, url: new URL(c.req.url), current, csrf: c.var.session.csrf }),
    );
  const cohortAllowed = (c: Ctx, cohort: string | undefined) =>
    !cohort || c.var.scope.cohorts.some((owned) => owned.code === cohort);

  const overview = async (c: Ctx) => {
    const query = parse(c, overviewQuery, c.req.query());
    if (isResponse(query)) return query;
    if (!cohortAllowed(c, query.cohort)) return fail(c, 403, c.var.words.errors.forbidden);
    return render(c, 'overview', c.var.words.nav.overview, await overviewPage(view(c), query));
  };
  app.get('/', overview);

  app.get('/learners', async (c) => {
    const query = parse(c, learnersQuery, c.req.query());
    if (isResponse(query)) return query;
    if (!cohortAllowed(c, query.cohort)) return fail(c, 403, c.var.words.errors.forbidden);
    return render(c, 'learners', c.var.words.learners.heading, await learnersPage(view(c), query));
  });

  app.get('/learner', async (c) => {
    const query = parse(c, learnerQuery, c.req.query());
    if (isResponse(query)) return query;
    if (!c.var.scope.includes(query.id)) return fail(c, 403, c.var.words.errors.forbidden);
    const { title, body } = await learnerPage(view(c), query.id);
    return render(c, 'learners', title, body);
  });

  app.get('/log', async (c) => {
    const query = parse(c, logQuery, c.req.query());
    if (isResponse(query)) return query;
    if (!cohortAllowed(c, query.cohort) || (query.user && !c.var.scope.includes(query.user)))
      return fail(c, 403, c.var.words.errors.forbidden);
    return render(c, 'log', c.var.words.log.heading, await logPage(view(c), query));
  });

  const exportLog = (format: 'csv' | 'jsonl') => async (c: Ctx) => {
    const query = parse(c, logQuery, c.req.query());
    if (isResponse(query)) return query;
    if (!cohortAllowed(c, query.cohort) || (query.user && !c.var.scope.includes(query.user)))
      return fail(c, 403, c.var.words.errors.forbidden);
    const rows = await deps.turns.search(c.var.scope, logFilter(query), { now: now() });
    const names = new Map<string, string>();
    for (const userId of new Set(rows.map((r) => r.userId)))
      names.set(userId, (await deps.memory.user(userId))?.displayName ?? userId);
    const exported = rows.map((row) =>
      exportRow(row, {
        name: names.get(row.userId) ?? row.userId,
        cohorts: c.var.scope.cohortsOf.get(row.userId) ?? [],
      }),
    );
    const stamp = new Date(now() + 8 * 3_600_000).toISOString().slice(0, 10);
    c.header('Content-Disposition', `attachment; filename="cunbo-log-${stamp}.${format}"`);
    deps.logger.info({ trainerId: c.var.session.trainerId, rows: rows.length, format }, 'dashboard export');
    return format === 'csv'
      ? c.body(toCsv(exported), 200, { 'Content-Type': 'text/csv; charset=utf-8' })
      : c.body(toJsonLines(exported), 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  };
  app.get('/log.csv', exportLog('csv'));
  app.get('/log.jsonl', exportLog('jsonl'));

  app.get('/gaps', async (c) =>
    render(
      c,
      'gaps',
      c.var.words.gaps.heading,
      await gapsPage(view(c), c.req.query('saved') ? c.var.words.gaps.saved : undefined),
    ),
  );

  app.post('/answers', async (c) => {
    const input = parse(c, approveForm, await form(c));
    if (isResponse(input)) return input;
    if (!deps.approvedAnswers || !deps.gapStatuses) return fail(c, 404, c.var.words.gaps.unavailable);
    if (input.kind === 'feedback') {
      // Only a turn of one of their learners, and the question as it was asked.
      const turn = await deps.turns.get(input.ref);
      if (!turn || !c.var.scope.includes(turn.userId)) return fail(c, 403, c.var.words.errors.forbidden);
      if (turn.question !== input.question)
        return fail(c, 400, c.var.words.errors.badRequest, ["question: not the turn's question"]);
    } else if (deps.gapStatuses.key(input.question) !== input.ref) {
      return fail(c, 400, c.var.words.errors.badRequest, ['ref: not the gap of this question']);
    }
    // The checker flags something: show it and store nothing until the trainer approves the text as written.
    if (input.confirm !== '1' && deps.checker) {
      const { violations } = deps.checker.check(input.answer, { lang: c.var.language });
      if (violations.length > 0)
        return render(
          c,
          input.kind === 'gap' ? 'gaps' : 'log',
          c.var.words.confirm.heading,
          approveConfirmPage(view(c), input, violations),
        );
    }
    const trainerId = c.var.session.trainerId;
    const approved = await deps.approvedAnswers.approve({
      question: input.question,
      answer: input.answer,
      trainerId,
      trainerName: (await deps.memory.user(`tg:${trainerId}`))?.displayName ?? String(trainerId),
      language: input.language,
      source: { kind: input.kind, ref: input.ref },
      lesson: input.lesson,
    });
    if (input.kind === 'gap') await deps.gapStatuses.markAnswered(input.ref, trainerId, approved.id);
    deps.logger.info({ trainerId, answerId: approved.id, kind: input.kind }, 'dashboard approved an answer');
    return c.redirect(input.back ?? '/dashboard/gaps?saved=1', 303);
  });

  app.post('/gaps/handled', async (c) => {
    const input = parse(c, gapForm, await form(c));
    if (isResponse(input)) return input;
    if (!deps.gapStatuses) return fail(c, 404, c.var.words.gaps.unavailable);
    await deps.gapStatuses.markHandled(input.key, c.var.session.trainerId, input.lesson);
    return c.redirect('/dashboard/gaps?saved=1', 303);
  });

  app.post('/gaps/reopen', async (c) => {
    const input = parse(c, gapForm, await form(c));
    if (isResponse(input)) return input;
    if (!deps.gapStatuses) return fail(c, 404, c.var.words.gaps.unavailable);
    await deps.gapStatuses.reopen(input.key);
    return c.redirect('/dashboard/gaps?saved=1', 303);
  });

  app.post('/logout', async (c) => {
    const input = parse(c, logoutForm, await form(c));
    if (isResponse(input)) return input;
    await deps.signIn.close(c.var.session.id);
    deleteCookie(c, sessionCookie, { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
    return c.redirect('/dashboard/signed-out', 303);
  });

  return { path: '/dashboard', app: app as unknown as Hono };
}
