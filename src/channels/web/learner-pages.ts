/** @module The learners table (cohort and stage filters, progress bars) and one learner's page. */
import { chinaDay } from '../../trainer/reports.ts';
import { type Html, html } from './html.ts';
import { chinaTime, cohortSelect, learnerLink, progressBar, tag, type View } from './view.ts';

/** The learners table. */
export async function learnersPage(view: View, filter: { cohort?: string; stage?: string }): Promise<Html> {
  const { deps, words, scope } = view;
  const say = words.learners;
  const cohortName = new Map(scope.cohorts.map((c) => [c.code, c.name]));
  const ids = (await deps.directory.learnerIds(scope)).filter(
    (id) => !filter.cohort || (scope.cohortsOf.get(id) ?? []).includes(filter.cohort),
  );
  const rows = (await Promise.all(ids.map((id) => deps.directory.row(id)))).filter(
    (row) => !filter.stage || row.stage === filter.stage,
  );
  const stageOptions = ['new', 'posting', 'selling', 'live', '-'];
  const body = rows.map(
    (row) =>
      html`<tr><td>${learnerLink(row.userId, row.name)}</td><td>${(scope.cohortsOf.get(row.userId) ?? []).map((code) => cohortName.get(code) ?? code).join('、') || '-'}</td><td>${words.stages[row.stage] ?? row.stage}</td><td>${progressBar(row.lessonsDone, row.lessonsTotal)}</td><td class="hide-phone">${row.lastSeen ? chinaDay(row.lastSeen) : '-'}</td></tr>`,
  );
  return html`<form class="filters" method="get" action="/dashboard/learners">
<label>${say.cohort}${cohortSelect(view, filter.cohort, words.overview.allCohorts)}</label>
<label>${say.stage}<select name="stage"><option value="">${say.allStages}</option>${stageOptions.map(
    (s) =>
      html`<option value="${s}" ${s === filter.stage ? html`selected` : ''}>${words.stages[s] ?? s}</option>`,
  )}</select></label>
<button class="primary" type="submit">${words.log.filter}</button></form>
${
  rows.length === 0
    ? html`<p class="muted">${say.none}</p>`
    : html`<div class="scroll"><table><thead><tr><th>${say.name}</th><th>${say.cohort}</th><th>${say.stage}</th><th>${say.progress}</th><th class="hide-phone">${say.lastSeen}</th></tr></thead><tbody>${body}</tbody></table></div>`
}`;
}

/** One learner: profile, progress per track, learning timeline, recent conversation. */
export async function learnerPage(view: View, userId: string): Promise<{ title: string; body: Html }> {
  const { deps, words, scope, language, now } = view;
  const say = words.learner;
  const [row, profile, overview, events, turns] = await Promise.all([
    deps.directory.row(userId),
    deps.learning.profile(userId),
    deps.learning.overview(userId, language),
    deps.learning.events(userId),
    deps.turns.search(scope, { userId, from: chinaDay(now - 365 * 86_400_000) }, { now, limit: 30 }),
  ]);
  const cohortName = new Map(scope.cohorts.map((c) => [c.code, c.name]));
  const field = (label: string, value: string | undefined) =>
    html`<tr><th>${label}</th><td>${value || '-'}</td></tr>`;
  const lessonTitle = (topic: string) => deps.learning.course.lesson(topic, language)?.meta.title ?? topic;
  const timeline = events
    .slice(-50)
    .reverse()
    .map(
      (e) =>
        html`<li><span class="muted small">${chinaTime(e.at)}</span> ${say.events[e.type] ?? e.type} 《${lessonTitle(e.topic)}》${e.detail && e.type !== 'quiz-answered' ? html` <span class="small">#${e.detail}</span>` : ''}${e.type === 'quiz-answered' ? html` ${tag(e.detail.endsWith('right') ? '✓' : '✗', e.detail.endsWith('right') ? 'ok' : 'bad')}` : ''}</li>`,
    );
  const conversation = turns.map(
    (t) =>
      html`<tr><td class="small muted">${chinaTime(t.at)}</td><td><b>${t.question}</b><details><summary class="small">${words.log.answer}</summary><div class="small">${t.answer}</div></details></td><td>${t.abstained ? tag(words.log.uncovered, 'warn') : tag(words.log.covered, 'ok')}${t.vote === 'down' ? html` ${tag('👎', 'bad')}` : t.vote === 'up' ? html` ${tag('👍', 'ok')}` : ''}${t.note ? html`<div class="small">${words.log.note}: ${t.note}</div>` : ''}</td></tr>`,
  );
  const cohorts = (scope.cohortsOf.get(userId) ?? []).map((c) => cohortName.get(c) ?? c).join('、');
  const body = html`<div class="grid2"><section class="box"><h2>${say.profile}</h2><table>
${field('ID', userId)}
${field(say.fields.role, profile.role)}
${field(say.fields.products, profile.products)}
${field(say.fields.platforms, profile.platforms.join(', '))}
${field(say.fields.stage, profile.stage ? (words.stages[profile.stage] ?? profile.stage) : undefined)}
${field(say.fields.goal, profile.goal)}
${field(say.fields.cohort, cohorts || profile.cohort)}
${field(say.fields.language, profile.language)}
${field(words.learners.lastSeen, row.lastSeen ? chinaTime(row.lastSeen) : undefined)}
</table></section>
<section class="box"><h2>${say.progress}</h2><table>${overview.tracks.map(
    (t) =>
      html`<tr><th>${words.tracks[t.track] ?? t.track}</th><td>${progressBar(t.lessonsDone, t.lessons)}<div class="small muted">${say.tasks} ${t.tasksDone}/${t.tasks} · ${say.quiz} ${t.quizCorrect}/${t.quizAnswered}</div></td></tr>`,
  )}</table></section></div>
<section class="box"><h2>${say.timeline}</h2>${timeline.length ? html`<ul class="timeline">${timeline}</ul>` : html`<p class="muted">${say.noEvents}</p>`}</section>
<h2>${say.conversation}</h2>${
    conversation.length
      ? html`<div class="scroll"><table><tbody>${conversation}</tbody></table></div><p><a href="/dashboard/log?user=${encodeURIComponent(userId)}">${words.nav.log} →</a></p>`
      : html`<p class="muted">${say.noTurns}</p>`
  }`;
  return { title: row.name, body };
}
