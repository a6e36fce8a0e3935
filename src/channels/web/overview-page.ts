/** @module The overview: questions per day and per track, answered vs. not covered, gaps and feedback. */
import { chinaDay, groupGaps, trainerStats } from '../../trainer/reports.ts';
import { barChart } from './charts.ts';
import { type Html, html } from './html.ts';
import { cohortSelect, type View } from './view.ts';

/** The overview's body for the last `days` days, optionally one cohort. */
export async function overviewPage(
  view: View,
  { cohort, days }: { cohort?: string; days: number },
): Promise<Html> {
  const { deps, words, scope, now } = view;
  const say = words.overview;
  const since = now - days * 86_400_000;
  const inView = (userId: string) =>
    scope.includes(userId) && (!cohort || (scope.cohortsOf.get(userId) ?? []).includes(cohort));
  const [turns, feedback, gaps] = await Promise.all([
    deps.turns.search(scope, { cohort, from: chinaDay(since) }, { now }),
    deps.memory.feedbackSince(since),
    deps.memory.gapsSince(since),
  ]);
  const stats = trainerStats(turns, deps.trackOf, now, days);
  // A "what was wrong?" note is a second entry for the same 👎: count votes, not notes.
  const votes = feedback.filter((v) => !v.note && inView(v.userId));
  const down = votes.filter((v) => v.vote === 'down').length;
  const gapGroups = groupGaps(
    gaps.filter((g) => inView(g.userId)),
    deps.words,
  ).length;
  const card = (value: number, label: string) => html`<div class="card"><b>${value}</b>${label}</div>`;
  return html`<form class="filters" method="get" action="/dashboard">
<label>${words.log.cohort}${cohortSelect(view, cohort, say.allCohorts)}</label>
<label>${say.days}<select name="days">${[7, 14, 30, 90].map((d) => html`<option value="${d}" ${d === days ? html`selected` : ''}>${d}</option>`)}</select></label>
<button class="primary" type="submit">${words.log.filter}</button></form>
<h2>${say.heading(days)}</h2>
<div class="cards">${card(stats.activeLearners, say.learners)}${card(stats.questions, say.questions)}${card(stats.answered, say.answered)}${card(stats.notCovered, say.notCovered)}${card(gapGroups, say.gaps)}${card(votes.length - down, say.up)}${card(down, say.down)}</div>
<div class="grid2">
<section class="box"><h2>${say.perDay}</h2>${barChart(
    stats.perDay.map((d) => ({ label: d.day.slice(5), value: d.questions })),
    say.perDay,
  )}</section>
<section class="box"><h2>${say.byTrack}</h2>${barChart(
    deps.learning.course.tracks.map((track) => ({
      label: words.tracks[track] ?? track,
      value: stats.byTrack[track] ?? 0,
    })),
    say.byTrack,
  )}</section>
<section class="box"><h2>${say.answers}</h2>${barChart(
    [
      { label: say.answered, value: stats.answered, color: '#2f9e61' },
      { label: say.notCovered, value: stats.notCovered, color: '#d97706' },
    ],
    say.answers,
  )}</section>
<section class="box"><h2>${say.feedback}</h2>${barChart(
    [
      { label: say.up, value: votes.length - down, color: '#2f9e61' },
      { label: say.down, value: down, color: '#dc2626' },
    ],
    say.feedback,
  )}</section>
</div>`;
}
