/** @module The log viewer: every question with its answer, filtered, paginated, exportable. */
import { tracks } from '../../knowledge/schema.ts';
import type { LogFilter, LogRow } from '../../trainer/turn-query.ts';
import { type Html, html } from './html.ts';
import type { LogQuery } from './inputs.ts';
import { chinaTime, cohortSelect, csrfField, learnerLink, namesOf, tag, type View } from './view.ts';

/** Rows a page shows. */
export const pageSize = 50;

/** The core filter of a parsed query. */
export function logFilter(query: LogQuery): LogFilter {
  return {
    cohort: query.cohort,
    userId: query.user,
    from: query.from,
    to: query.to,
    track: query.track,
    notCovered: query.notCovered,
    downvoted: query.down,
    text: query.q,
  };
}

/** The query string of the filters (without the page), for links and exports. */
export function filterParams(query: LogQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of [
    ['cohort', query.cohort],
    ['user', query.user],
    ['from', query.from],
    ['to', query.to],
    ['track', query.track],
    ['notCovered', query.notCovered ? '1' : undefined],
    ['down', query.down ? '1' : undefined],
    ['q', query.q],
  ] as const) {
    if (value) params.set(name, value);
  }
  return params;
}

function approveForm(view: View, row: LogRow, back: string): Html {
  const say = view.words.log;
  return html`<details><summary class="small">${say.approve}</summary><form method="post" action="/dashboard/answers">${csrfField(view)}<input type="hidden" name="kind" value="feedback"><input type="hidden" name="ref" value="${row.id}"><input type="hidden" name="question" value="${row.question}"><input type="hidden" name="language" value="${row.language === 'en' ? 'en' : 'zh'}"><input type="hidden" name="back" value="${back}"><textarea name="answer" required maxlength="3500"></textarea><button class="primary" type="submit">${say.approveButton}</button></form></details>`;
}

/** The log viewer's body. */
export async function logPage(view: View, query: LogQuery): Promise<Html> {
  const { deps, words, scope, now } = view;
  const say = words.log;
  const rows = await deps.turns.search(scope, logFilter(query), { now });
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(query.page, pages);
  const shown = rows.slice((page - 1) * pageSize, page * pageSize);
  const names = await namesOf(
    view,
    shown.map((r) => r.userId),
  );
  const params = filterParams(query);
  const here = `/dashboard/log${params.size ? `?${params}` : ''}`;
  const pageLink = (n: number) => {
    const p = new URLSearchParams(params);
    p.set('page', String(n));
    return `/dashboard/log?${p}`;
  };
  const body = shown.map(
    (r) =>
      html`<tr><td class="small muted">${chinaTime(r.at)}</td><td>${learnerLink(r.userId, names.get(r.userId) ?? r.userId)}</td><td><b>${r.question}</b><details><summary class="small">${say.answer}</summary><div class="small">${r.answer}</div></details>${r.vote === 'down' && deps.approvedAnswers ? approveForm(view, r, here) : ''}</td><td class="hide-phone">${r.track ? (words.tracks[r.track] ?? r.track) : '-'}</td><td>${r.abstained ? tag(say.uncovered, 'warn') : tag(say.covered, 'ok')}${r.vote === 'down' ? html` ${tag('👎', 'bad')}` : r.vote === 'up' ? html` ${tag('👍', 'ok')}` : ''}${r.note ? html`<div class="small">${say.note}: ${r.note}</div>` : ''}</td></tr>`,
  );
  const checkbox = (name: string, checked: boolean, label: string) =>
    html`<label style="flex-direction:row;gap:.3rem;align-items:center"><input type="checkbox" name="${name}" value="1" ${checked ? html`checked` : ''}>${label}</label>`;
  return html`<form class="filters" method="get" action="/dashboard/log">
<label>${say.cohort}${cohortSelect(view, query.cohort, words.overview.allCohorts)}</label>
<label>${say.user}<input name="user" value="${query.user ?? ''}" placeholder="tg:12345" size="12"></label>
<label>${say.from}<input type="date" name="from" value="${query.from ?? ''}"></label>
<label>${say.to}<input type="date" name="to" value="${query.to ?? ''}"></label>
<label>${say.track}<select name="track"><option value="">${say.anyTrack}</option>${tracks.map((t) => html`<option value="${t}" ${t === query.track ? html`selected` : ''}>${words.tracks[t] ?? t}</option>`)}</select></label>
<label>${say.search}<input type="search" name="q" value="${query.q ?? ''}" maxlength="200"></label>
${checkbox('notCovered', query.notCovered, say.notCovered)}${checkbox('down', query.down, say.down)}
<button class="primary" type="submit">${say.filter}</button></form>
<p><span id="count">${say.results(rows.length)}</span> · <a href="/dashboard/log.csv${params.size ? `?${params}` : ''}" download>${say.csv}</a> · <a href="/dashboard/log.jsonl${params.size ? `?${params}` : ''}" download>${say.jsonl}</a></p>
${
  rows.length === 0
    ? html`<p class="muted">${say.none}</p>`
    : html`<div class="scroll"><table><thead><tr><th>${say.time}</th><th>${say.user}</th><th>${say.question}</th><th class="hide-phone">${say.track}</th><th>${say.status}</th></tr></thead><tbody>${body}</tbody></table></div>`
}
${pages > 1 ? html`<nav class="pager">${page > 1 ? html`<a href="${pageLink(page - 1)}">${say.previous}</a>` : ''}<span>${page}/${pages}</span>${page < pages ? html`<a href="${pageLink(page + 1)}">${say.next}</a>` : ''}</nav>` : ''}`;
}
