/** @module What every dashboard page is rendered from, and small pieces pages share. */
import type { ComplianceChecker } from '../../compliance/checker.ts';
import type { Language } from '../../core/turn.ts';
import type { Learning } from '../../learning/learning.ts';
import type { Logger } from '../../logging/logger.ts';
import type { ConversationMemory } from '../../memory/conversation-memory.ts';
import type { ApprovedAnswers } from '../../trainer/approved-answers.ts';
import type { Cohorts } from '../../trainer/cohorts.ts';
import type { GapStatuses } from '../../trainer/gap-status.ts';
import type { LearnerDirectory, TrainerScope } from '../../trainer/learners.ts';
import type { SignIn } from '../../trainer/sign-in.ts';
import type { TurnQuery } from '../../trainer/turn-query.ts';
import { type Html, html } from './html.ts';
import type { DashboardWords } from './words.ts';

/** What the dashboard reads and writes. */
export interface DashboardDeps {
  signIn: SignIn;
  directory: LearnerDirectory;
  turns: TurnQuery;
  cohorts: Pick<Cohorts, 'members'>;
  memory: Pick<ConversationMemory, 'feedbackSince' | 'gapsSince' | 'user'>;
  learning: Pick<Learning, 'profile' | 'events' | 'overview' | 'course'>;
  /** The track of a cited lesson id. */
  trackOf: (lessonId: string) => string | undefined;
  /** Words of a question, for grouping similar gaps. */
  words: (text: string) => string[];
  /** The server's public address; `https://` makes the session cookie Secure. */
  publicUrl: string;
  logger: Logger;
  /** The knowledge loop; without it the gaps page shows groups without forms. */
  approvedAnswers?: Pick<ApprovedAnswers, 'approve'>;
  gapStatuses?: Pick<GapStatuses, 'key' | 'get' | 'markHandled' | 'markAnswered' | 'reopen'>;
  /**
   * The compliance checker, run on an answer being approved: when it flags words, the trainer confirms the
   * text as written or edits it before anything is stored. Without it answers are stored as sent.
   */
  checker?: Pick<ComplianceChecker, 'check'>;
  now?: () => number;
}

/** One request's view: who asks, in which language, and what they may see. */
export interface View {
  deps: DashboardDeps;
  words: DashboardWords;
  language: Language;
  url: URL;
  scope: TrainerScope;
  csrf: string;
  now: number;
}

/** A China-time `YYYY-MM-DD HH:MM`. */
export function chinaTime(at: number): string {
  return new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A small coloured label. */
export function tag(text: string, kind: 'ok' | 'warn' | 'bad' | '' = ''): Html {
  return html`<span class="tag ${kind}">${text}</span>`;
}

/** A progress bar with its numbers. */
export function progressBar(done: number, total: number): Html {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  return html`<span class="bar" role="progressbar" aria-valuenow="${done}" aria-valuemin="0" aria-valuemax="${total}"><i style="width:${percent}%"></i></span> <span class="small">${done}/${total}</span>`;
}

/** A `<select>` of the scope's cohorts, with "all" first. */
export function cohortSelect(view: View, selected: string | undefined, allLabel: string): Html {
  return html`<select name="cohort"><option value="">${allLabel}</option>${view.scope.cohorts.map(
    (c) =>
      html`<option value="${c.code}" ${c.code === selected ? html`selected` : ''}>${c.name} (${c.code})</option>`,
  )}</select>`;
}

/** A hidden field carrying the session's CSRF token. */
export function csrfField(view: View): Html {
  return html`<input type="hidden" name="csrf" value="${view.csrf}">`;
}

/** The display name of a learner (their id if unknown). */
export async function namesOf(view: View, userIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  const users = await Promise.all(ids.map((id) => view.deps.memory.user(id)));
  return new Map(ids.map((id, i) => [id, users[i]?.displayName ?? id]));
}

/** A learner's page link. */
export function learnerLink(userId: string, name: string): Html {
  return html`<a href="/dashboard/learner?id=${encodeURIComponent(userId)}">${name}</a>`;
}
