/**
 * @module The gaps page: questions the knowledge base could not answer, grouped, with their status and
 * forms to approve an answer, mark a group handled (naming a lesson) or reopen it.
 */
import { groupGaps } from '../../trainer/reports.ts';
import { type Html, html } from './html.ts';
import { csrfField, tag, type View } from './view.ts';

/** The gaps page's body (last 30 days, in the trainer's scope). */
export async function gapsPage(view: View, notice: string | undefined): Promise<Html> {
  const { deps, words, scope, now } = view;
  const say = words.gaps;
  const gaps = (await deps.memory.gapsSince(now - 30 * 86_400_000)).filter((g) => scope.includes(g.userId));
  const groups = groupGaps(gaps, deps.words);
  const statuses = deps.gapStatuses;
  const keys = statuses ? groups.map((g) => statuses.key(g.example)) : [];
  const states = statuses ? await statuses.get(keys) : new Map();
  const languageOf = new Map(gaps.map((g) => [g.question, g.language === 'en' ? 'en' : 'zh']));
  const items = groups.map((group, i) => {
    const key = keys[i];
    const state = key ? states.get(key) : undefined;
    const status = state?.status ?? 'open';
    const kind = status === 'open' ? 'warn' : 'ok';
    const forms =
      statuses && deps.approvedAnswers && key
        ? html`<details><summary>${say.approve}</summary><form method="post" action="/dashboard/answers">${csrfField(view)}<input type="hidden" name="kind" value="gap"><input type="hidden" name="ref" value="${key}"><input type="hidden" name="question" value="${group.example}"><input type="hidden" name="language" value="${languageOf.get(group.example) ?? 'zh'}"><input type="hidden" name="back" value="/dashboard/gaps"><label>${say.answer}<textarea name="answer" required maxlength="3500"></textarea></label><label>${say.lesson} <input name="lesson" value="${group.nearest[0] ?? ''}" size="24"></label> <button class="primary" type="submit">${say.approve}</button></form></details>
<form method="post" action="/dashboard/gaps/handled" class="filters">${csrfField(view)}<input type="hidden" name="key" value="${key}"><label>${say.lesson}<input name="lesson" value="${state?.lesson ?? ''}" size="24"></label><button type="submit">${say.handled}</button></form>${
            status !== 'open'
              ? html`<form method="post" action="/dashboard/gaps/reopen">${csrfField(view)}<input type="hidden" name="key" value="${key}"><button type="submit">${say.reopen}</button></form>`
              : ''
          }`
        : '';
    return html`<section class="box gap" style="margin-bottom:.75rem"><div><b>${group.example}</b> ${tag(say.times(group.count))} ${tag(say.status[status] ?? status, kind)}${state?.lesson ? html` <span class="small muted">${state.lesson}</span>` : ''}</div>
${group.nearest.length ? html`<div class="small muted">${say.nearest}: ${group.nearest.join(', ')}</div>` : ''}
${group.count > 1 ? html`<details><summary class="small">${group.count}</summary><ul class="small">${group.questions.map((q) => html`<li>${q}</li>`)}</ul></details>` : ''}
${forms}</section>`;
  });
  return html`${notice ? html`<p class="card">${notice}</p>` : ''}${
    statuses && deps.approvedAnswers ? '' : html`<p class="muted small">${say.unavailable}</p>`
  }${items.length ? items : html`<p class="muted">${say.none}</p>`}`;
}
